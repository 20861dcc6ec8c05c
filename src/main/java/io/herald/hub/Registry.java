package io.herald.hub;

import io.herald.protocol.ChannelPatterns;
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
 * The live subscribers, by id and by channel, and the last message id fanned out to them. The
 * channel index and that id are changed and read only while holding this object's monitor, which
 * registration and fan-out also hold: registration, going live and fan-out are therefore totally
 * ordered. A pattern ({@code orders/*}) is indexed under itself; a channel's readers are its own
 * subscribers plus those of each pattern that covers it (one lookup per {@code /} in its name).
 */
final class Registry {

    private final Map<Long, Subscriber> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscriber>> byChannel = new HashMap<>();
    /** How many keys of {@link #byChannel} are patterns: none, and a channel's readers are one lookup. */
    private int patterns;
    /** How many registered subscribers subscribe through at least one pattern. */
    private int patternSubscribers;
    private long lastFanned;

    synchronized void add(Subscriber s) {
        byId.put(s.id(), s);
        if (s.hasPattern()) {
            patternSubscribers++;
        }
        for (String channel : s.channels()) {
            byChannel.computeIfAbsent(channel, c -> {
                if (ChannelPatterns.isPattern(c)) {
                    patterns++;
                }
                return new LinkedHashSet<>();
            }).add(s);
        }
    }

    synchronized boolean remove(Subscriber s) {
        if (byId.remove(s.id()) == null) {
            return false;
        }
        if (s.hasPattern()) {
            patternSubscribers--;
        }
        for (String channel : s.channels()) {
            Set<Subscriber> set = byChannel.get(channel);
            if (set != null && set.remove(s) && set.isEmpty()) {
                byChannel.remove(channel);
                if (ChannelPatterns.isPattern(channel)) {
                    patterns--;
                }
            }
        }
        return true;
    }

    /** The subscribers of exactly this channel or pattern. Callers hold this object's monitor. */
    Collection<Subscriber> subscribersOf(String channel) {
        Set<Subscriber> set = byChannel.get(channel);
        return set == null ? List.of() : set;
    }

    /**
     * Who receives a message of {@code channel}: its subscribers, and the subscribers of every
     * pattern that covers it whose gate lets the channel through. Callers hold this object's monitor.
     */
    Collection<Subscriber> readersOf(String channel) {
        Collection<Subscriber> exact = subscribersOf(channel);
        if (patterns == 0) {
            return exact;
        }
        List<Subscriber> readers = null;
        for (int slash = channel.indexOf('/'); slash >= 0 && slash < channel.length() - 1;
                slash = channel.indexOf('/', slash + 1)) {
            Set<Subscriber> set = byChannel.get(channel.substring(0, slash + 1) + "*");
            if (set == null) {
                continue;
            }
            for (Subscriber s : set) {
                if (s.reads(channel)) {
                    if (readers == null) {
                        readers = new ArrayList<>(exact);
                    }
                    readers.add(s);
                }
            }
        }
        return readers == null ? exact : readers;
    }

    /** Fan-out starts after {@code id}, the store's last id when the hub starts. */
    synchronized void startAfter(long id) {
        lastFanned = id;
    }

    /** The last id fanned out. */
    synchronized long lastFanned() {
        return lastFanned;
    }

    /** Callers hold this object's monitor: {@code id} was fanned out. */
    void fannedOut(long id) {
        lastFanned = id;
    }

    /**
     * Makes the subscriber live if its replay cursor has reached the last fanned-out id and returns
     * {@code cursor}; otherwise returns the last fanned-out id, the next replay target.
     */
    synchronized long goLiveIfCaughtUp(Subscriber subscriber, long cursor) {
        if (cursor >= lastFanned) {
            subscriber.goLive();
            return cursor;
        }
        return lastFanned;
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

    /** Bytes waiting in all queues (a live frame shared by many subscribers counts for each). */
    long queuedBytes() {
        long total = 0;
        for (Subscriber s : byId.values()) {
            total += s.queuedBytes();
        }
        return total;
    }

    /** Frames waiting in all queues. */
    long queuedFrames() {
        long total = 0;
        for (Subscriber s : byId.values()) {
            total += s.queueDepth();
        }
        return total;
    }

    /** Streams that subscribe through at least one pattern. */
    synchronized int patternSubscribers() {
        return patternSubscribers;
    }

    synchronized Map<String, Integer> subscriberCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        byChannel.forEach((channel, set) -> counts.put(channel, set.size()));
        return counts;
    }
}
