package io.herald.hub;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The writer threads that drain subscribers' queues to their sockets. A drain never blocks, so a
 * few threads serve every stream; waking thousands of streams costs one hand-off per thread.
 */
final class Writers {

    private final int threads;
    private final ThreadPoolExecutor pool;

    Writers(int threads) {
        this.threads = threads;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("writer"), new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Drains the subscribers, one task per thread with a share of the list (on the caller once shut down). */
    void wake(List<Subscriber> subscribers) {
        int n = subscribers.size();
        int tasks = Math.min(threads, n);
        for (int t = 0; t < tasks; t++) {
            List<Subscriber> share = subscribers.subList(n * t / tasks, n * (t + 1) / tasks);
            Runnable drainAll = () -> share.forEach(Subscriber::drainHere);
            try {
                pool.execute(drainAll);
            } catch (RejectedExecutionException shuttingDown) {
                drainAll.run();
            }
        }
    }

    Executor executor() {
        return pool;
    }

    ThreadPoolExecutor pool() {
        return pool;
    }
}
