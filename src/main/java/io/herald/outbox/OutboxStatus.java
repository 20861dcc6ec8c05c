package io.herald.outbox;

import java.time.Instant;

/**
 * What the console and the metrics show of one source: who drains it ({@code drainer}: a node id,
 * null when nobody holds it), whether this node does, the rows waiting and the time of the oldest
 * (as last counted, at most a few seconds ago; -1 when never counted), rows moved by this node
 * since it started, rows it cannot publish and skips, and the last error with its time (null when
 * the last pass went well).
 */
public record OutboxStatus(String name, String description, String table, String drainer, boolean drainingHere,
        long waiting, Instant oldest, long moved, int skipped, String lastError, Instant lastErrorAt) {

    /** Seconds since the oldest waiting row was written, at {@code now}; 0 when none waits. */
    public long oldestAgeSeconds(Instant now) {
        return oldest == null ? 0 : Math.max(0, now.getEpochSecond() - oldest.getEpochSecond());
    }
}
