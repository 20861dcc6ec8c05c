package io.herald.announce;

import io.herald.hub.Viewer;
import io.herald.store.KnownUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Users seen opening streams, for the user directory: each at most once a minute (remembered for
 * the last {@value #USERS_KEPT} users), queued (bounded) until {@link Receipts} writes them.
 */
final class Sightings {

    private static final int USERS_KEPT = 10_000;
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final BlockingQueue<KnownUser> queue = new ArrayBlockingQueue<>(Receipts.QUEUE_MAX);
    private final Map<String, Instant> last = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > USERS_KEPT;
        }
    };

    /** Queues {@code viewer} seen {@code now}, unless seen within the last minute; false when the queue is full. */
    boolean seen(Viewer viewer, Instant now) {
        synchronized (last) {
            Instant before = last.get(viewer.user());
            if (before != null && before.plus(EVERY).isAfter(now)) {
                return true;
            }
            last.put(viewer.user(), now);
        }
        return queue.offer(new KnownUser(viewer.user(), viewer.roles(), now));
    }

    /** Moves at most {@code max} queued sightings to {@code into}. */
    void drainTo(Collection<KnownUser> into, int max) {
        queue.drainTo(into, max);
    }
}
