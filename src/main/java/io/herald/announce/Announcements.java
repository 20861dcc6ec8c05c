package io.herald.announce;

import io.herald.store.MessageLog;
import io.herald.store.StoredMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The announcements in force per channel: announced, not withdrawn, not expired. Each channel's
 * history is read once, then only what was stored since the last read, so a page view that asks
 * costs one small query. Works the same on every node of a cluster (it reads the store).
 */
public final class Announcements {

    private static final int PAGE = 500;
    private static final int CHANNELS_KEPT = 256;

    private final MessageLog log;
    private final Clock clock;
    private final Map<String, Channel> channels = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Channel> eldest) {
            return size() > CHANNELS_KEPT;
        }
    };

    /** What one channel's history says so far. */
    private static final class Channel {
        long readThrough;
        final Map<Long, Announcement> open = new TreeMap<>();
    }

    public Announcements(MessageLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** What {@link #inForce} found, and the last stored id it read through (to subscribe from). */
    public record InForce(List<Announcement> announcements, long lastEventId) {
    }

    /** The announcements in force on {@code names}, oldest first. */
    public synchronized InForce inForce(Set<String> names) {
        long last = log.lastId();
        List<Announcement> all = new ArrayList<>();
        for (String name : names) {
            Channel c = channels.computeIfAbsent(name, n -> new Channel());
            readUpTo(name, c, last);
            c.open.values().removeIf(a -> !a.inForceAt(clock.instant()));
            all.addAll(c.open.values());
        }
        all.sort(Comparator.comparingLong(Announcement::id));
        return new InForce(all, last);
    }

    private void readUpTo(String name, Channel c, long last) {
        while (c.readThrough < last) {
            List<StoredMessage> page = log.readAfter(Set.of(name), c.readThrough, last, PAGE);
            for (StoredMessage m : page) {
                if (Announcement.EVENT.equals(m.event())) {
                    Announcement.parse(m.id(), m.channel(), m.data(), m.createdAt()).ifPresent(a -> c.open.put(a.id(), a));
                } else if (Announcement.WITHDRAWN_EVENT.equals(m.event())) {
                    c.open.remove(Announcement.withdrawn(m.data()));
                }
            }
            c.readThrough = page.size() < PAGE ? last : page.get(page.size() - 1).id();
        }
    }
}
