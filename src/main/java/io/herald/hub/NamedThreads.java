package io.herald.hub;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names Herald's threads {@code herald-ROLE-N}, so a thread dump (and a leak test) shows whose they are. */
final class NamedThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    NamedThreads(String role) {
        this.prefix = "herald-" + role + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        return new Thread(task, prefix + next.incrementAndGet());
    }
}
