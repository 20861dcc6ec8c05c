package io.herald.hub;

import java.util.Map;

/**
 * What the hub holds and has done, read without changing anything: for the dashboard, the
 * metrics, the health check and tests. Each figure is read now; none is a snapshot of the others.
 */
public final class Gauges {

    private final Registry registry;
    private final Traffic traffic;
    private final CatchUpBudget catchUpBudget;
    private final Waiters waiters;

    Gauges(Registry registry, Traffic traffic, CatchUpBudget catchUpBudget, Waiters waiters) {
        this.registry = registry;
        this.traffic = traffic;
        this.catchUpBudget = catchUpBudget;
        this.waiters = waiters;
    }

    /** Streams open now. */
    public int connectionCount() {
        return registry.size();
    }

    /** Streams open now that subscribe through at least one pattern ({@code orders/*}). */
    public int patternConnectionCount() {
        return registry.patternSubscribers();
    }

    /** Open streams per channel, and per pattern ({@code orders/*}) under the pattern itself. */
    public Map<String, Integer> subscriberCounts() {
        return registry.subscriberCounts();
    }

    /** Long-polls waiting now. */
    public int waitingPolls() {
        return waiters.size();
    }

    /** Counts of what went through the hub since start. */
    public Traffic traffic() {
        return traffic;
    }

    /** Messages stored through this hub since start. */
    public long publishedCount() {
        return traffic.published();
    }

    /** Bytes the catch-ups hold now (queued replay frames and pages being read), within {@code herald.stream.catchup-max-bytes}. */
    public long catchUpBytes() {
        return catchUpBudget.used();
    }

    /** Bytes waiting in all streams' queues right now (a live frame shared by many streams counts for each). */
    public long queuedBytes() {
        return registry.queuedBytes();
    }

    /** Frames waiting in all streams' queues right now. */
    public long queuedFrames() {
        return registry.queuedFrames();
    }

    /** The id of the last message fanned out on this node (every one up to it was). */
    public long lastFannedOutId() {
        return registry.lastFanned();
    }
}
