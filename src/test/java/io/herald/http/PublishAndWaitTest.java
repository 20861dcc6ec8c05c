package io.herald.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.hub.Audiences;
import io.herald.hub.Hub;
import io.herald.hub.HubObserver;
import io.herald.hub.HubSettings;
import io.herald.store.Appended;
import io.herald.store.ForwardingMessageLog;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcMessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoreException;
import io.herald.store.StoredMessage;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request waits for its publish until the row is committed, and each way the wait ends without
 * a stored message is told apart: the store refused it, no commit came in time, the wait was interrupted.
 */
class PublishAndWaitTest {

    private static final NewMessage MESSAGE = new NewMessage("orders", "created", "{\"order\":17}");

    private final CountDownLatch appendMayFinish = new CountDownLatch(1);
    private volatile RuntimeException refusal;
    private volatile boolean holdAppends;
    private Hub hub;

    @AfterEach
    void stop() {
        appendMayFinish.countDown();
        if (hub != null) {
            hub.shutdown(2000);
        }
    }

    private PublishAndWait publisher(long timeoutMillis) {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("publish-and-wait"));
        hub = new Hub(new ForwardingMessageLog(store) {
            @Override
            public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
                if (refusal != null) {
                    throw refusal;
                }
                if (holdAppends) {
                    awaitRelease();
                }
                return super.appendAll(publications);
            }
        }, new HubSettings(1000, 60_000, 64, 16, 100, 1), new HubObserver() { }, Hub.Topology.SINGLE_NODE, Audiences.EVERYONE);
        hub.start();
        return new PublishAndWait(hub, timeoutMillis);
    }

    private void awaitRelease() {
        try {
            appendMayFinish.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCommittedPublishReturnsTheStoredMessageWithItsId() throws Exception {
        StoredMessage stored = publisher(10_000).publish(MESSAGE);

        assertTrue(stored.id() > 0);
        assertEquals("orders", stored.channel());
        assertEquals("created", stored.event());
        assertEquals("{\"order\":17}", stored.data());
    }

    @Test
    void anAppendTheStoreRefusesIsFailedWithTheStoresReason() {
        PublishAndWait publisher = publisher(10_000);
        refusal = new StoreException("append to channel orders", new SQLException("the database is read-only"));

        NotStored e = assertThrows(NotStored.class, () -> publisher.publish(MESSAGE));

        assertEquals(NotStored.Why.FAILED, e.why());
        assertEquals("append to channel orders failed: the database is read-only", e.causeMessage());
        assertTrue(e.getCause() instanceof StoreException, String.valueOf(e.getCause()));
    }

    @Test
    void noCommitWithinTheTimeoutIsTimedOutAndNamesTheTimeout() {
        PublishAndWait publisher = publisher(50);
        holdAppends = true;

        NotStored e = assertThrows(NotStored.class, () -> publisher.publish(MESSAGE));

        assertEquals(NotStored.Why.TIMED_OUT, e.why());
        assertEquals(50, e.timeoutMillis());
    }

    @Test
    void anInterruptedWaitIsInterruptedAndKeepsTheThreadsInterrupt() {
        PublishAndWait publisher = publisher(10_000);
        holdAppends = true;

        Thread.currentThread().interrupt();
        NotStored e;
        try {
            e = assertThrows(NotStored.class, () -> publisher.publish(MESSAGE));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is restored for the container");
        }

        assertEquals(NotStored.Why.INTERRUPTED, e.why());
    }
}
