package io.herald.hub;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What went through the hub since start, for the dashboard and the metrics, and one log line per
 * stream opened and closed (DEBUG, logger {@code io.herald.connections}). Thread-safe, cheap to count.
 */
public final class Traffic {

    private static final System.Logger CONNECTIONS = System.getLogger("io.herald.connections");

    private final Map<CloseReason, LongAdder> closes = new EnumMap<>(CloseReason.class);
    private final LongAdder framesQueued = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final LongAdder catchUpFrames = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private final LongAdder published = new LongAdder();
    private volatile int largestTransaction;

    Traffic() {
        for (CloseReason reason : CloseReason.values()) {
            closes.put(reason, new LongAdder());
        }
    }

    void closed(Subscriber s, CloseReason reason) {
        closes.get(reason).increment();
        CONNECTIONS.log(System.Logger.Level.DEBUG, () -> "stream " + s.id() + " closed: " + reason.wireName() + ", "
                + s.info().client() + ", " + s.framesSent() + " frames sent, last id " + s.lastSentId());
    }

    public long closedCount(CloseReason reason) {
        return closes.get(reason).sum();
    }

    /** The sequencer's thread (only it) reports each append transaction and the messages it stored. */
    void appended(int messages) {
        transactions.increment();
        published.add(messages);
        largestTransaction = Math.max(largestTransaction, messages);
    }

    /** Append transactions since start: {@link #published} over this is how well publishes are grouped. */
    public long appendTransactions() {
        return transactions.sum();
    }

    /** Messages stored since start. */
    public long published() {
        return published.sum();
    }

    /** The most messages one append transaction stored since start. */
    public int largestTransaction() {
        return largestTransaction;
    }

    void connected(Subscriber s, OptionalLong resumeFrom) {
        connects.increment();
        CONNECTIONS.log(System.Logger.Level.DEBUG, () -> "stream " + s.id() + " opened: " + s.info().client()
                + ", channels " + s.channels() + (resumeFrom.isPresent() ? ", resuming after " + resumeFrom.getAsLong() : ""));
    }

    /** Streams subscribed since start. */
    public long connects() {
        return connects.sum();
    }

    void queued(long frames) {
        framesQueued.add(frames);
    }

    /** Message frames handed to streams since start (one per message per subscriber). */
    public long framesQueued() {
        return framesQueued.sum();
    }

    void catchUpFrame() {
        catchUpFrames.increment();
    }

    /** Frames replayed from the store since start. */
    public long catchUpFrames() {
        return catchUpFrames.sum();
    }

    /** Transports report what they wrote. */
    public void written(int bytes) {
        bytesWritten.add(bytes);
    }

    /** Bytes the transports wrote to streams since start. */
    public long bytesWritten() {
        return bytesWritten.sum();
    }
}
