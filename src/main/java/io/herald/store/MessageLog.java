package io.herald.store;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The append-only log of messages the hub writes and replays: ids are assigned by the log,
 * increase in append order and are never reused. Implementations throw {@link StoreException}
 * when the database fails.
 */
public interface MessageLog {

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

    /**
     * As {@link #readAfter}, and the page stops before its rows pass about {@code maxBytes} (data
     * and event name as stored, in UTF-8), so a page of large messages stays small in memory. The
     * first row always comes, whatever its size.
     */
    Page readPage(Set<String> channels, long afterId, long upToId, int limit, long maxBytes);

    /** Messages in id order; {@code more}: rows may follow up to the id asked for (false: the range is done). */
    record Page(List<StoredMessage> messages, boolean more) {
    }

    /** The greatest id stored, or 0 when the log is empty. */
    long lastId();

    /**
     * Forces everything committed to disk: {@code CHECKPOINT SYNC} on H2; nothing on PostgreSQL,
     * whose commits are on disk when they return.
     */
    void sync();

    /**
     * Stores messages that already have their ids (put back from the journal after a crash), in
     * one transaction; ids the log already holds are left as they are. Returns those it stored.
     */
    List<StoredMessage> restore(List<StoredMessage> messages);

    /**
     * For a database reopened after the process was killed: rebuilds the indexes it may have brought
     * back out of step with their tables (embedded H2); returns how many. Nothing elsewhere.
     */
    int rebuildIndexes();

    /**
     * Makes every id handed out from now on greater than {@code id}; never moves ids back. For a
     * log found behind the ids it handed out before (a crash that lost its tail, an old backup).
     */
    void continueAfter(long id);

    /** Every channel's floor: the greatest id pruned from it (channels never pruned are absent). */
    Map<String, Long> floors();

    /** The smallest id stored in any of {@code channels}, or 0 when they hold none. */
    long oldestId(Set<String> channels);
}
