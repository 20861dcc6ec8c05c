package io.herald.hub;

import io.herald.store.MessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: publishers queue messages and wait on a future; one thread appends everything
 * queued (up to {@code batchMax}) in one transaction, completes the futures once the rows are
 * committed, then hands the batch to fan-out in id order. At rest a batch holds one message, so
 * latency stays low; under load batches grow, so throughput grows with concurrency.
 */
final class Sequencer {

    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());

    private record Pending(NewMessage message, CompletableFuture<StoredMessage> stored, long submittedNanos) {
    }

    /** Queued by {@link #stop}: everything before it is appended, then the thread ends. */
    private static final Pending STOP = new Pending(null, null, 0);

    private final MessageLog log;
    private final int batchMax;
    private final FanOut fanOut;
    private final HubObserver observer;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private boolean accepting = true;
    private volatile int largestBatch;

    /** Appends to {@code log}, hands each stored batch to {@code fanOut}, reports timings to {@code observer}. */
    Sequencer(MessageLog log, int batchMax, FanOut fanOut, HubObserver observer) {
        this.log = log;
        this.batchMax = batchMax;
        this.fanOut = fanOut;
        this.observer = observer;
        this.thread = new Thread(this::run, "herald-sequencer");
    }

    void start() {
        thread.start();
    }

    /**
     * Queues a message for the next batch. Admission and {@link #stop} share a lock, so a message
     * is either queued before the stop sentinel (and appended) or refused: never left behind.
     */
    CompletableFuture<StoredMessage> submit(NewMessage message) {
        CompletableFuture<StoredMessage> stored = new CompletableFuture<>();
        synchronized (this) {
            if (accepting) {
                queue.add(new Pending(message, stored, System.nanoTime()));
                return stored;
            }
        }
        stored.completeExceptionally(new IllegalStateException("Herald is shutting down"));
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

    /**
     * Stops accepting and lets the thread append what is already queued, then end. The thread is
     * not interrupted: an interrupt inside a JDBC call can close the database's file channel.
     */
    void stop(long timeoutMillis) {
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(STOP);
        }
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            Pending left;
            while ((left = queue.poll()) != null) {
                if (left != STOP) {
                    left.stored().completeExceptionally(new IllegalStateException("Herald is shutting down"));
                }
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchMax);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, batchMax - 1);
            // Nothing is queued after STOP, so when a batch holds it, it is the last element.
            if (batch.get(batch.size() - 1) == STOP) {
                batch.remove(batch.size() - 1);
                stopping = true;
            }
            if (!batch.isEmpty()) {
                appendAndFanOut(batch);
            }
            batch.clear();
        }
    }

    private void appendAndFanOut(List<Pending> batch) {
        List<NewMessage> messages = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            messages.add(p.message());
        }
        List<StoredMessage> stored;
        long start = System.nanoTime();
        try {
            stored = log.append(messages);
            observer.appended(stored.size(), System.nanoTime() - start);
        } catch (RuntimeException | Error e) {
            // The batch fails, the thread lives on: it is the only one that appends (an
            // OutOfMemoryError ending it would refuse every publish until a restart).
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
            long[] submitted = new long[batch.size()];
            for (int i = 0; i < submitted.length; i++) {
                submitted[i] = batch.get(i).submittedNanos();
            }
            fanOut.fanOut(stored, submitted);
            long now = System.nanoTime();
            for (Pending p : batch) {
                observer.fannedOut(now - p.submittedNanos());
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "fan-out of ids " + stored.get(0).id() + ".." + stored.get(stored.size() - 1).id()
                    + " failed", e);
        }
    }
}
