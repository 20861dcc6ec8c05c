package io.herald.hub;

import io.herald.store.Appended;
import io.herald.store.MessageLog;
import io.herald.store.NewMessage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit: publishers queue publications (one message, or a batch request's messages) and
 * wait on a future; one thread appends everything queued (up to {@code batchMax} messages and 8 MiB
 * of data, and always whole publications, so a batch request is never split) in one transaction,
 * then hands the commit to the {@link Acknowledger}, which completes the futures once the rows are
 * committed (and on disk) and hands what was stored to fan-out in id order (messages answered from
 * an idempotency key were fanned out when they were stored). At rest a
 * transaction holds one publication, so latency stays low; under load it grows, so throughput
 * grows with concurrency.
 */
final class Sequencer {

    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());

    /** One publication waiting for its transaction: its messages, and the future its publisher waits on. */
    record Pending(List<NewMessage> messages, CompletableFuture<List<Appended>> done, long submittedNanos, long chars) {

        Pending(List<NewMessage> messages, CompletableFuture<List<Appended>> done, long submittedNanos) {
            this(messages, done, submittedNanos, messages.stream().mapToLong(m -> m.data().length()).sum());
        }
    }

    /** Queued by {@link #stop}: everything before it is appended, then the thread ends. */
    private static final Pending STOP = new Pending(List.of(), null, 0);

    /**
     * At most this many characters of data in one transaction (besides {@code batchMax} messages):
     * a transaction of many large messages would hold them all in the database's memory at once.
     */
    static final long MAX_TRANSACTION_CHARS = 8L * 1024 * 1024;

    private final MessageLog log;
    private final int batchMax;
    private final Acknowledger acknowledger;
    private final HubObserver observer;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Traffic traffic;
    private final Thread thread;
    private boolean accepting = true;

    /**
     * Appends to {@code log}, hands each stored batch to {@code fanOut}, reports timings to
     * {@code observer} and counts transactions in {@code traffic}.
     */
    Sequencer(MessageLog log, int batchMax, FanOut fanOut, HubObserver observer, Traffic traffic) {
        this.log = log;
        this.batchMax = batchMax;
        this.acknowledger = new Acknowledger(log, fanOut, observer);
        this.observer = observer;
        this.traffic = traffic;
        this.thread = new Thread(this::run, "herald-sequencer");
    }

    void start() {
        acknowledger.start();
        thread.start();
    }

    /**
     * Queues a publication for the next transaction. Admission and {@link #stop} share a lock, so
     * it is either queued before the stop sentinel (and appended) or refused: never left behind.
     */
    CompletableFuture<List<Appended>> submit(List<NewMessage> messages) {
        CompletableFuture<List<Appended>> done = new CompletableFuture<>();
        synchronized (this) {
            if (accepting) {
                queue.add(new Pending(messages, done, System.nanoTime()));
                return done;
            }
        }
        done.completeExceptionally(new IllegalStateException("Herald is shutting down"));
        return done;
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
                    left.done().completeExceptionally(new IllegalStateException("Herald is shutting down"));
                }
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            takeMore(batch);
            // Nothing is queued after STOP, so when a batch holds it, it is the last element.
            if (batch.get(batch.size() - 1) == STOP) {
                batch.remove(batch.size() - 1);
                stopping = true;
            }
            if (!batch.isEmpty()) {
                append(batch);
            }
            batch.clear();
        }
        acknowledger.finish();
    }

    /**
     * Adds queued publications while the transaction holds at most {@code batchMax} messages and
     * {@link #MAX_TRANSACTION_CHARS} of data; a publication that would pass either waits for the
     * next one (the first is always taken whole). Only this thread takes from the queue, so what it
     * peeks at is what it polls.
     */
    private void takeMore(List<Pending> batch) {
        int messages = batch.get(0).messages().size();
        long chars = batch.get(0).chars();
        Pending next;
        while (batch.get(batch.size() - 1) != STOP && (next = queue.peek()) != null
                && messages + next.messages().size() <= batchMax && chars + next.chars() <= MAX_TRANSACTION_CHARS) {
            batch.add(queue.poll());
            messages += next.messages().size();
            chars += next.chars();
        }
    }

    private void append(List<Pending> batch) {
        List<List<NewMessage>> publications = new ArrayList<>(batch.size());
        int count = 0;
        for (Pending p : batch) {
            publications.add(p.messages());
            count += p.messages().size();
        }
        List<List<Appended>> results;
        long start = System.nanoTime();
        try {
            results = log.appendAll(publications);
        } catch (RuntimeException | Error e) {
            // The batch fails, the thread lives on: it is the only one that appends (an
            // OutOfMemoryError ending it would refuse every publish until a restart).
            LOG.log(Level.ERROR, "append of " + count + " message(s) failed", e);
            for (Pending p : batch) {
                p.done().completeExceptionally(e);
            }
            return;
        }
        int stored = 0;
        for (List<Appended> r : results) {
            for (Appended a : r) {
                stored += a.isStored() ? 1 : 0;
            }
        }
        observer.appended(stored, System.nanoTime() - start);
        traffic.appended(stored);
        acknowledger.committed(new Acknowledger.Commit(List.copyOf(batch), results));
    }
}
