package io.herald.bench.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscribers of one process, spread round robin over a few selector threads (one per core by
 * default: more threads than cores only adds context switches). Phases wait on latches with a
 * deadline: "connected" counts each subscriber once when its response head arrives or its connect
 * fails, "settled" once when it has every expected message or can no longer get them.
 */
final class SubscriberShard {

    private final List<IoLoop> loops = new ArrayList<>();
    private final CountDownLatch connected;
    private final CountDownLatch settled;
    /** Updated once per connect, not per delivery, so an atomic costs nothing that matters. */
    private final AtomicLong established = new AtomicLong();

    SubscriberShard(ShardConfig cfg, int subscribers) throws IOException {
        connected = new CountDownLatch(subscribers);
        settled = new CountDownLatch(subscribers);
        int threads = Math.max(1, Math.min(cfg.threads, Math.max(1, subscribers)));
        for (int i = 0; i < threads; i++) {
            loops.add(new IoLoop(this, i, cfg));
        }
        for (int i = 0; i < subscribers; i++) {
            IoLoop loop = loops.get(i % threads);
            loop.add(new Subscription(loop, cfg.expectedMessages));
        }
    }

    void start() {
        loops.forEach(IoLoop::start);
    }

    void connectedOne(boolean ok) {
        if (ok) {
            established.incrementAndGet();
        }
        connected.countDown();
    }

    long connectedCount() {
        return established.get();
    }

    void settledOne() {
        settled.countDown();
    }

    /** Waits until every subscriber is connected or failed; false if the deadline came first. */
    boolean awaitConnected(long deadlineNanos) throws InterruptedException {
        return connected.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Waits until every subscriber has all messages or has ended; false on deadline. */
    boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        return settled.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    long pendingConnects() {
        return connected.getCount();
    }

    long unsettled() {
        return settled.getCount();
    }

    /** Closes every connection and returns the merged result. */
    ShardResult stop() throws InterruptedException {
        loops.forEach(IoLoop::stop);
        ShardResult total = new ShardResult();
        for (IoLoop l : loops) {
            l.join(10_000);
            if (l.alive()) {
                total.fail("selector thread did not stop");
                continue; // its counters may be mid-update: leave them out rather than guess
            }
            total.merge(l.collect());
        }
        return total;
    }
}
