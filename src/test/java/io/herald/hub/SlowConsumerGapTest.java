package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.Appended;
import io.herald.store.ForwardingMessageLog;
import io.herald.store.InMemoryMessageLog;
import io.herald.store.MessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that overflows in the middle of a fan-out batch must not receive any later message
 * of that batch: the client would resume after the later id and lose the one that overflowed.
 *
 * <p>The writer that drains a subscriber runs without the fan-out lock, so it can take frames
 * between two offers of one batch. This test makes that interleaving deterministic: the list the
 * store returns drains the client (on the fan-out thread, between two offers) once one message has
 * already overflowed the full queue, as a concurrent writer thread could.
 */
class SlowConsumerGapTest {

    private static final int CAPACITY = 8;

    private final HubFixture hubs = new HubFixture();

    @AfterEach
    void stop() {
        hubs.close();
    }

    @Test
    void subscriberClosedAsSlowNeverReceivesAMessageAfterTheOneItMissed() throws Exception {
        DrainingMidBatchLog log = new DrainingMidBatchLog(new InMemoryMessageLog());
        Hub hub = hubs.created(log, HubFixture.settings(CAPACITY, 64, 10));
        Subscriber s = hub.open(Set.of("busy"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.stalled(s);
        log.client = client;
        log.subscriber = s;
        hub.subscribe(s, client, OptionalLong.empty());
        // Queued before the sequencer starts, so all ten are appended and fanned out as one batch.
        List<CompletableFuture<StoredMessage>> futures = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            futures.add(hub.publish(new NewMessage("busy", null, "m" + n)));
        }
        hub.start();
        List<Long> stored = new ArrayList<>();
        for (CompletableFuture<StoredMessage> f : futures) {
            stored.add(f.get(10, TimeUnit.SECONDS).id());
        }
        Wait.until(Duration.ofSeconds(10), () -> "closed as slow", s::isClosed);
        client.drain();

        assertEquals(1, hub.gauges().traffic().appendTransactions(), "precondition: one batch");
        assertEquals(10, hub.gauges().traffic().largestTransaction(), "precondition: one batch");
        List<Long> received = client.ids();
        assertEquals(stored.subList(0, received.size()), received,
                () -> "a client resuming after " + received.get(received.size() - 1) + " loses every message it skipped");
        assertTrue(client.text().endsWith("event: close\ndata: {\"reason\":\"slow-consumer\"}\n\n"), client::text);
        // The close is counted by the fan-out thread just after it marks the subscriber closed.
        Wait.until(Duration.ofSeconds(10), () -> "the slow-consumer close counted", () -> hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER) >= 1);
        assertEquals(1, hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER));
    }

    /** Returns the outcomes of a batch as a list that lets the client drain between two offers of one fan-out. */
    private static final class DrainingMidBatchLog extends ForwardingMessageLog {

        volatile RecordingOutlet client;
        volatile Subscriber subscriber;

        DrainingMidBatchLog(MessageLog delegate) {
            super(delegate);
        }

        @Override
        public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
            List<List<Appended>> stored = super.appendAll(publications);
            return new AbstractList<>() {
                private boolean fullBefore;
                private boolean draining;

                @Override
                public List<Appended> get(int index) {
                    boolean full = subscriber.queueDepth() >= CAPACITY;
                    if (draining || (full && fullBefore)) {
                        // The previous message found the queue full too: it overflowed. A writer drains now.
                        draining = true;
                        client.drain();
                    }
                    fullBefore = full;
                    return stored.get(index);
                }

                @Override
                public int size() {
                    return stored.size();
                }
            };
        }
    }
}
