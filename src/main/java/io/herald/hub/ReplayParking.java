package io.herald.hub;

/**
 * Where a subscriber's catch-up waits for its client: parked until the queue has drained enough,
 * offered to the catch-up budget while parked (which may take its queued frames back), and where
 * it must read from again once frames were taken back. Not thread-safe: guarded, like the queue,
 * by the owning {@link Subscriber}'s monitor.
 */
final class ReplayParking {

    private final Subscriber owner;
    private final CatchUpBudget budget;
    private final FrameQueue queue;
    private final int capacity;
    private Runnable parked;
    /** The parked catch-up resumes once the queue holds at most this many bytes (and half its frames). */
    private long untilBytes;
    /** Where the catch-up must read from again after its queued frames were taken back (-1: nowhere). */
    private long rewindTo = -1;

    ReplayParking(Subscriber owner, CatchUpBudget budget, FrameQueue queue, int capacity) {
        this.owner = owner;
        this.budget = budget;
        this.queue = queue;
        this.capacity = capacity;
    }

    /**
     * Parks {@code resume} until the queue holds at most {@code untilBytes} bytes and half its
     * frames; false (not parked) when it already does. The caller checked that the stream replays.
     */
    boolean park(Runnable resume, long untilBytes) {
        if (drained(untilBytes)) {
            return false;
        }
        parked = resume;
        this.untilBytes = untilBytes;
        if (queue.chargedBytes() > 0) {
            budget.parked(owner);
        }
        return true;
    }

    boolean isParked() {
        return parked != null;
    }

    /** The parked catch-up, taken out to be resumed, once the queue has drained enough (else null). */
    Runnable unparkIfDrained() {
        if (parked == null || !drained(untilBytes)) {
            return null;
        }
        Runnable resume = parked;
        parked = null;
        budget.unparked(owner);
        return resume;
    }

    /** Forgets the parked catch-up, if any: its stream closed. */
    void cancel() {
        if (parked != null) {
            parked = null;
            budget.unparked(owner);
        }
    }

    /**
     * Drops the catch-up frames at the tail of the queue (to be read again) and returns the bytes
     * freed; {@link #rewindTo()} then says where reading resumes. The caller checked that the
     * stream replays and its catch-up is parked.
     */
    long takeBack() {
        long firstDropped = queue.firstIdOfChargedTail();
        long freed = queue.dropChargedTail();
        if (freed > 0) {
            // Replay queues every row after its cursor in id order: nothing lies between what stays and what went.
            rewindTo = rewindTo < 0 ? firstDropped - 1 : Math.min(rewindTo, firstDropped - 1);
        }
        return freed;
    }

    /** Where the catch-up must read from again, or -1. */
    long rewindTo() {
        return rewindTo;
    }

    /** Where the catch-up must read from again (then forgotten), or -1. */
    long takeRewind() {
        long r = rewindTo;
        rewindTo = -1;
        return r;
    }

    private boolean drained(long bytes) {
        return queue.bytes() <= bytes && queue.size() <= capacity / 2;
    }
}
