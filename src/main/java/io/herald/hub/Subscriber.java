package io.herald.hub;

import io.herald.protocol.ChannelPatterns;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One open stream as the hub sees it: its channels, who is on the other end, a queue of encoded
 * frames bounded in frames and in bytes, and the state {@code REPLAYING -> LIVE -> CLOSED}
 * ({@link SubscriberState}). Every transition and queue change happens under this object's lock.
 * The transport (the servlet side) drains the queue when its {@link Outlet} is told to.
 */
public final class Subscriber {

    /**
     * The transport's side, asked to drain whenever frames were queued into an empty queue or the
     * subscriber closed. Both methods do nothing when a drain is already running (it picks the new
     * frames up); they differ only in the thread that drains:
     * <ul>
     * <li>{@link #signal()} has a drain run on another thread. The hub calls it from threads that
     *     must not write to a socket: a publisher's or a catch-up's, or whichever thread closes.
     * <li>{@link #drainHere()} drains on the calling thread. The hub calls it only from its writer
     *     threads, which exist to drain: fan-out and heartbeats wake streams this way.
     * </ul>
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

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Set<String> channels;
    private final boolean hasPattern;
    private final ChannelGate gate;
    private final ConnectionInfo info;
    private final long maxBytes;
    private final CatchUpBudget budget;
    private final LongConsumer written;
    private final SubscriberState state;
    private final ReplayQueue replay;
    private Outlet outlet;
    /** The id of the last message {@link #take} handed out; read by the thread that took it. */
    private long takenThrough;
    /** Counted against the connection limits (set once by the hub, before the subscriber is registered). */
    volatile boolean admitted;

    /**
     * {@code channels} may hold patterns ({@link ChannelPatterns}); one that another covers is
     * dropped. {@code gate} decides each channel that reaches the stream through a pattern.
     * {@code written} hears, per write, how long ago the oldest message in it was submitted (nanoseconds).
     */
    Subscriber(Set<String> channels, ChannelGate gate, ConnectionInfo info, int capacity, long maxBytes,
            CatchUpBudget budget, LongConsumer written) {
        this.channels = Set.copyOf(ChannelPatterns.normalized(channels));
        this.hasPattern = this.channels.stream().anyMatch(ChannelPatterns::isPattern);
        this.gate = gate;
        this.info = info;
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.written = written;
        this.state = new SubscriberState(this, capacity, maxBytes, budget);
        this.replay = new ReplayQueue(this, state);
    }

    public long id() {
        return id;
    }

    /** The channels and patterns it subscribed to, none covered by another. */
    public Set<String> channels() {
        return channels;
    }

    boolean hasPattern() {
        return hasPattern;
    }

    /**
     * Whether a message of {@code channel}, which one of its subscriptions covers, may be sent to
     * it: always for a channel it names, else as its gate decides.
     */
    boolean reads(String channel) {
        return channels.contains(channel) || gate.mayRead(channel);
    }

    public ConnectionInfo info() {
        return info;
    }

    synchronized void attach(Outlet outlet, byte[] firstFrame) {
        this.outlet = outlet;
        state.attach(firstFrame);
    }

    /**
     * Takes queued frames, concatenated, up to about {@code chunkBytes} (at least one frame), or
     * null when the queue is empty. Wakes a parked catch-up once the queue has drained enough.
     */
    public byte[] take(int chunkBytes) {
        SubscriberState.Taken taken;
        synchronized (this) {
            taken = state.take(chunkBytes);
            takenThrough = state.lastSentId();
        }
        budget.release(taken.released());
        if (taken.resume() != null) {
            taken.resume().run();
        }
        if (taken.oldestStamp() != 0) {
            written.accept(System.nanoTime() - taken.oldestStamp());
        }
        return taken.chunk();
    }

    /**
     * The id of the newest message among the frames taken so far, as of the last {@link #take}:
     * for the thread that took them, to say how far its completed writes reached.
     */
    public long takenThrough() {
        return takenThrough;
    }

    /**
     * Whether a message of {@code channel} reaches this stream: one of its subscriptions covers it
     * and, through a pattern, its gate lets it through.
     */
    public boolean receives(String channel) {
        for (String c : channels) {
            if (ChannelPatterns.covers(c, channel)) {
                return reads(channel);
            }
        }
        return false;
    }

    /** True once the subscriber is closed and its last frame (if any) was taken: complete the stream. */
    public synchronized boolean isFinished() {
        return state.isFinished();
    }

    synchronized boolean isClosed() {
        return state.isClosed();
    }

    public synchronized long lastSentId() {
        return state.lastSentId();
    }

    public synchronized long framesSent() {
        return state.framesSent();
    }

    public synchronized int queueDepth() {
        return state.queueDepth();
    }

    /** Bytes waiting in the queue now. */
    synchronized long queuedBytes() {
        return state.queuedBytes();
    }

    /**
     * A live message. When the queue is full the subscriber is closed as slow on the spot, in the
     * same critical section: a later message of the same fan-out must never be queued after one
     * that was dropped, or the client would resume past the dropped one and lose it.
     */
    synchronized Offer offerLive(long messageId, byte[] frame, long submittedNanos) {
        return state.offerLive(messageId, frame, submittedNanos);
    }

    /**
     * The heartbeat: queued only when nothing else is waiting, because any queued frame already
     * probes the peer when it is written. So a full queue during catch-up never counts as slow.
     */
    synchronized Offer offerHeartbeat(byte[] frame) {
        return state.offerHeartbeat(frame);
    }

    /** A notice to this client (no id), such as {@code reset}: queued unless closed, even beyond capacity. */
    synchronized Offer offerNotice(byte[] frame) {
        return state.offerNotice(frame);
    }

    /** A frame that is not a stored message (no id): queued while live, dropped when the queue is full. */
    synchronized Offer offerTransient(byte[] frame) {
        return state.offerTransient(frame);
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The catch-up's side of the queue. */
    ReplayQueue replay() {
        return replay;
    }

    synchronized boolean isReplaying() {
        return state.isReplaying();
    }

    /** Called under the registry's monitor, so no live message can slip between replay and live. */
    synchronized void goLive() {
        state.goLive();
    }

    /** Marks the subscriber closed once; false when it already was. Queues the reason's close frame. */
    synchronized boolean markClosed(CloseReason reason) {
        return state.markClosed(reason, reason.closeFrame());
    }

    /** As {@link #markClosed(CloseReason)}, with a close frame made for this stream (null: none). */
    synchronized boolean markClosed(CloseReason reason, byte[] closeFrame) {
        return state.markClosed(reason, closeFrame);
    }

    /** Asks the outlet to drain on its own threads (see {@link Outlet}). */
    void signal() {
        Outlet o = outlet();
        if (o != null) {
            o.signal();
        }
    }

    /** Asks the outlet to drain on the calling thread, a hub writer thread (see {@link Outlet}). */
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
