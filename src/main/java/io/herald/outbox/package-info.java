/**
 * Applications' outboxes: tables in the applications' own databases (sql/outbox/) that an
 * application writes its events into in the same transaction as its data, drained by Herald into
 * its log exactly once, in order. One node drains each source at a time (a lease in Herald's
 * database). Uses {@code hub} (publishing) and {@code store} (the outbox table, the leases) and
 * {@code protocol} (names); nothing above it.
 */
package io.herald.outbox;
