package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcMessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams are bounded in bytes, not only in frames: a live stream past its bytes is closed as
 * slow; a catch-up waits (neither closed nor reading on) while its stream's queue is over its
 * bytes and resumes when it drains; stalled catch-ups never hold more than the total budget and
 * never keep a new stream's catch-up from completing.
 */
class QueueBytesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long QUEUE_BYTES = 64 * 1024;
    private static final String KB10 = "k".repeat(10_000);

    private final HubFixture hubs = new HubFixture();

    @AfterEach
    void stop() {
        hubs.close();
    }

    private static HubSettings settings(long catchUpBytes) {
        return settings(QUEUE_BYTES, catchUpBytes);
    }

    private static HubSettings settings(long queueBytes, long catchUpBytes) {
        return new HubSettings(HubFixture.RETRY_MILLIS, 60_000, 1000, 64, 100, 2, queueBytes, catchUpBytes, 0);
    }

    private static List<Long> backlog(JdbcMessageLog store, int count) {
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new NewMessage("big", null, i + KB10));
        }
        return HubFixture.ids(store.append(messages));
    }

    @Test
    void aLiveStreamWhoseQueuePassesItsBytesIsClosedAsSlow() throws Exception {
        Hub hub = hubs.started(new JdbcMessageLog(InMemoryDatabase.fresh("live-bytes")), settings(1 << 20));
        Subscriber s = hub.open(Set.of("big"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.stalled(s);
        hub.subscribe(s, client, OptionalLong.empty());
        List<Long> published = new ArrayList<>();
        long deepest = 0;
        for (int i = 0; i < 10; i++) {
            published.add(hub.publish(new NewMessage("big", null, i + KB10)).get(10, TimeUnit.SECONDS).id());
            deepest = Math.max(deepest, s.queuedBytes());
        }
        Wait.until(WAIT, "the stream closed as slow", s::isClosed);
        assertEquals(1, hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER));
        assertTrue(deepest <= QUEUE_BYTES, "the queue never held more than its bytes: " + deepest);
        client.drain();
        List<Long> got = client.ids();
        assertTrue(got.size() < 10, "not everything: " + got);
        assertEquals(published.subList(0, got.size()), got, "a prefix: the client resumes after it and misses nothing");
        assertTrue(client.text().endsWith("event: close\ndata: {\"reason\":\"slow-consumer\"}\n\n"), client.text());
    }

    @Test
    void aCatchUpWaitsWhileItsQueueIsOverItsBytesAndResumesWhenItDrains() {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("catch-up-bytes"));
        List<Long> expected = backlog(store, 50);
        Hub hub = hubs.started(store, settings(1 << 20));
        Subscriber s = hub.open(Set.of("big"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.stalled(s);
        hub.subscribe(s, client, OptionalLong.of(0));

        int drains = 0;
        while (s.isReplaying() && drains < 1000) {
            Wait.until(WAIT, () -> "the catch-up to fill the queue, has " + s.queuedBytes(),
                    () -> s.queuedBytes() > QUEUE_BYTES / 2 || !s.isReplaying());
            assertTrue(s.queuedBytes() <= QUEUE_BYTES, "queued " + s.queuedBytes());
            assertTrue(hub.gauges().catchUpBytes() <= QUEUE_BYTES, "the budget holds what is queued: " + hub.gauges().catchUpBytes());
            client.drain();
            drains++;
        }
        Wait.until(WAIT, () -> "every replayed message, has " + client.ids().size(), () -> {
            client.drain();
            return client.ids().size() == expected.size();
        });
        assertEquals(expected, client.ids());
        assertTrue(drains >= 50 * 10_000 / QUEUE_BYTES, "the catch-up waited for the client many times: " + drains);
        assertFalse(s.isClosed());
        Wait.until(WAIT, "the budget given back", () -> hub.gauges().catchUpBytes() == 0);
    }

    /**
     * With 64 KiB queues the stalled catch-ups fill their queues and wait on them; with 1 MiB
     * queues the budget runs out first, while each holds a few frames and wants more.
     */
    @ParameterizedTest
    @ValueSource(longs = {64 * 1024, 1024 * 1024})
    void stalledCatchUpsHoldAtMostTheBudgetAndANewCatchUpStillCompletes(long queueBytes) throws Exception {
        long budget = 256 * 1024;
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("catch-up-budget-" + queueBytes));
        List<Long> expected = backlog(store, 50);
        Hub hub = hubs.started(store, settings(queueBytes, budget));
        List<Subscriber> stalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Subscriber s = hub.open(Set.of("big"), HubFixture.info());
            hub.subscribe(s, RecordingOutlet.stalled(s), OptionalLong.of(0));
            stalled.add(s);
        }
        Wait.until(WAIT, () -> "the stalled catch-ups to take the whole budget, have " + hub.gauges().catchUpBytes(),
                () -> hub.gauges().catchUpBytes() > budget - 2 * 10_100);
        assertTrue(hub.gauges().catchUpBytes() <= budget, "held " + hub.gauges().catchUpBytes());

        Subscriber fresh = hub.open(Set.of("big"), HubFixture.info());
        RecordingOutlet reader = RecordingOutlet.draining(fresh);
        hub.subscribe(fresh, reader, OptionalLong.of(0));
        Wait.until(WAIT, () -> "the new stream's catch-up, has " + reader.ids().size() + ", budget " + hub.gauges().catchUpBytes()
                + "; queued/catch-up bytes: new " + fresh.queuedBytes() + "/" + fresh.replay().queuedBytes() + " stalled " + stalled.stream().map(x -> x.queuedBytes() + "/" + x.replay().queuedBytes()).toList(), () -> {
            reader.drain();
            assertTrue(hub.gauges().catchUpBytes() <= budget + 10_100, "held " + hub.gauges().catchUpBytes());
            return !fresh.isReplaying();
        });
        StoredMessage live = hub.publish(new NewMessage("big", null, "live")).get(10, TimeUnit.SECONDS);
        List<Long> all = new ArrayList<>(expected);
        all.add(live.id());
        Wait.until(WAIT, "the live message", () -> {
            reader.drain();
            return reader.ids().size() == all.size();
        });
        assertEquals(all, reader.ids());
        for (Subscriber s : stalled) {
            assertFalse(s.isClosed(), "a stalled catch-up waits, it is not closed");
            assertTrue(s.queuedBytes() <= queueBytes);
        }
    }
}
