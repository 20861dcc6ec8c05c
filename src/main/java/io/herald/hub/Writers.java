package io.herald.hub;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The writer threads that drain subscribers' queues to their sockets. A drain never blocks, so a
 * few threads serve every stream; waking thousands of streams costs one hand-off per thread.
 * Once stopped, work handed to them is dropped, never rejected: the streams are closing by then.
 */
final class Writers {

    private final int threads;
    private final ThreadPoolExecutor pool;

    Writers(int threads) {
        this.threads = threads;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("writer"), new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Drains the subscribers on the writer threads, one task per thread with a share of the list. */
    void wake(List<Subscriber> subscribers) {
        int n = subscribers.size();
        int tasks = Math.min(threads, n);
        for (int t = 0; t < tasks; t++) {
            List<Subscriber> share = subscribers.subList(n * t / tasks, n * (t + 1) / tasks);
            pool.execute(() -> share.forEach(Subscriber::drainHere));
        }
    }

    /** The writer threads, for transports that schedule their own drains ({@link Subscriber.Outlet#signal()}). */
    Executor executor() {
        return pool;
    }

    /** Lets queued drains finish within {@code graceMillis}, then stops the threads. */
    void stop(long graceMillis) {
        NamedThreads.stop(pool, "writer", graceMillis);
    }
}
