package io.herald.store;

import java.time.Instant;

/**
 * One administrative act in the audit trail: when, who and from where, what ({@code action}, one
 * of the names in {@link AuditStore}), on what ({@code target}), and for a change what was there
 * before and after (null when nothing was, or nothing is left). {@code id} is 0 and {@code at}
 * null until stored.
 */
public record AuditEntry(long id, Instant at, Actor actor, String action, String target, String before, String after) {

    /** The longest before or after value kept; a longer one is cut, with an ellipsis. */
    static final int MAX_VALUE = 4000;

    /** An act to record now. */
    public static AuditEntry of(Actor actor, String action, String target, String before, String after) {
        return new AuditEntry(0, null, actor, action, target, before, after);
    }
}
