package io.herald.hub;

import io.herald.store.Appended;
import io.herald.store.MessageLog;
import io.herald.store.StoredMessage;
import java.lang.System.Logger.Level;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The sequencer's second half: hands what each committed transaction stored to fan-out, then
 * acknowledges it (completes its publishers' futures), in commit order. Where the log must still force
 * its appends to disk ({@link MessageLog#defersForce}, the H2 journal with
 * {@code herald.store.fsync}), this runs on a thread of its own: one force covers every transaction
 * committed before it, and the sequencer commits the next one meanwhile instead of waiting for the
 * disk. Elsewhere it runs on the sequencer's thread, as soon as the commit returns.
 */
final class Acknowledger {

    private static final System.Logger LOG = System.getLogger(Acknowledger.class.getName());

    /** One committed transaction: its publications (as queued) and what became of each. */
    record Commit(List<Sequencer.Pending> batch, List<List<Appended>> results) {
    }

    /** Queued by {@link #finish}: everything before it is acknowledged, then the thread ends. */
    private static final Commit END = new Commit(List.of(), List.of());

    private final MessageLog log;
    private final FanOut fanOut;
    private final HubObserver observer;
    private final BlockingQueue<Commit> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    Acknowledger(MessageLog log, FanOut fanOut, HubObserver observer) {
        this.log = log;
        this.fanOut = fanOut;
        this.observer = observer;
        this.thread = log.defersForce() ? new Thread(this::run, "herald-acknowledger") : null;
    }

    void start() {
        if (thread != null) {
            thread.start();
        }
    }

    /** Acknowledges {@code commit} now, or once the log has forced it to disk. Called by the sequencer only. */
    void committed(Commit commit) {
        if (thread == null) {
            acknowledge(commit);
        } else {
            queue.add(commit);
        }
    }

    /** Acknowledges what was handed over, then ends the thread (the sequencer's last step). */
    void finish() {
        if (thread == null) {
            return;
        }
        queue.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Commit> commits = new ArrayList<>();
        boolean ending = false;
        while (!ending) {
            try {
                commits.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(commits);
            // Nothing is queued after END, so when a batch holds it, it is the last element. Found by
            // identity: a record's equals would leave the webapp's class loader pinned by Java 17's
            // method-handle cache after an undeploy (JDK-8078641).
            ending = commits.get(commits.size() - 1) == END;
            if (ending) {
                commits.remove(commits.size() - 1);
            }
            forceAndAcknowledge(commits);
            commits.clear();
        }
    }

    private void forceAndAcknowledge(List<Commit> commits) {
        if (commits.isEmpty()) {
            return;
        }
        try {
            log.forceAppended();
        } catch (RuntimeException | Error e) {
            // Committed but not on disk: not acknowledged, as when the commit itself fails. The
            // thread lives on; the next force may succeed.
            LOG.log(Level.ERROR, "forcing " + commits.size() + " committed transaction(s) to disk failed", e);
            for (Commit c : commits) {
                for (Sequencer.Pending p : c.batch()) {
                    p.done().completeExceptionally(e);
                }
            }
            return;
        }
        commits.forEach(this::acknowledge);
    }

    private void acknowledge(Commit commit) {
        List<Sequencer.Pending> batch = commit.batch();
        long[] submitted = new long[batch.stream().mapToInt(p -> p.messages().size()).sum()];
        List<StoredMessage> stored = storedOf(batch, commit.results(), submitted);
        // Fanned out before acknowledged: once a publisher has its 201, this node's subscribers
        // have the message queued and a last id read here (GET /api/channels) includes it.
        if (!stored.isEmpty()) {
            fanOut(batch, stored, submitted.length == stored.size() ? submitted : Arrays.copyOf(submitted, stored.size()));
        }
        for (int p = 0; p < batch.size(); p++) {
            batch.get(p).done().complete(commit.results().get(p));
        }
    }

    private void fanOut(List<Sequencer.Pending> batch, List<StoredMessage> stored, long[] submitted) {
        try {
            fanOut.fanOut(stored, submitted);
            long now = System.nanoTime();
            for (Sequencer.Pending p : batch) {
                observer.fannedOut(now - p.submittedNanos());
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "fan-out of ids " + stored.get(0).id() + ".." + stored.get(stored.size() - 1).id()
                    + " failed", e);
        }
    }

    /**
     * The messages stored now, in id order, and in {@code submitted} when each was queued. In the
     * usual case (publications of one message each, all stored) a view of the results, not a copy.
     */
    static List<StoredMessage> storedOf(List<Sequencer.Pending> batch, List<List<Appended>> results, long[] submitted) {
        boolean singles = true;
        for (int p = 0; p < batch.size() && singles; p++) {
            singles = results.get(p).size() == 1 && results.get(p).get(0).isStored();
            submitted[p] = batch.get(p).submittedNanos();
        }
        if (singles) {
            return new AbstractList<>() {
                @Override
                public StoredMessage get(int index) {
                    return results.get(index).get(0).message();
                }

                @Override
                public int size() {
                    return results.size();
                }
            };
        }
        List<StoredMessage> stored = new ArrayList<>(submitted.length);
        for (int p = 0; p < batch.size(); p++) {
            for (Appended a : results.get(p)) {
                if (a.isStored()) {
                    submitted[stored.size()] = batch.get(p).submittedNanos();
                    stored.add(a.message());
                }
            }
        }
        return stored;
    }
}
