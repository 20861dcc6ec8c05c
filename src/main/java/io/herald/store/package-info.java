/**
 * Where Herald keeps what must survive a restart, behind small ports by use: the {@link
 * io.herald.store.MessageLog} the hub appends to and replays from, the {@link
 * io.herald.store.MessageHistory} the API and the console look messages up in, the {@link
 * io.herald.store.MessagePruning} retention deletes through, and the stores of bans, access rules,
 * keys, tickets and cluster state; their JDBC implementations share one transaction helper
 * ({@code Jdbc}) and keep every H2/PostgreSQL difference in {@link io.herald.store.Dialect}, while
 * {@link io.herald.store.GuardedMessageLog}, the {@link io.herald.store.MessageJournal} and the
 * {@link io.herald.store.IdWatermark} guard acknowledged messages against a database that comes
 * back behind them. It uses {@code io.herald.protocol}, the JDK, JDBC and Flyway only, and never
 * {@code io.herald.hub} or anything above it.
 */
package io.herald.store;
