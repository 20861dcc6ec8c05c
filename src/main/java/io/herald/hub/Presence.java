package io.herald.hub;

import io.herald.protocol.Frames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Who is on which presence channel: per channel, per user, how many streams. A user joins with
 * their first stream on a channel and leaves with their last (one join per user, not per tab).
 * Anonymous streams do not count. Guarded by its own monitor, taken inside the hub's registry lock
 * when streams open and close (so a shared presence sees each node's changes in the order they happened).
 */
public final class Presence {

    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final Map<Long, List<String>> joinedBy = new HashMap<>();
    private SharedPresence shared;
    private volatile Predicate<String> presenceOn = channel -> false;

    /** Which channels send join/leave frames (the access rules decide; none until set). */
    public void policy(Predicate<String> on) {
        this.presenceOn = on;
    }

    /**
     * Hands this node's joins and leaves to the cluster instead of sending them: the cluster sends
     * join and leave frames when a user's first stream on any node opens or its last one closes.
     */
    public synchronized void share(SharedPresence cluster) {
        this.shared = cluster;
    }

    /** Counts the subscriber in; returns the channels where its user just joined. */
    synchronized List<String> join(Subscriber s) {
        String user = s.info().user();
        List<String> joinedNow = new ArrayList<>(0);
        if (user == null) {
            return joinedNow;
        }
        List<String> counted = new ArrayList<>(0);
        for (String channel : s.channels()) {
            if (presenceOn.test(channel)) {
                counted.add(channel);
                int n = counts.computeIfAbsent(channel, c -> new TreeMap<>()).merge(user, 1, Integer::sum);
                if (n == 1) {
                    joinedNow.add(channel);
                }
            }
        }
        if (!counted.isEmpty()) {
            joinedBy.put(s.id(), counted);
        }
        return forLocalFrames(joinedNow, user, true);
    }

    /** Counts the subscriber out; returns the channels its user just left. */
    synchronized List<String> leave(Subscriber s) {
        List<String> counted = joinedBy.remove(s.id());
        List<String> leftNow = new ArrayList<>(0);
        if (counted == null) {
            return leftNow;
        }
        String user = s.info().user();
        for (String channel : counted) {
            Map<String, Integer> users = counts.get(channel);
            Integer n = users.merge(user, -1, Integer::sum);
            if (n == null || n <= 0) {
                users.remove(user);
                leftNow.add(channel);
            }
            if (users.isEmpty()) {
                counts.remove(channel);
            }
        }
        return forLocalFrames(leftNow, user, false);
    }

    /** The changes this node sends frames for itself: all of them, or none when the cluster does. */
    private List<String> forLocalFrames(List<String> changed, String user, boolean present) {
        if (shared == null) {
            return changed;
        }
        for (String channel : changed) {
            shared.changed(channel, user, present);
        }
        return List.of();
    }

    /** Tells the shared presence again that every user present on this node is. */
    public synchronized void reshare() {
        counts.forEach((channel, byUser) -> byUser.keySet().forEach(user -> shared.changed(channel, user, true)));
    }

    /** The users with at least one open stream on {@code channel} (on any node once shared), sorted. */
    public synchronized List<String> users(String channel) {
        if (shared != null) {
            return shared.users(channel);
        }
        Map<String, Integer> users = counts.get(channel);
        return users == null ? List.of() : new ArrayList<>(users.keySet());
    }

    /** {@code event: join} or {@code leave} with {@code {"user":"..."}}; no id: not a stored message. */
    static byte[] frame(String event, String user) {
        return Frames.encode(event, "{\"user\":" + jsonString(user) + "}", null);
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
