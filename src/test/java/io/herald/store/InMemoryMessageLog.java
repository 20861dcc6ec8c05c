package io.herald.store;

import io.herald.protocol.ChannelPatterns;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link MessageLog} held in memory, for tests of the hub that do not test the store: ids,
 * ranges, pages bounded in bytes and {@link #continueAfter} behave as on the database. Nothing is
 * ever pruned from it, so it has no floors; {@link #sync} has nothing to do.
 */
public final class InMemoryMessageLog implements MessageLog {

    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    private final Map<PublishKey, StoredMessage> keys = new java.util.HashMap<>();
    private long nextId = 1;

    /** As on the database, without a window: a key answers every repeat for as long as this log lives. */
    @Override
    public synchronized List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<PublishKey, PublishKeys.Row> earlier = new HashMap<>();
        publications.stream().flatMap(List::stream).filter(m -> m.key() != null && keys.containsKey(m.key()))
                .forEach(m -> {
                    StoredMessage e = keys.get(m.key());
                    earlier.put(m.key(), new PublishKeys.Row(e.id(), e.channel(), e.event(), PublishKeys.hash(e.data()),
                            e.createdAt()));
                });
        KeyedAppend plan = new KeyedAppend(earlier);
        publications.forEach(plan::decide);
        List<StoredMessage> stored = new ArrayList<>();
        for (NewMessage m : plan.toStore()) {
            StoredMessage s = new StoredMessage(nextId++, m.channel(), m.event(), m.data(), now);
            messages.put(s.id(), s);
            stored.add(s);
        }
        plan.keyed(stored).forEach(j -> keys.put(j.key(), j.message()));
        return plan.results(stored);
    }

    @Override
    public synchronized List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit) {
        return readPage(channels, afterId, upToId, limit, Long.MAX_VALUE).messages();
    }

    @Override
    public synchronized Page readPage(Set<String> channels, long afterId, long upToId, int limit, long maxBytes) {
        List<StoredMessage> page = new ArrayList<>();
        if (limit <= 0 || upToId <= afterId) {
            return new Page(page, false);
        }
        long total = 0;
        for (StoredMessage m : messages.subMap(afterId, false, upToId, true).values()) {
            if (!channels.isEmpty() && !matches(channels, m.channel())) {
                continue;
            }
            if (page.size() == limit) {
                return new Page(page, true);
            }
            total += bytes(m.data()) + (m.event() == null ? 0 : bytes(m.event()));
            if (!page.isEmpty() && total > maxBytes) {
                return new Page(page, true);
            }
            page.add(m);
        }
        return new Page(page, page.size() == limit);
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public synchronized long lastId() {
        return messages.isEmpty() ? 0 : messages.lastKey();
    }

    @Override
    public void sync() {
    }

    @Override
    public synchronized List<StoredMessage> restore(List<Journaled> restored) {
        List<StoredMessage> stored = new ArrayList<>();
        for (Journaled j : restored) {
            if (messages.putIfAbsent(j.message().id(), j.message()) == null) {
                stored.add(j.message());
            }
            if (j.key() != null) {
                keys.putIfAbsent(j.key(), j.message());
            }
        }
        return stored;
    }

    /** Nothing to rebuild: a map has no indexes to fall out of step. */
    @Override
    public int rebuildIndexes() {
        return 0;
    }

    @Override
    public synchronized void continueAfter(long id) {
        nextId = Math.max(nextId, id + 1);
    }

    @Override
    public Map<String, Long> floors() {
        return Map.of();
    }

    @Override
    public synchronized long oldestId(Set<String> channels) {
        return messages.values().stream().filter(m -> matches(channels, m.channel()))
                .mapToLong(StoredMessage::id).min().orElse(0);
    }

    @Override
    public synchronized long newestId(Set<String> channels) {
        return messages.values().stream().filter(m -> matches(channels, m.channel()))
                .mapToLong(StoredMessage::id).max().orElse(0);
    }

    @Override
    public synchronized List<Position> newestPositions(Set<String> channels, long upToId, int limit) {
        return messages.values().stream().filter(m -> m.id() <= upToId && matches(channels, m.channel()))
                .sorted((x, y) -> Long.compare(y.id(), x.id())).limit(limit)
                .map(m -> new Position(m.id(), m.channel())).toList();
    }

    /** How many messages are held. */
    public synchronized long count() {
        return messages.size();
    }

    /** A channel or a pattern ({@code orders/*}) among {@code subscriptions} covers {@code channel}. */
    private static boolean matches(Set<String> subscriptions, String channel) {
        return subscriptions.stream().anyMatch(s -> ChannelPatterns.covers(s, channel));
    }
}
