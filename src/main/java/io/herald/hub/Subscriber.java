package io.herald.hub;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open stream as the hub sees it: its channels, a queue of encoded frames bounded in frames
 * and in bytes, and the state {@code REPLAYING -> LIVE -> CLOSED}. Every transition and queue
 * change happens under this object's lock. The transport (the servlet side) drains the queue when
 * told to through {@link Outlet#signal()}.
 */
public final class Subscriber {

    /**
     * The transport's side: asked to drain whenever frames were queued into an empty queue or the
     * subscriber closed. Unless a drain is already running (which then picks the new frames up),
     * {@link #signal()} has one scheduled on the transport's own threads, and {@link #drainHere()}
     * drains on the calling thread, which the hub does from its writer threads.
     */
    public interface Outlet {
        void signal();

        default void drainHere() {
            signal();
        }
    }

    /**
     * What an offer did. {@code WAKE}: queued into an empty queue, so the outlet must be signalled;
     * {@code QUEUED}: queued behind frames whose drain is already due.
     */
    enum Offer { WAKE, QUEUED, IGNORED, OVERFLOW }

    private enum State { REPLAYING, LIVE, CLOSED }

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Set<String> channels;
    private final ConnectionInfo info;
    private final int capacity;
    private final long maxBytes;
    private final CatchUpBudget budget;
    private final FrameQueue queue = new FrameQueue();
    private Outlet outlet;
    private State state = State.REPLAYING;
    private long lastQueuedId;
    private long lastSentId;
    private long framesSent;
    private Runnable parkedReplay;
    /** The parked catch-up resumes once the queue holds at most this many bytes (and half its frames). */
    private long parkedUntilBytes;
    /** Where the catch-up must read from again after its queued frames were taken back (-1: nowhere). */
    private long rewindTo = -1;
    /** Counted against the connection limits (set once by the hub, before the subscriber is registered). */
    volatile boolean admitted;

    private final java.util.function.LongConsumer written;

    Subscriber(Set<String> channels, ConnectionInfo info, int capacity, long maxBytes, CatchUpBudget budget,
            java.util.function.LongConsumer written) {
        this.channels = Set.copyOf(channels);
        this.info = info;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.written = written;
    }

    public long id() {
        return id;
    }

    public Set<String> channels() {
        return channels;
    }

    public ConnectionInfo info() {
        return info;
    }

    void attach(Outlet outlet, byte[] firstFrame) {
        synchronized (this) {
            this.outlet = outlet;
            queue.add(firstFrame, 0L);
        }
    }

    /**
     * Takes queued frames, concatenated, up to about {@code maxBytes} (at least one frame), or
     * null when the queue is empty. Wakes a parked catch-up once the queue has drained enough.
     */
    public byte[] take(int chunkBytes) {
        Runnable resume;
        byte[] chunk = null;
        long oldestStamp = 0;
        long released = 0;
        synchronized (this) {
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
            resume = unparkIfDrained();
        }
        budget.release(released);
        if (resume != null) {
            resume.run();
        }
        if (oldestStamp != 0) {
            written.accept(System.nanoTime() - oldestStamp);
        }
        return chunk;
    }

    /** True once the subscriber is closed and its last frame (if any) was taken: complete the stream. */
    public synchronized boolean isFinished() {
        return state == State.CLOSED && queue.isEmpty();
    }

    public synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    public synchronized long lastSentId() {
        return lastSentId;
    }

    public synchronized long framesSent() {
        return framesSent;
    }

    public synchronized int queueDepth() {
        return queue.size();
    }

    /** Bytes waiting in the queue now. */
    public synchronized long queuedBytes() {
        return queue.bytes();
    }

    /**
     * A live message. When the queue is full the subscriber is closed as slow on the spot, in the
     * same critical section: a later message of the same fan-out must never be queued after one
     * that was dropped, or the client would resume past the dropped one and lose it.
     */
    Offer offerLive(long messageId, byte[] frame, long submittedNanos) {
        synchronized (this) {
            if (state != State.LIVE || messageId <= lastQueuedId) {
                return Offer.IGNORED;
            }
            Offer offer = enqueue(messageId, frame, submittedNanos);
            if (offer == Offer.OVERFLOW) {
                closeLocked(CloseReason.SLOW_CONSUMER);
            }
            return offer;
        }
    }

    /** A frame a catch-up encoded for this stream alone: counted against the catch-up budget until taken. */
    Offer offerReplay(long messageId, byte[] frame) {
        synchronized (this) {
            if (state != State.REPLAYING) {
                return Offer.IGNORED;
            }
            return enqueue(messageId, frame, 0L, true);
        }
    }

    /**
     * The heartbeat: queued only when nothing else is waiting, because any queued frame already
     * probes the peer when it is written. So a full queue during catch-up never counts as slow.
     */
    Offer offerHeartbeat(byte[] frame) {
        synchronized (this) {
            if (state == State.CLOSED || !queue.isEmpty()) {
                return Offer.IGNORED;
            }
            return enqueue(0L, frame);
        }
    }

    /** A notice to this client (no id), such as {@code reset}: queued unless closed, even beyond capacity. */
    Offer offerNotice(byte[] frame) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return Offer.IGNORED;
            }
            int size = queue.size();
            queue.add(frame, 0L);
            return size == 0 ? Offer.WAKE : Offer.QUEUED;
        }
    }

    /** A frame that is not a stored message (no id): queued while live, dropped when the queue is full. */
    Offer offerTransient(byte[] frame) {
        synchronized (this) {
            if (state != State.LIVE || full(frame)) {
                return Offer.IGNORED;
            }
            return enqueue(0L, frame);
        }
    }

    private Offer enqueue(long messageId, byte[] frame) {
        return enqueue(messageId, frame, 0L, false);
    }

    private Offer enqueue(long messageId, byte[] frame, long stamp) {
        return enqueue(messageId, frame, stamp, false);
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

    long maxBytes() {
        return maxBytes;
    }

    /**
     * Bytes a catch-up may queue now: none unless the stream replays and its queue is at most half
     * full (in frames and in bytes), so a catch-up reads pages of some size rather than a frame at a time.
     */
    synchronized long replayRoomBytes() {
        if (state != State.REPLAYING || queue.size() > capacity / 2 || queue.bytes() > maxBytes / 2) {
            return 0;
        }
        return maxBytes - queue.bytes();
    }

    /** Bytes of catch-up frames queued and not yet taken (counted against the catch-up budget). */
    synchronized long queuedReplayBytes() {
        return queue.chargedBytes();
    }

    synchronized int replayRoomFrames() {
        return Math.max(0, capacity - queue.size());
    }

    /**
     * Parks a catch-up until the queue holds at most {@code untilBytes} bytes and half its frames;
     * false (not parked) when it already does, or the stream no longer replays.
     */
    synchronized boolean parkReplay(Runnable resume, long untilBytes) {
        if (state != State.REPLAYING || drained(untilBytes)) {
            return false;
        }
        parkedReplay = resume;
        parkedUntilBytes = untilBytes;
        if (queue.chargedBytes() > 0) {
            budget.parked(this);
        }
        return true;
    }

    private boolean drained(long untilBytes) {
        return queue.bytes() <= untilBytes && queue.size() <= capacity / 2;
    }

    /** The parked catch-up, taken out to be resumed, once the queue has drained enough (else null). */
    private Runnable unparkIfDrained() {
        if (parkedReplay == null || !drained(parkedUntilBytes)) {
            return null;
        }
        Runnable resume = parkedReplay;
        parkedReplay = null;
        budget.unparked(this);
        return resume;
    }

    /**
     * The catch-up budget takes back this parked catch-up's queued frames (its client is not
     * reading them): they are dropped and read again from the store once the client reads what is
     * left. Returns the bytes freed, which the caller accounts for.
     */
    synchronized long reclaimReplay() {
        if (state != State.REPLAYING || parkedReplay == null) {
            return 0;
        }
        long firstDropped = queue.firstIdOfChargedTail();
        long freed = queue.dropChargedTail();
        if (freed > 0) {
            // Replay queues every row after its cursor in id order: nothing lies between what stays and what went.
            rewindTo = rewindTo < 0 ? firstDropped - 1 : Math.min(rewindTo, firstDropped - 1);
            lastQueuedId = Math.min(lastQueuedId, rewindTo);
        }
        return freed;
    }

    /** Where the catch-up must read from again (then forgotten), or -1. */
    synchronized long takeRewind() {
        long r = rewindTo;
        rewindTo = -1;
        return r;
    }

    synchronized boolean isReplaying() {
        return state == State.REPLAYING;
    }

    /** Called under the hub's fan-out lock, so no live message can slip between replay and live. */
    synchronized void goLive() {
        if (state == State.REPLAYING) {
            state = State.LIVE;
        }
    }

    /** Marks the subscriber closed once; false when it already was. Queues the reason's close frame. */
    synchronized boolean markClosed(CloseReason reason) {
        return markClosed(reason, reason.closeFrame());
    }

    /** As {@link #markClosed(CloseReason)}, with a close frame made for this stream (null: none). */
    synchronized boolean markClosed(CloseReason reason, byte[] closeFrame) {
        if (state == State.CLOSED) {
            return false;
        }
        closeLocked(reason, closeFrame);
        return true;
    }

    private void closeLocked(CloseReason reason) {
        closeLocked(reason, reason.closeFrame());
    }

    private void closeLocked(CloseReason reason, byte[] frame) {
        state = State.CLOSED;
        if (parkedReplay != null) {
            parkedReplay = null;
            budget.unparked(this);
        }
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

    void signal() {
        Outlet o = outlet();
        if (o != null) {
            o.signal();
        }
    }

    /** The drain runs on the calling thread (a hub writer thread) unless one already runs. */
    void drainHere() {
        Outlet o = outlet();
        if (o != null) {
            o.drainHere();
        }
    }

    private synchronized Outlet outlet() {
        return outlet;
    }
}
