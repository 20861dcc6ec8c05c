package io.herald.store;

import java.time.Instant;

/** Which audit entries to read: each field null for any; {@code from} inclusive, {@code to} exclusive. */
public record AuditQuery(String actor, String action, Instant from, Instant to) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null);
}
