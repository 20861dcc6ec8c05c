package io.herald.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only log of messages. Ids are assigned by the log, increase in append order and are
 * never reused. Implementations throw {@link StoreException} when the database fails.
 */
public interface EventLog {

    /**
     * Appends the batch in one transaction and returns it stored, ids ascending in batch order.
     * When this returns, every row is committed.
     */
    List<StoredMessage> append(List<NewMessage> batch);

    /**
     * Messages with {@code afterId < id <= upToId}, ascending, at most {@code limit}. An empty
     * {@code channels} set means every channel.
     */
    List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit);

    Optional<StoredMessage> find(long id);

    /** The greatest id stored, or 0 when the log is empty. */
    long lastId();

    /** How many messages are stored. */
    long count();

    /**
     * History for people: messages with {@code id < beforeId}, newest first, at most {@code limit};
     * only of {@code channel} when not null, only those whose data contains {@code text} when not null.
     */
    List<StoredMessage> search(String channel, String text, long beforeId, int limit);

    /** Channels that have stored messages, most recently used first, at most {@code limit}. */
    List<String> channels(int limit);

    /**
     * Bytes on disk: the H2 database file, or the message table with its indexes on PostgreSQL;
     * -1 when the database cannot tell (an in-memory H2).
     */
    long sizeBytes();
}
