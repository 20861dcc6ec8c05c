package io.herald.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The stored messages as the HTTP API and the console look them up: by id, after an id, by text,
 * and how much is stored. Throws {@link StoreException} when the database fails.
 */
public interface MessageHistory {

    Optional<StoredMessage> find(long id);

    /**
     * Messages with {@code afterId < id <= upToId}, ascending, at most {@code limit}. An empty
     * {@code channels} set means every channel.
     */
    List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit);

    /**
     * History for people: messages with {@code id < beforeId}, newest first, at most {@code limit};
     * only of {@code channel} when not null, only those whose data contains {@code text} when not null.
     */
    List<StoredMessage> search(String channel, String text, long beforeId, int limit);

    /** Channels that have stored messages, most recently used first, at most {@code limit}. */
    List<String> channels(int limit);

    /** How many messages are stored. */
    long count();

    /**
     * Bytes on disk: the H2 database file, or the message table with its indexes on PostgreSQL;
     * -1 when the database cannot tell (an in-memory H2).
     */
    long sizeBytes();
}
