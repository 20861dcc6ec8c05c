package io.herald.hub;

import io.herald.store.MessagePruning;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prunes stored messages in the background: older than {@code maxAge} (null: kept forever) and
 * beyond the newest {@code maxPerChannel} per channel (0: no limit). Each channel's floor is raised
 * in the hub before its rows are deleted, so a catch-up that finds rows gone also finds the floor
 * and sends {@code event: reset} instead of a silent gap. Idempotency keys older than their
 * window are deleted in the same pass, and {@code alsoEachPass} runs after it (the audit trail's retention).
 */
public final class Retention implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Retention.class.getName());

    private final Hub hub;
    private final MessagePruning log;
    private final Duration maxAge;
    private final int maxPerChannel;
    private final Duration keyWindow;
    private final Runnable alsoEachPass;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new NamedThreads("retention"));

    public Retention(Hub hub, MessagePruning log, Duration maxAge, int maxPerChannel, Duration keyWindow) {
        this(hub, log, maxAge, maxPerChannel, keyWindow, () -> { });
    }

    public Retention(Hub hub, MessagePruning log, Duration maxAge, int maxPerChannel, Duration keyWindow,
            Runnable alsoEachPass) {
        this.hub = hub;
        this.log = log;
        this.maxAge = maxAge;
        this.maxPerChannel = maxPerChannel;
        this.keyWindow = keyWindow;
        this.alsoEachPass = alsoEachPass;
    }

    public void start(long periodMillis) {
        timer.scheduleWithFixedDelay(this::runSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            prune();
        } catch (RuntimeException | Error e) {
            // Anything thrown out of a scheduled task would end its schedule for good.
            LOG.log(Level.WARNING, "pruning old messages failed (will retry): " + e, e);
        }
        try {
            alsoEachPass.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "pruning (beyond messages) failed (will retry): " + e, e);
        }
    }

    /** One pass; returns how many channels it pruned. */
    int prune() {
        int keys = log.pruneKeys(Instant.now().minus(keyWindow));
        if (keys > 0) {
            LOG.log(Level.DEBUG, () -> "pruned " + keys + " idempotency key(s) older than " + keyWindow);
        }
        if (maxAge == null && maxPerChannel == 0) {
            return 0;
        }
        Map<String, Long> cutoffs = log.pruneCandidates(maxAge == null ? null : Instant.now().minus(maxAge), maxPerChannel);
        if (cutoffs.isEmpty()) {
            return 0;
        }
        hub.raiseFloors(cutoffs);
        cutoffs.forEach(log::pruneThrough);
        LOG.log(Level.DEBUG, () -> "pruned " + cutoffs.size() + " channel(s): " + cutoffs);
        return cutoffs.size();
    }

    @Override
    public void close() {
        NamedThreads.stop(timer, "retention", 10_000);
    }
}
