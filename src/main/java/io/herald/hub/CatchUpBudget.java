package io.herald.hub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The bytes every catch-up together may hold ({@code herald.stream.catchup-max-bytes}): frames a
 * catch-up encoded for its stream alone and that are still queued, and the page it is reading.
 * Live frames are shared by all subscribers and are not counted here.
 *
 * <p>A catch-up asks for bytes before it reads a page. When too few are free it takes them back
 * from catch-ups parked on a full queue (a client that does not read): their queued frames are
 * dropped and read again once that client reads. Failing that, it waits without holding a thread
 * and is resumed when bytes come back. So stuck clients can neither exhaust memory nor starve a
 * new catch-up.
 *
 * <p>Lock order: a subscriber's lock may be held when calling in; this class never calls a
 * subscriber while holding its own lock.
 */
final class CatchUpBudget {

    /** Less than this is not worth a page (unless the catch-up asks for less). */
    static final long MIN_GRANT = 64 * 1024;

    private final long limit;
    private long used;
    private final List<Runnable> waiting = new ArrayList<>();
    /** Subscribers whose catch-up is parked on a full queue, longest parked first. */
    private final LinkedHashSet<Subscriber> parked = new LinkedHashSet<>();

    CatchUpBudget(long limit) {
        this.limit = limit;
    }

    /**
     * Grants up to {@code want} bytes, or 0, after registering {@code resume} (unless null) to run
     * once bytes are free again. {@code asking} is never asked to give bytes back to itself.
     */
    long acquire(Subscriber asking, long want, Runnable resume) {
        long needed = Math.min(want, MIN_GRANT);
        while (true) {
            Subscriber victim;
            synchronized (this) {
                long free = limit - used;
                if (free >= needed) {
                    long grant = Math.min(want, free);
                    used += grant;
                    return grant;
                }
                victim = oldestParkedExcept(asking);
                if (victim == null) {
                    if (resume != null) {
                        waiting.add(resume);
                    }
                    return 0;
                }
            }
            // Outside this lock: the victim takes its own lock. What it frees goes to the asker, not to waiters.
            long freed = victim.replay().reclaim();
            synchronized (this) {
                used -= freed;
            }
        }
    }

    /** Bytes granted or charged come back: frames written, dropped, or a page smaller than its grant. */
    void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        List<Runnable> wake;
        synchronized (this) {
            used -= bytes;
            if (waiting.isEmpty() || limit - used < MIN_GRANT) {
                return;
            }
            wake = new ArrayList<>(waiting);
            waiting.clear();
        }
        // Each retries; those that find too little register again. Stale ones (closed) just end.
        wake.forEach(Runnable::run);
    }

    /** Charges bytes beyond a grant (a frame larger than its estimate); given back by {@link #release}. */
    synchronized void charge(long bytes) {
        used += bytes;
    }

    /**
     * {@code s}'s catch-up parked on a full queue, holding bytes that can be taken back: catch-ups
     * waiting for bytes are resumed to take them (no release may ever come if its client is stuck).
     */
    void parked(Subscriber s) {
        List<Runnable> wake;
        synchronized (this) {
            parked.add(s);
            if (waiting.isEmpty()) {
                return;
            }
            wake = new ArrayList<>(waiting);
            waiting.clear();
        }
        wake.forEach(Runnable::run);
    }

    synchronized void unparked(Subscriber s) {
        parked.remove(s);
    }

    /** Bytes held now. */
    synchronized long used() {
        return used;
    }

    long limit() {
        return limit;
    }

    private Subscriber oldestParkedExcept(Subscriber asking) {
        for (java.util.Iterator<Subscriber> it = parked.iterator(); it.hasNext(); ) {
            Subscriber s = it.next();
            if (s != asking) {
                it.remove();
                return s;
            }
        }
        return null;
    }
}
