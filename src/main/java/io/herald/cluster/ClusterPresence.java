package io.herald.cluster;

import io.herald.hub.Hub;
import io.herald.hub.SharedPresence;
import io.herald.store.JdbcClusterStore.PresenceChange;
import io.herald.store.JdbcClusterStore;
import io.herald.store.StoreException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Presence across nodes. Each node writes its own joins and leaves to {@code herald_presence}
 * (in order, off the hub's lock) and NOTIFYs the channel; every node then re-reads that channel's
 * users on the live nodes and sends {@code join}/{@code leave} for the difference to its own
 * streams. A user with tabs on two nodes therefore joins once and leaves when the last one closes,
 * and a dead node's users leave when the node is declared dead.
 */
final class ClusterPresence implements SharedPresence {

    private static final System.Logger LOG = System.getLogger(ClusterPresence.class.getName());

    private final JdbcClusterStore store;
    private final Hub hub;
    private final Executor worker;
    private final double nodeTimeoutSeconds;
    private final Deque<PresenceChange> unwritten = new ArrayDeque<>();
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    ClusterPresence(JdbcClusterStore store, Hub hub, Executor worker, double nodeTimeoutSeconds) {
        this.store = store;
        this.hub = hub;
        this.worker = worker;
        this.nodeTimeoutSeconds = nodeTimeoutSeconds;
    }

    @Override
    public void changed(String channel, String user, boolean present) {
        synchronized (unwritten) {
            unwritten.addLast(new PresenceChange(channel, user, present));
        }
        try {
            worker.execute(this::write);
        } catch (RejectedExecutionException stopping) {
            // The node is leaving the cluster, which removes all of its presence at once.
        }
    }

    @Override
    public List<String> users(String channel) {
        return new ArrayList<>(known.getOrDefault(channel, Set.of()));
    }

    /** Writes what changed on this node; a failed write is kept and retried on the next change or tick. */
    void write() {
        List<PresenceChange> batch = new ArrayList<>();
        synchronized (unwritten) {
            while (!unwritten.isEmpty() && batch.size() < 500) {
                batch.add(unwritten.pollFirst());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.recordPresence(batch);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "presence changes not written yet (" + e.getMessage() + "); retrying");
            synchronized (unwritten) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    unwritten.addFirst(batch.get(i));
                }
            }
        }
    }

    /** Re-reads {@code channels} (every channel when null) and announces who joined and who left. */
    void reload(Set<String> channels) {
        Map<String, Set<String>> now = store.presence(channels, nodeTimeoutSeconds);
        Set<String> affected = new TreeSet<>(now.keySet());
        affected.addAll(channels == null ? known.keySet() : channels);
        for (String channel : affected) {
            Set<String> before = known.getOrDefault(channel, Set.of());
            Set<String> after = now.getOrDefault(channel, Set.of());
            for (String user : after) {
                if (!before.contains(user)) {
                    hub.announcePresence(channel, user, true);
                }
            }
            for (String user : before) {
                if (!after.contains(user)) {
                    hub.announcePresence(channel, user, false);
                }
            }
            if (after.isEmpty()) {
                known.remove(channel);
            } else {
                known.put(channel, Collections.unmodifiableSortedSet(new TreeSet<>(after)));
            }
        }
    }
}
