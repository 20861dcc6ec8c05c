package io.herald.hub;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names Herald's threads {@code herald-ROLE-N}, so a thread dump (and a leak test) shows whose
 * they are, and stops them the one safe way.
 */
public final class NamedThreads implements ThreadFactory {

    private static final System.Logger LOG = System.getLogger(NamedThreads.class.getName());

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    public NamedThreads(String role) {
        this.prefix = "herald-" + role + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        return new Thread(task, prefix + next.incrementAndGet());
    }

    /**
     * Stops {@code pool} and waits up to {@code millis} for its running task to finish, without an
     * interrupt: an interrupt inside a JDBC call on H2 closes the database file's channel under
     * every other session. Only a task still running after the wait is interrupted (and named in
     * the log), so a stop never leaves a thread behind in the container.
     */
    public static void stop(ExecutorService pool, String role, long millis) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "herald-" + role + " did not finish within " + millis + " ms of the stop: interrupted");
                pool.shutdownNow();
                if (!pool.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                    LOG.log(Level.ERROR, "herald-" + role + " is still running after an interrupt");
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
