package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.Appended;
import io.herald.store.ForwardingMessageLog;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcMessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import io.herald.testing.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a log that forces its appends to disk separately (the H2 journal with fsync), no publish is
 * acknowledged or fanned out before the force that covers it has returned, while the next
 * transaction commits meanwhile; a failed force acknowledges nothing it covered and the hub goes on.
 */
class AcknowledgerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HubFixture hubs = new HubFixture();
    private final AtomicInteger appends = new AtomicInteger();
    private final AtomicInteger forces = new AtomicInteger();
    private final Semaphore forceMayReturn = new Semaphore(0);
    private final AtomicBoolean forceFails = new AtomicBoolean();
    private final Hub hub = hubs.started(new ForwardingMessageLog(new JdbcMessageLog(InMemoryDatabase.fresh("acknowledger"))) {
        @Override
        public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
            try {
                return super.appendAll(publications);
            } finally {
                appends.incrementAndGet();
            }
        }

        @Override
        public boolean defersForce() {
            return true;
        }

        @Override
        public void forceAppended() {
            forces.incrementAndGet();
            try {
                assertTrue(forceMayReturn.tryAcquire(30, TimeUnit.SECONDS), "the test let the force return");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (forceFails.get()) {
                throw new UncheckedIOException(new IOException("disk gone"));
            }
        }
    }, HubFixture.settings(64, 16, 16));

    @AfterEach
    void stop() {
        forceMayReturn.release(1000);
        hubs.close();
    }

    @Test
    void nothingIsAcknowledgedBeforeItsForceAndTheNextCommitDoesNotWaitForIt() throws Exception {
        CompletableFuture<StoredMessage> first = hub.publish(new NewMessage("c", null, "first"));
        Wait.until(WAIT, "the first commit and its force to start", () -> appends.get() == 1 && forces.get() == 1);
        CompletableFuture<StoredMessage> second = hub.publish(new NewMessage("c", null, "second"));
        Wait.until(WAIT, "the second commit while the first force is still on disk", () -> appends.get() == 2);
        assertFalse(first.isDone(), "acknowledged before its force returned");
        assertFalse(second.isDone());
        assertEquals(0, hub.gauges().lastFannedOutId(), "fanned out before its force returned");

        forceMayReturn.release();
        assertEquals("first", first.get(10, TimeUnit.SECONDS).data());
        Wait.until(WAIT, "a force for the second commit", () -> forces.get() == 2);
        assertFalse(second.isDone(), "the first force returned before the second commit: it does not cover it");
        forceMayReturn.release();
        assertEquals(first.get().id() + 1, second.get(10, TimeUnit.SECONDS).id());
        Wait.until(WAIT, "both fanned out in order", () -> hub.gauges().lastFannedOutId() == second.join().id());
    }

    @Test
    void aFailedForceAcknowledgesNothingItCoveredAndTheHubGoesOn() throws Exception {
        forceFails.set(true);
        CompletableFuture<StoredMessage> lost = hub.publish(new NewMessage("c", null, "not on disk"));
        forceMayReturn.release();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> lost.get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("disk gone"), refused.toString());
        assertEquals(0, hub.gauges().lastFannedOutId(), "nothing unforced reaches a stream");

        forceFails.set(false);
        forceMayReturn.release();
        StoredMessage next = hub.publish(new NewMessage("c", null, "on disk")).get(10, TimeUnit.SECONDS);
        Wait.until(WAIT, "the next one fanned out", () -> hub.gauges().lastFannedOutId() == next.id());
    }
}
