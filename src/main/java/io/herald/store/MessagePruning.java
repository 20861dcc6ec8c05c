package io.herald.store;

import java.time.Instant;
import java.util.Map;

/**
 * What retention deletes: it finds, per channel, the messages past the age or count limit and
 * deletes them below a floor that is raised in the same transaction. Throws {@link StoreException}
 * when the database fails. Idempotency keys past their window go with the same pass.
 */
public interface MessagePruning {

    /**
     * What retention would delete, per channel: the greatest id among the messages stored before
     * {@code olderThan} (null: no age limit) and beyond the newest {@code maxPerChannel} (0: no
     * count limit). Channels with nothing to delete are absent.
     */
    Map<String, Long> pruneCandidates(Instant olderThan, int maxPerChannel);

    /** Deletes the messages of {@code channel} with {@code id <= through} and raises its floor to {@code through}, in one transaction. */
    void pruneThrough(String channel, long through);

    /** Deletes the idempotency keys written before {@code before}; returns how many. */
    int pruneKeys(Instant before);
}
