package io.herald.hub;

import io.herald.store.MessageLog;
import io.herald.store.StoredMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Cluster mode's fan-out: other nodes append to the same store, so a node fans out only what it
 * reads from the store after the last id it fanned out, in id order, its own appends included.
 * Appends are serialised across nodes (commit order = id order), so "after the last id" never
 * skips a row that commits later. One reader at a time: the sequencer after a local append, the
 * relay after another node's.
 */
final class StoreFanOut {

    private final MessageLog log;
    private final int pageSize;
    private final LongSupplier lastFanned;
    private final BiConsumer<List<StoredMessage>, long[]> fanOut;
    /** When this node's own publishes were submitted, for the publish-to-write latency. */
    private final Map<Long, Long> localSubmitted = new ConcurrentHashMap<>();

    StoreFanOut(MessageLog log, int pageSize, LongSupplier lastFanned, BiConsumer<List<StoredMessage>, long[]> fanOut) {
        this.log = log;
        this.pageSize = pageSize;
        this.lastFanned = lastFanned;
        this.fanOut = fanOut;
    }

    /** This node appended {@code stored}: fan out through the store, like everyone else's. */
    void appended(List<StoredMessage> stored, long[] submitted) {
        for (int i = 0; i < stored.size(); i++) {
            localSubmitted.put(stored.get(i).id(), submitted[i]);
        }
        run();
    }

    synchronized void run() {
        while (true) {
            List<StoredMessage> page = log.readAfter(Set.of(), lastFanned.getAsLong(), Long.MAX_VALUE, pageSize);
            if (page.isEmpty()) {
                break;
            }
            long[] stamps = new long[page.size()];
            for (int i = 0; i < stamps.length; i++) {
                Long stamp = localSubmitted.remove(page.get(i).id());
                stamps[i] = stamp == null ? 0L : stamp;
            }
            fanOut.accept(page, stamps);
            if (page.size() < pageSize) {
                break;
            }
        }
        long done = lastFanned.getAsLong();
        localSubmitted.keySet().removeIf(id -> id <= done);
    }
}
