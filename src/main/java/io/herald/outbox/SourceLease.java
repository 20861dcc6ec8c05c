package io.herald.outbox;

import io.herald.store.JdbcOutboxLeases;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * This node's lease on one outbox source: renewed when a third of it has passed, given up at a
 * clean stop; says who drains the source when this node does not. Used by its drainer's thread.
 */
final class SourceLease {

    private static final System.Logger LOG = System.getLogger(SourceLease.class.getName());

    private final String source;
    private final JdbcOutboxLeases leases;
    private final String node;
    private final Duration time;
    private volatile boolean held;
    private volatile String drainer;
    private long renewedNanos;

    SourceLease(String source, JdbcOutboxLeases leases, String node, Duration time) {
        this.source = source;
        this.leases = leases;
        this.node = node;
        this.time = time;
    }

    /** Takes or renews the lease when due; false when another node holds it. */
    boolean hold() {
        long now = System.nanoTime();
        if (held && now - renewedNanos < time.toNanos() / 3) {
            return true;
        }
        boolean holds = leases.hold(source, node, time);
        if (holds != held) {
            LOG.log(Level.INFO, "outbox " + source + ": " + (holds ? "this node drains it now" : "another node drains it"));
        }
        held = holds;
        renewedNanos = now;
        drainer = holds ? node : leases.holder(source).orElse(null);
        return holds;
    }

    boolean held() {
        return held;
    }

    /** The node that drains the source, as last seen (null: nobody). */
    String drainer() {
        return drainer;
    }

    /** How long to wait before asking again when another node holds it. */
    long retryMillis() {
        return Math.min(time.toMillis() / 3, 1000);
    }

    /** Gives the lease up at once (a clean stop), so another node need not wait for it to expire. */
    void release() {
        if (!held) {
            return;
        }
        try {
            leases.release(source, node);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "outbox " + source + ": could not give the lease up; it expires", e);
        }
        held = false;
    }
}
