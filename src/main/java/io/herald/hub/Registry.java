package io.herald.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live subscribers, by id and by channel. The channel index is changed and read only while
 * holding this object's monitor, which the hub also holds during fan-out: registration, going
 * live and fan-out are therefore totally ordered.
 */
final class Registry {

    private final Map<Long, Subscriber> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscriber>> byChannel = new HashMap<>();

    synchronized void add(Subscriber s) {
        byId.put(s.id(), s);
        for (String channel : s.channels()) {
            byChannel.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(s);
        }
    }

    synchronized boolean remove(Subscriber s) {
        if (byId.remove(s.id()) == null) {
            return false;
        }
        for (String channel : s.channels()) {
            Set<Subscriber> set = byChannel.get(channel);
            if (set != null && set.remove(s) && set.isEmpty()) {
                byChannel.remove(channel);
            }
        }
        return true;
    }

    /** Callers hold this object's monitor. */
    Collection<Subscriber> subscribersOf(String channel) {
        Set<Subscriber> set = byChannel.get(channel);
        return set == null ? List.of() : set;
    }

    Optional<Subscriber> find(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    List<Subscriber> all() {
        return new ArrayList<>(byId.values());
    }

    int size() {
        return byId.size();
    }

    synchronized Map<String, Integer> subscriberCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        byChannel.forEach((channel, set) -> counts.put(channel, set.size()));
        return counts;
    }
}
