package io.herald.store;

import java.time.Instant;
import java.util.List;

/** The audit trail: acts are added, read newest first, and pruned by age; never edited. */
public interface AuditStore {

    /** Records {@code entry} now, on its own (for an act that has no transaction of its own). */
    void record(AuditEntry entry);

    /** Up to {@code limit} entries matching {@code query}, newest first, skipping the first {@code offset}. */
    List<AuditEntry> find(AuditQuery query, int offset, int limit);

    /** Deletes the entries older than {@code before}; returns how many. */
    int pruneBefore(Instant before);
}
