package io.herald.hub;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open stream as the hub sees it: its channels, a bounded queue of encoded frames, and the
 * state {@code REPLAYING -> LIVE -> CLOSED}. Every transition and queue change happens under this
 * object's lock. The transport (the servlet side) drains the queue when told to through
 * {@link Outlet#signal()}.
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
    private final FrameQueue queue = new FrameQueue();
    private Outlet outlet;
    private State state = State.REPLAYING;
    private long lastQueuedId;
    private long lastSentId;
    private long framesSent;
    private Runnable parkedReplay;
    /** Counted against the connection limits (set once by the hub, before the subscriber is registered). */
    volatile boolean admitted;

    private final java.util.function.LongConsumer written;

    Subscriber(Set<String> channels, ConnectionInfo info, int capacity, java.util.function.LongConsumer written) {
        this.channels = Set.copyOf(channels);
        this.info = info;
        this.capacity = capacity;
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
     * null when the queue is empty. Wakes a parked catch-up once half the queue is free.
     */
    public byte[] take(int maxBytes) {
        Runnable resume = null;
        byte[] chunk;
        long oldestStamp;
        synchronized (this) {
            if (queue.isEmpty()) {
                return null;
            }
            oldestStamp = queue.headStamp();
            int total = 0;
            int count = 0;
            while (count < queue.size()) {
                int length = queue.peek(count).length;
                if (count > 0 && total + length > maxBytes) {
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
            if (parkedReplay != null && queue.size() <= capacity / 2) {
                resume = parkedReplay;
                parkedReplay = null;
            }
        }
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

    Offer offerReplay(long messageId, byte[] frame) {
        synchronized (this) {
            if (state != State.REPLAYING) {
                return Offer.IGNORED;
            }
            return enqueue(messageId, frame);
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
            if (state != State.LIVE || queue.size() >= capacity) {
                return Offer.IGNORED;
            }
            return enqueue(0L, frame);
        }
    }

    private Offer enqueue(long messageId, byte[] frame) {
        return enqueue(messageId, frame, 0L);
    }

    private Offer enqueue(long messageId, byte[] frame, long stamp) {
        int size = queue.size();
        if (size >= capacity) {
            return Offer.OVERFLOW;
        }
        queue.add(frame, messageId, stamp);
        if (messageId > 0) {
            lastQueuedId = messageId;
        }
        return size == 0 ? Offer.WAKE : Offer.QUEUED;
    }

    synchronized int replayRoom() {
        return state == State.REPLAYING ? Math.max(0, capacity - queue.size()) : 0;
    }

    /** Parks a catch-up until the queue has drained; false (not parked) when there is room again. */
    synchronized boolean parkReplay(Runnable resume) {
        if (state != State.REPLAYING || capacity - queue.size() > 0) {
            return false;
        }
        parkedReplay = resume;
        return true;
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
        parkedReplay = null;
        if (reason == CloseReason.SLOW_CONSUMER || reason == CloseReason.CLIENT_GONE) {
            // The client resumes from the store after the last frame it was actually sent.
            queue.clear();
        }
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
