package io.herald.hub;

import io.herald.store.MessageLog;
import java.util.concurrent.ExecutorService;

/**
 * The catch-ups of one hub: the threads they run on and what they share. A stream that resumes
 * after a {@code Last-Event-ID} gets a {@link CatchUp} that replays what it missed, then goes live.
 */
final class CatchUps {

    private final ExecutorService threads;
    private final CatchUp.Parts parts;

    CatchUps(ExecutorService threads, MessageLog log, int pageSize, CatchUpBudget budget, Floors floors, Registry registry,
            Subscriptions subscriptions, Traffic traffic) {
        this.threads = threads;
        this.parts = new CatchUp.Parts(log, pageSize, threads, budget, floors, registry, subscriptions, traffic);
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
