package io.herald.hub;

import io.herald.store.MessageLog;
import io.herald.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Hubs a test started, shut down together when the test ends; and what every hub test needs. */
final class HubFixture implements AutoCloseable {

    static final long RETRY_MILLIS = 1000;
    static final String RETRY_FRAME = "retry: 1000\n";

    private final List<Hub> hubs = new ArrayList<>();

    /** Tuning for tests: no heartbeat within a test's lifetime, two writer threads. */
    static HubSettings settings(int queueCapacity, int batchMax, int replayPageSize) {
        return new HubSettings(RETRY_MILLIS, 60_000, queueCapacity, batchMax, replayPageSize, 2);
    }

    /** A hub that is shut down when this is closed; not yet started. */
    Hub created(MessageLog log, HubSettings settings) {
        return created(new Hub(log, settings, new HubObserver() { }, Hub.Topology.SINGLE_NODE, Audiences.EVERYONE));
    }

    /** {@code hub}, shut down when this is closed. */
    Hub created(Hub hub) {
        hubs.add(hub);
        return hub;
    }

    Hub started(MessageLog log, HubSettings settings) {
        Hub hub = created(log, settings);
        hub.start();
        return hub;
    }

    static ConnectionInfo info() {
        return new ConnectionInfo("127.0.0.1", "test", Viewer.ANONYMOUS, Instant.now());
    }

    static List<Long> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    /** Waits for every publish to be acknowledged and returns the stored messages in the same order. */
    static List<StoredMessage> acknowledged(List<CompletableFuture<StoredMessage>> futures) throws Exception {
        List<StoredMessage> stored = new ArrayList<>(futures.size());
        for (CompletableFuture<StoredMessage> f : futures) {
            stored.add(f.get(10, TimeUnit.SECONDS));
        }
        return stored;
    }

    @Override
    public void close() {
        hubs.forEach(h -> h.shutdown(2000));
    }
}
