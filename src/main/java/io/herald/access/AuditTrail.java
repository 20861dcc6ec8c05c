package io.herald.access;

import io.herald.store.Actor;
import io.herald.store.AuditEntry;
import io.herald.store.AuditQuery;
import io.herald.store.AuditStore;
import io.herald.store.StoreException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who did what in the console and the admin API. Bans, rules and keys write their entry in the
 * same transaction as the change (their stores do); acts without a transaction of their own (a
 * kick, a sign-in) and acts whose transaction is the publishing one (a broadcast, once its id is
 * known) are recorded here. Entries older than {@code retention} are pruned with retention's pass;
 * nothing else edits or deletes one.
 */
public final class AuditTrail {

    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final AuditStore store;
    private final Duration retention;

    public AuditTrail(AuditStore store, Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    /**
     * Records an act that has happened. A failure is logged, not thrown: the act cannot be undone,
     * and the log line is then its trace.
     */
    public void record(Actor by, String action, String target, String before, String after) {
        try {
            store.record(AuditEntry.of(by, action, target, before, after));
        } catch (StoreException e) {
            LOG.log(Level.ERROR, "audit entry not written (the database failed): " + by.name() + " from " + by.address()
                    + " " + action + " " + target + ": " + e.getMessage());
        }
    }

    /** Entries matching {@code query}, newest first: page {@code page} (from 0) of {@code size}. */
    public List<AuditEntry> find(AuditQuery query, int page, int size) {
        return store.find(query, page * size, size);
    }

    /** Deletes the entries older than the retention; returns how many. */
    public int prune() {
        return store.pruneBefore(Instant.now().minus(retention));
    }
}
