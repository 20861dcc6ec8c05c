package io.herald.hub;

import io.herald.hub.Subscriber.Offer;

/**
 * One subscriber's state {@code REPLAYING -> LIVE -> CLOSED} and its queue bounded in frames and
 * bytes: which frames each state accepts, what a close keeps, what a take sends, what a catch-up
 * may still queue. Not thread-safe: the owning {@link Subscriber} makes every call holding its own
 * monitor, so each transition, with the queue change it implies, is one critical section.
 */
final class SubscriberState {

    private enum State { REPLAYING, LIVE, CLOSED }

    /** What a take handed over, and what its caller must do outside the subscriber's lock. */
    record Taken(byte[] chunk, long oldestStamp, long released, Runnable resume) {
        static final Taken NOTHING = new Taken(null, 0, 0, null);
    }

    private final int capacity;
    private final long maxBytes;
    private final CatchUpBudget budget;
    private final FrameQueue queue = new FrameQueue();
    private final ReplayParking parking;
    private State state = State.REPLAYING;
    private long lastQueuedId;
    private long lastSentId;
    private long framesSent;

    SubscriberState(Subscriber owner, int capacity, long maxBytes, CatchUpBudget budget) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.parking = new ReplayParking(owner, budget, queue, capacity);
    }

    void attach(byte[] firstFrame) {
        queue.add(firstFrame, 0L);
    }

    /**
     * Takes queued frames, joined, up to about {@code chunkBytes} (at least one frame); and the
     * parked catch-up to resume once the queue has drained enough.
     */
    Taken take(int chunkBytes) {
        byte[] chunk = null;
        long oldestStamp = 0;
        long released = 0;
        if (!queue.isEmpty()) {
            long chargedBefore = queue.chargedBytes();
            oldestStamp = queue.headStamp();
            int total = 0;
            int count = 0;
            while (count < queue.size()) {
                int length = queue.peek(count).length;
                if (count > 0 && total + length > chunkBytes) {
                    break;
                }
                total += length;
                count++;
            }
            // A lone frame goes out as it is (frames are immutable and shared); several are joined.
            chunk = count == 1 ? queue.peek(0) : new byte[total];
            int at = 0;
            for (int i = 0; i < count; i++) {
                long frameId = queue.headId();
                byte[] frame = queue.remove();
                if (count > 1) {
                    System.arraycopy(frame, 0, chunk, at, frame.length);
                    at += frame.length;
                }
                if (frameId > 0) {
                    lastSentId = frameId;
                    framesSent++;
                }
            }
            released = chargedBefore - queue.chargedBytes();
        }
        // Also with an empty queue: frames the catch-up budget took back may have emptied it.
        Runnable resume = parking.unparkIfDrained();
        return chunk == null && resume == null ? Taken.NOTHING : new Taken(chunk, oldestStamp, released, resume);
    }

    boolean isFinished() {
        return state == State.CLOSED && queue.isEmpty();
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    boolean isReplaying() {
        return state == State.REPLAYING;
    }

    boolean isReplayParked() {
        return state == State.REPLAYING && parking.isParked();
    }

    long lastSentId() {
        return lastSentId;
    }

    long framesSent() {
        return framesSent;
    }

    int queueDepth() {
        return queue.size();
    }

    long queuedBytes() {
        return queue.bytes();
    }

    /** A live message; a full queue closes the subscriber as slow at once (see {@link Subscriber}). */
    Offer offerLive(long messageId, byte[] frame, long submittedNanos) {
        if (state != State.LIVE || messageId <= lastQueuedId) {
            return Offer.IGNORED;
        }
        Offer offer = enqueue(messageId, frame, submittedNanos, false);
        if (offer == Offer.OVERFLOW) {
            close(CloseReason.SLOW_CONSUMER, CloseReason.SLOW_CONSUMER.closeFrame());
        }
        return offer;
    }

    Offer offerReplay(long messageId, byte[] frame) {
        if (state != State.REPLAYING) {
            return Offer.IGNORED;
        }
        return enqueue(messageId, frame, 0L, true);
    }

    Offer offerHeartbeat(byte[] frame) {
        if (state == State.CLOSED || !queue.isEmpty()) {
            return Offer.IGNORED;
        }
        return enqueue(0L, frame, 0L, false);
    }

    Offer offerNotice(byte[] frame) {
        if (state == State.CLOSED) {
            return Offer.IGNORED;
        }
        int size = queue.size();
        queue.add(frame, 0L);
        return size == 0 ? Offer.WAKE : Offer.QUEUED;
    }

    Offer offerTransient(byte[] frame) {
        if (state != State.LIVE || full(frame)) {
            return Offer.IGNORED;
        }
        return enqueue(0L, frame, 0L, false);
    }

    private Offer enqueue(long messageId, byte[] frame, long stamp, boolean charged) {
        int size = queue.size();
        if (full(frame)) {
            return Offer.OVERFLOW;
        }
        queue.add(frame, messageId, stamp, charged);
        if (messageId > 0) {
            lastQueuedId = messageId;
        }
        return size == 0 ? Offer.WAKE : Offer.QUEUED;
    }

    /** No room for {@code frame}: the queue holds its capacity in frames, or the frame would pass its bytes (an empty queue takes any frame). */
    private boolean full(byte[] frame) {
        return queue.size() >= capacity || (!queue.isEmpty() && queue.bytes() + frame.length > maxBytes);
    }

    long replayRoomBytes() {
        if (state != State.REPLAYING || queue.size() > capacity / 2 || queue.bytes() > maxBytes / 2) {
            return 0;
        }
        return maxBytes - queue.bytes();
    }

    long queuedReplayBytes() {
        return queue.chargedBytes();
    }

    int replayRoomFrames() {
        return Math.max(0, capacity - queue.size());
    }

    boolean parkReplay(Runnable resume, long untilBytes) {
        return state == State.REPLAYING && parking.park(resume, untilBytes);
    }

    long reclaimReplay() {
        if (state != State.REPLAYING || !parking.isParked()) {
            return 0;
        }
        long freed = parking.takeBack();
        if (freed > 0) {
            lastQueuedId = Math.min(lastQueuedId, parking.rewindTo());
        }
        return freed;
    }

    long takeRewind() {
        return parking.takeRewind();
    }

    void goLive() {
        if (state == State.REPLAYING) {
            state = State.LIVE;
        }
    }

    /** Closes once; false when already closed. {@code frame} (null: none) is queued after what the client keeps. */
    boolean markClosed(CloseReason reason, byte[] frame) {
        if (state == State.CLOSED) {
            return false;
        }
        close(reason, frame);
        return true;
    }

    private void close(CloseReason reason, byte[] frame) {
        state = State.CLOSED;
        parking.cancel();
        long chargedBefore = queue.chargedBytes();
        if (reason == CloseReason.SLOW_CONSUMER || reason == CloseReason.CLIENT_GONE) {
            // The client resumes from the store after the last frame it was actually sent.
            queue.clear();
        } else {
            // Catch-up frames not yet sent go back to the budget; the client resumes after what it got.
            queue.truncateFromFirstCharged();
        }
        budget.release(chargedBefore - queue.chargedBytes());
        if (frame != null) {
            queue.add(frame, 0L);
        }
    }
}
