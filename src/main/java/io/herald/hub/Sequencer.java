package io.herald.hub;

import io.herald.store.EventLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Group commit: publishers queue messages and wait on a future; one thread appends everything
 * queued (up to {@code batchMax}) in one transaction, completes the futures once the rows are
 * committed, then hands the batch to fan-out in id order. At rest a batch holds one message, so
 * latency stays low; under load batches grow, so throughput grows with concurrency.
 */
final class Sequencer {

    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());

    private record Pending(NewMessage message, CompletableFuture<StoredMessage> stored) {
    }

    private final EventLog log;
    private final int batchMax;
    private final Consumer<List<StoredMessage>> fanOut;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private volatile boolean accepting = true;
    private volatile int largestBatch;

    Sequencer(EventLog log, int batchMax, Consumer<List<StoredMessage>> fanOut) {
        this.log = log;
        this.batchMax = batchMax;
        this.fanOut = fanOut;
        this.thread = new Thread(this::run, "herald-sequencer");
    }

    void start() {
        thread.start();
    }

    CompletableFuture<StoredMessage> submit(NewMessage message) {
        CompletableFuture<StoredMessage> stored = new CompletableFuture<>();
        if (!accepting) {
            stored.completeExceptionally(new IllegalStateException("Herald is shutting down"));
            return stored;
        }
        queue.add(new Pending(message, stored));
        return stored;
    }

    long batches() {
        return batches.get();
    }

    long appended() {
        return appended.get();
    }

    int largestBatch() {
        return largestBatch;
    }

    /** Stops accepting, appends what is already queued, and waits for the thread to end. */
    void stop(long timeoutMillis) {
        accepting = false;
        thread.interrupt();
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.stored().completeExceptionally(new IllegalStateException("Herald is shutting down"));
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchMax);
        while (accepting || !queue.isEmpty()) {
            try {
                Pending first = accepting ? queue.poll(1, TimeUnit.SECONDS) : queue.poll();
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchMax - 1);
                appendAndFanOut(batch);
            } catch (InterruptedException e) {
                if (accepting) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void appendAndFanOut(List<Pending> batch) {
        List<NewMessage> messages = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            messages.add(p.message());
        }
        List<StoredMessage> stored;
        try {
            stored = log.append(messages);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "append of " + batch.size() + " message(s) failed", e);
            for (Pending p : batch) {
                p.stored().completeExceptionally(e);
            }
            return;
        }
        batches.incrementAndGet();
        appended.addAndGet(stored.size());
        largestBatch = Math.max(largestBatch, stored.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).stored().complete(stored.get(i));
        }
        try {
            fanOut.accept(stored);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "fan-out of ids " + stored.get(0).id() + ".." + stored.get(stored.size() - 1).id()
                    + " failed", e);
        }
    }
}
