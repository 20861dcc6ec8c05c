package io.herald.testing;

import io.herald.store.AuditEntry;
import io.herald.store.AuditQuery;
import io.herald.store.AuditStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An audit store in memory, for tests of a controller: what it recorded, newest first. */
public final class RecordingAuditStore implements AuditStore {

    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized void record(AuditEntry e) {
        entries.add(0, new AuditEntry(entries.size() + 1, Instant.now(), e.actor(), e.action(), e.target(), e.before(), e.after()));
    }

    @Override
    public synchronized List<AuditEntry> find(AuditQuery query, int offset, int limit) {
        return entries.stream().filter(e -> query.actor() == null || query.actor().equals(e.actor().name()))
                .filter(e -> query.action() == null || query.action().equals(e.action())).skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized int pruneBefore(Instant before) {
        int size = entries.size();
        entries.removeIf(e -> e.at().isBefore(before));
        return size - entries.size();
    }
}
