package io.herald.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Receipts of acknowledged announcements, and the directory of users who ever connected. */
public interface ReceiptStore {

    /** One step of one user's receipt, for {@link #markAll}. */
    record Mark(long messageId, String channel, String user, Receipt.State state, Instant at) {
    }

    /**
     * Records that {@code user} reached {@code state} of announcement {@code messageId} at {@code at},
     * unless the receipt already has that step; true when this was the first time.
     */
    boolean mark(long messageId, String channel, String user, Receipt.State state, Instant at);

    /** {@link #mark} for many at once, in one transaction (the first time of each counts). */
    void markAll(Collection<Mark> marks);

    /** {@code user}'s receipt of announcement {@code messageId}, if there is one. */
    Optional<Receipt> receipt(long messageId, String user);

    /** The receipts of announcement {@code messageId}, by user name. */
    List<Receipt> receipts(long messageId);

    /** How many users acknowledged each of {@code messageIds} (absent: none). */
    Map<Long, Integer> acknowledgedCounts(Collection<Long> messageIds);

    /** Which of {@code messageIds} {@code user} acknowledged. */
    Set<Long> acknowledgedBy(String user, Collection<Long> messageIds);

    /** Writes each user's roles and last stream, adding those not known yet. */
    void seen(Collection<KnownUser> users);

    /** Every user who ever connected, by name. */
    List<KnownUser> users();
}
