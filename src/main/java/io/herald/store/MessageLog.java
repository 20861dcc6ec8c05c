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
     * Appends the publications (each the messages of one publish request) in one transaction and
     * says, for each publication in order and each of its messages in order, what became of it:
     * stored (new ids ascending in that order), or answered from its idempotency key (replayed, or
     * a conflict; see {@link Appended}). A publication with a conflict stores none of its messages
     * (the others are {@code WITHHELD}); the other publications are not affected. A key used twice
     * in the transaction is stored once. When this returns, every new row is committed.
     */
    List<List<Appended>> appendAll(List<List<NewMessage>> publications);

    /**
     * Whether an {@link #appendAll} that returned still needs {@link #forceAppended} before its
     * messages may be acknowledged (the H2 journal with {@code herald.store.fsync}); false where a
     * commit is on disk when it returns.
     */
    default boolean defersForce() {
        return false;
    }

    /**
     * Forces to disk what every {@link #appendAll} that returned before this call wrote, when
     * {@link #defersForce}. Meant for another thread than the appender's: the next transaction need
     * not wait for the disk, and one force covers every append before it.
     */
    default void forceAppended() {
    }

    /** {@link #appendAll} for messages without idempotency keys, each its own publication: the messages as stored, in order. */
    default List<StoredMessage> append(List<NewMessage> batch) {
        List<List<Appended>> results = appendAll(batch.stream().map(List::of).toList());
        return results.stream().map(r -> r.get(0).message()).toList();
    }

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
     * Stores messages that already have their ids (put back from the journal after a crash), with
     * their idempotency keys, in one transaction; ids and keys the log already holds are left as
     * they are. Returns the messages it stored.
     */
    List<StoredMessage> restore(List<Journaled> entries);

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

    /** The greatest id stored in any of {@code channels}, or 0 when they hold none. */
    long newestId(Set<String> channels);

    /**
     * Where the newest messages of {@code channels} (which may hold patterns) up to {@code upToId}
     * are: at most {@code limit} of them, newest first, without their data.
     */
    List<Position> newestPositions(Set<String> channels, long upToId, int limit);

    /** A stored message's id and channel. */
    record Position(long id, String channel) {
    }
}
