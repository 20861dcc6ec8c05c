package io.herald.hub;

import io.herald.protocol.ChannelPatterns;
import io.herald.protocol.Frames;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per channel, the greatest id retention pruned (its floor), mirrored from the store and raised
 * before rows are deleted; and the {@code event: reset} frame a client gets instead of a gap.
 */
final class Floors {

    private volatile Map<String, Long> floors = Map.of();

    void load(Map<String, Long> stored) {
        floors = Map.copyOf(stored);
    }

    /** The greatest id pruned from any of {@code channels}, or any channel a pattern among them covers (0: none pruned). */
    long of(Set<String> channels) {
        Map<String, Long> current = floors;
        long floor = 0;
        for (String channel : channels) {
            if (ChannelPatterns.isPattern(channel)) {
                for (Map.Entry<String, Long> e : current.entrySet()) {
                    if (ChannelPatterns.covers(channel, e.getKey())) {
                        floor = Math.max(floor, e.getValue());
                    }
                }
            } else {
                floor = Math.max(floor, current.getOrDefault(channel, 0L));
            }
        }
        return floor;
    }

    synchronized void raise(Map<String, Long> raised) {
        Map<String, Long> next = new HashMap<>(floors);
        raised.forEach((channel, through) -> next.merge(channel, through, Math::max));
        floors = Map.copyOf(next);
    }

    /** {@code event: reset} with {@code {"reason","lastEventId",KEY:VALUE}}; VALUE 0 is written as null. */
    static byte[] resetFrame(String reason, long lastEventId, String key, long value) {
        return Frames.encode("reset", "{\"reason\":\"" + reason + "\",\"lastEventId\":" + lastEventId + ",\"" + key
                + "\":" + (value > 0 ? Long.toString(value) : "null") + "}", null);
    }
}
