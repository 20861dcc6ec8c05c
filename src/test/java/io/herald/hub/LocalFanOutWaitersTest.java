package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long-poll waits for the next message fanned out: one handed to fan-out again (a cluster node
 * reads back what it may have sent) does not end the wait early with nothing new to answer.
 */
class LocalFanOutWaitersTest {

    private final Registry registry = new Registry();
    private final Traffic traffic = new Traffic();
    private final Writers writers = new Writers(1);
    private final Waiters waiters = new Waiters();
    private final LocalFanOut fanOut = new LocalFanOut(registry,
            new Subscriptions(registry, new Presence(), new Admissions(), traffic, new Announcer(registry, writers),
                    new ShutdownNotice(1000, 0)),
            traffic, writers, waiters, new HubObserver() { }, Audiences.EVERYONE);

    @AfterEach
    void stop() {
        writers.stop(1000);
    }

    private static StoredMessage message(long id, String channel) {
        return new StoredMessage(id, channel, null, "m" + id, Instant.now(), null);
    }

    @Test
    void aMessageFannedOutAgainDoesNotWakeALongPoll() {
        fanOut.fanOut(List.of(message(1, "orders"), message(2, "news")), new long[2]);
        CompletableFuture<Void> orders = waiters.add(Set.of("orders"), ChannelGate.EVERY, Duration.ofMinutes(1), 10).orElseThrow();
        CompletableFuture<Void> news = waiters.add(Set.of("news"), ChannelGate.EVERY, Duration.ofMinutes(1), 10).orElseThrow();

        fanOut.fanOut(List.of(message(1, "orders"), message(2, "news"), message(3, "news")), new long[3]);

        assertFalse(orders.isDone(), "only message 3 is new, and it is not on orders");
        assertTrue(news.isDone(), "message 3 is new and on news");
        fanOut.fanOut(List.of(message(4, "orders")), new long[1]);
        assertTrue(orders.isDone());
    }
}
