package io.herald.hub;

import io.herald.protocol.Frames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeat: every period, a comment frame to each stream with nothing queued. Writing it is
 * what finds a dead peer (the write fails), and it keeps proxies from timing the stream out. Once a
 * second it also closes the streams whose time is up ({@link ConnectionInfo#until}) with reason
 * {@code reauth}.
 */
final class Heartbeat {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());
    private static final byte[] FRAME = Frames.comment("");

    private static final long EXPIRY_CHECK_MILLIS = 1000;

    private final Registry registry;
    private final Writers writers;
    private final Subscriptions subscriptions;
    private final Waiters waiters;
    private final long periodMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new NamedThreads("heartbeat"));

    Heartbeat(Registry registry, Writers writers, Subscriptions subscriptions, Waiters waiters, long periodMillis) {
        this.registry = registry;
        this.waiters = waiters;
        this.writers = writers;
        this.subscriptions = subscriptions;
        this.periodMillis = periodMillis;
    }

    void start() {
        timer.scheduleAtFixedRate(this::beat, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::expire, EXPIRY_CHECK_MILLIS, EXPIRY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop(long graceMillis) {
        NamedThreads.stop(timer, "heartbeat", graceMillis);
    }

    private void beat() {
        try {
            List<Subscriber> woken = new ArrayList<>();
            for (Subscriber s : registry.all()) {
                if (s.offerHeartbeat(FRAME) == Subscriber.Offer.WAKE) {
                    woken.add(s);
                }
            }
            writers.wake(woken);
        } catch (RuntimeException | Error e) {
            // Anything thrown out of a scheduled task would end the heartbeat (and dead-peer detection) for good.
            LOG.log(System.Logger.Level.ERROR, "heartbeat failed (next one as scheduled)", e);
        }
    }

    private void expire() {
        try {
            Instant now = Instant.now();
            subscriptions.closeWhere(s -> s.info().expired(now), CloseReason.REAUTH);
            waiters.expire(now);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "closing expired streams failed (next check as scheduled)", e);
        }
    }
}
