package io.herald.hub;

import io.herald.store.MessageLog;
import java.lang.System.Logger.Level;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;

/**
 * The catch-ups of one hub: the threads they run on and what they share. A stream that resumes
 * after a {@code Last-Event-ID} gets a {@link CatchUp} that replays what it missed, then goes live.
 */
final class CatchUps {

    private static final System.Logger LOG = System.getLogger(CatchUps.class.getName());

    private final ExecutorService threads;
    private final CatchUp.Parts parts;
    private final MessageLog log;
    private final Registry registry;

    CatchUps(ExecutorService threads, MessageLog log, int pageSize, CatchUpBudget budget, Floors floors, Registry registry,
            Subscriptions subscriptions, Traffic traffic) {
        this.threads = threads;
        this.parts = new CatchUp.Parts(log, pageSize, threads, budget, floors, registry, subscriptions, traffic);
        this.log = log;
        this.registry = registry;
    }

    /**
     * The id {@code subscriber} resumes after: {@code lastEventId}, or none when this store never
     * gave that id out (the database was replaced, or the id is made up). Then the stream gets
     * {@code event: reset} with reason {@code unknown-id} and {@code latest}, the newest id of its
     * own channels (never of others: no subscriber learns how busy a channel it may not read is),
     * and starts live.
     */
    OptionalLong resumable(Subscriber subscriber, OptionalLong lastEventId) {
        long fanned = registry.lastFanned();
        if (lastEventId.isEmpty() || lastEventId.getAsLong() <= fanned) {
            return lastEventId;
        }
        long latest;
        try {
            latest = Math.min(fanned, log.newestId(subscriber.channels()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reading the newest id of " + subscriber.channels() + " for a reset failed: " + e);
            latest = 0;
        }
        subscriber.offerNotice(Floors.resetFrame("unknown-id", lastEventId.getAsLong(), "latest", latest));
        return OptionalLong.empty();
    }

    /** Replays to {@code subscriber} what was stored after {@code after}, then makes it live. */
    void start(Subscriber subscriber, long after) {
        new CatchUp(parts, subscriber, after).start();
    }

    /** Lets running catch-ups finish within {@code graceMillis}, then stops the threads. */
    void stop(long graceMillis) {
        NamedThreads.stop(threads, "catchup", graceMillis);
    }
}
