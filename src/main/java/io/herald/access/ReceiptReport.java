package io.herald.access;

import io.herald.announce.Announcement;
import io.herald.announce.Receipts;
import io.herald.hub.Viewer;
import io.herald.store.KnownUser;
import io.herald.store.Receipt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an announcement that asks for acknowledgement stands, for admins: every receipt, how many
 * users reached each step and when the first did, and the members of its audience Herald has seen
 * (the user directory) who have no receipt yet: in its audience as their roles were at their last
 * stream, and allowed to read its channel by those roles.
 */
public record ReceiptReport(Announcement announcement, List<Receipt> receipts, Map<Receipt.State, Integer> counts,
        Map<Receipt.State, Instant> firsts, List<String> notReached) {

    public static ReceiptReport of(Announcement a, Receipts receipts, AccessRules rules) {
        List<Receipt> list = receipts.receipts(a.id());
        Map<Receipt.State, Integer> counts = new EnumMap<>(Receipt.State.class);
        Map<Receipt.State, Instant> firsts = new EnumMap<>(Receipt.State.class);
        Set<String> reached = new HashSet<>();
        for (Receipt r : list) {
            reached.add(r.user());
            for (Receipt.State state : Receipt.State.values()) {
                Instant at = r.at(state);
                if (at != null) {
                    counts.merge(state, 1, Integer::sum);
                    firsts.merge(state, at, (x, y) -> x.isBefore(y) ? x : y);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (KnownUser u : receipts.users()) {
            Viewer asSeen = new Viewer(u.name(), u.roles(), u.roles());
            if (!reached.contains(u.name()) && a.audience().includes(u.name(), u.roles())
                    && rules.decide(Set.of(a.channel()), asSeen) == AccessRules.Decision.ALLOW) {
                missing.add(u.name());
            }
        }
        return new ReceiptReport(a, list, counts, firsts, missing);
    }

    /** How many users reached {@code state}. */
    public int count(Receipt.State state) {
        return counts.getOrDefault(state, 0);
    }

    /** The users it is for, as far as Herald knows: those with a receipt and those not yet reached. */
    public int audience() {
        return receipts.size() + notReached.size();
    }
}
