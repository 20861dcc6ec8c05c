package io.herald.cluster;

import io.herald.hub.Hub;
import io.herald.store.JdbcClusterStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * This node's membership of the cluster: it says it is alive (every second, in {@code herald_node}),
 * declares silent nodes dead, shares presence, and answers other nodes' admin commands. The relay
 * drives it from its LISTEN loop; the database work runs on one thread of its own.
 */
public final class Cluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Cluster.class.getName());
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PURGE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final JdbcClusterStore store;
    private final Hub hub;
    private final ExecutorService worker;
    private final double nodeTimeoutSeconds;
    private final ClusterPresence presence;
    private final ClusterNodes nodes;
    private long lastBeat;
    private long lastPurge;

    public Cluster(DataSource dataSource, Hub hub, String nodeId, Duration nodeTimeout) {
        this.store = new JdbcClusterStore(dataSource, nodeId);
        this.hub = hub;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "herald-cluster");
            t.setDaemon(true);
            return t;
        });
        this.nodeTimeoutSeconds = nodeTimeout.toMillis() / 1000.0;
        this.presence = new ClusterPresence(store, hub, worker, nodeTimeoutSeconds);
        this.nodes = new ClusterNodes(store, new LocalNodes(hub, nodeId), nodeTimeoutSeconds, Duration.ofSeconds(2));
    }

    /** Registers this node (forgetting what an earlier run under the same id left) and shares the hub's presence. */
    public void start() {
        store.leave();
        beat();
        lastBeat = System.nanoTime();
        lastPurge = lastBeat;
        hub.presence().share(presence);
    }

    /** The connections of every node, for the admin console. */
    public Nodes nodes() {
        return nodes;
    }

    /** The relay (re)connected: whatever was announced meanwhile may have been missed. */
    void listening() {
        run("catching up with the cluster", () -> {
            presence.reload(null);
            nodes.answerPending();
        });
    }

    void presenceNotice(String channel) {
        run("reading presence of " + channel, () -> presence.reload(Set.of(channel)));
    }

    void commandNotice(String node) {
        if (node.equals(nodes.self())) {
            run("answering commands", nodes::answerPending);
        }
    }

    /** Called by the relay at least once a second. */
    void tick() {
        long now = System.nanoTime();
        if (now - lastBeat < HEARTBEAT_NANOS) {
            return;
        }
        lastBeat = now;
        boolean purge = now - lastPurge > PURGE_NANOS;
        if (purge) {
            lastPurge = now;
        }
        run("heartbeat", () -> {
            beat();
            presence.write();
            Set<String> changed = store.forgetDeadNodes(nodeTimeoutSeconds);
            if (!changed.isEmpty()) {
                LOG.log(Level.INFO, "a node stopped answering; its users left " + changed);
            }
            if (purge) {
                store.purgeCommands(60);
            }
        });
    }

    private void beat() {
        if (store.heartbeat()) {
            hub.presence().reshare();
            presence.write();
        }
    }

    private void run(String what, Runnable work) {
        worker.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cluster: " + what + " failed: " + e.getMessage());
            }
        });
    }

    /** Leaves the cluster: this node's presence goes at once, not after the node timeout. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
            store.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: leaving failed (" + e.getMessage() + "); the others will time this node out");
        }
    }
}
