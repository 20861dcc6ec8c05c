package io.herald.bench.loadgen;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives publishing: C threads, each with its own keep-alive connection, taking sequence numbers
 * 1..M from a shared counter. With a rate, message k is due at start + (k-1)/R, an absolute
 * schedule, so a slow reply delays the next sends but never lowers the overall rate by
 * accumulated drift; with no rate (or in throughput mode) every thread sends back to back.
 *
 * <p>With {@code --batch B} (throughput mode only) each request carries the next B sequence numbers
 * as one JSON array, all with the same send time, and the reply tells how many were committed.
 *
 * <p>With {@code --idempotency-keys} every message carries the key {@code "<run>-<publisher>-<seq>"}:
 * {@code <run>} is 16 random hex digits drawn once per call (so a rerun against the same server, whose
 * keys live for a day, never replays an earlier run's), {@code <publisher>} the thread's index and
 * {@code <seq>} the message's sequence number, unique within the run. A single message sends it as
 * the {@code Idempotency-Key} header, a batch as each element's {@code "idempotencyKey"} field.
 *
 * <p>With one publisher (the default outside throughput mode) message k+1 is sent only after k was
 * acknowledged, so the server commits them in sequence order and any out-of-order delivery is the
 * server's doing; with several, concurrent publishes may legitimately commit in either order.
 */
final class Publishing {

    private Publishing() {
    }

    /**
     * Publishes messages 1..messages at {@code rate} per second (0 = unpaced) with
     * {@code publishers} connections, stopping early at {@code deadlineNanos}.
     * With {@code stopAtNanos} &gt; 0 (throughput mode) also stops sending at that time.
     */
    static PublishStats run(Options o, int messages, double rate, int publishers,
                            long deadlineNanos, long stopAtNanos) throws InterruptedException {
        return run(o, messages, rate, publishers, deadlineNanos, stopAtNanos, false);
    }

    /** With {@code warmup} every payload carries seq 0, which subscribers count apart and ignore. */
    static PublishStats run(Options o, int messages, double rate, int publishers,
                            long deadlineNanos, long stopAtNanos, boolean warmup) throws InterruptedException {
        AtomicLong next = new AtomicLong(1);
        long start = System.nanoTime();
        double intervalNanos = rate > 0 ? 1e9 / rate : 0;
        List<Thread> threads = new ArrayList<>();
        List<PublishStats> results = new ArrayList<>();
        String run = o.idempotencyKeys ? runId() : null;
        for (int t = 0; t < publishers; t++) {
            PublishStats stats = new PublishStats();
            results.add(stats);
            LocalAddresses locals = new LocalAddresses(200 + t);
            HttpPublisher pub = new HttpPublisher(o.pubUrl, o.format, o.channel, locals.next(),
                    (int) Math.min(10_000L, o.timeoutSeconds * 1000L), run == null ? null : run + "-" + t + "-");
            Thread th = new Thread(() -> loop(o, pub, stats, next, messages, start, intervalNanos,
                    deadlineNanos, stopAtNanos, warmup), "publisher-" + t);
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
        PublishStats total = new PublishStats();
        for (int t = 0; t < threads.size(); t++) {
            // A publish blocks at most the socket timeout (<= 10 s) past the deadline.
            threads.get(t).join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000 + 15_000));
            if (threads.get(t).isAlive()) {
                total.error("publisher thread did not stop", null);
                continue;
            }
            total.merge(results.get(t));
        }
        return total;
    }

    /** 16 random hex digits naming one run's idempotency keys. */
    static String runId() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void loop(Options o, HttpPublisher pub, PublishStats stats, AtomicLong next,
                             int messages, long start, double intervalNanos, long deadlineNanos,
                             long stopAtNanos, boolean warmup) {
        try (pub) {
            while (true) {
                long seq = next.getAndAdd(o.batch);
                if (seq > messages) {
                    return;
                }
                int count = (int) Math.min(o.batch, messages - seq + 1);
                if (intervalNanos > 0) {
                    long due = start + (long) ((seq - 1) * intervalNanos);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        if (due > deadlineNanos) {
                            return;
                        }
                        LockSupport.parkNanos(wait);
                    }
                }
                long sendNanos = System.nanoTime();
                if (sendNanos > deadlineNanos || (stopAtNanos > 0 && sendNanos >= stopAtNanos)) {
                    return;
                }
                byte[] body;
                if (o.batch == 1) {
                    body = pub.body(Payload.build(warmup ? 0 : seq, sendNanos, o.size));
                } else {
                    byte[][] payloads = new byte[count][];
                    for (int i = 0; i < count; i++) {
                        payloads[i] = Payload.build(warmup ? 0 : seq + i, sendNanos, o.size);
                    }
                    body = pub.body(payloads, seq);
                }
                stats.attempted++;
                stats.messagesSent += count;
                if (stats.firstSendNanos == Long.MAX_VALUE) {
                    stats.firstSendNanos = sendNanos;
                }
                try {
                    // A batch's keys are in its body (Herald refuses the header on a batch).
                    int status = pub.post(body, o.batch == 1 ? seq : -1);
                    long done = System.nanoTime();
                    stats.lastDoneNanos = done;
                    if (status / 100 == 2) {
                        stats.committed++;
                        stats.messagesCommitted += pub.lastReplyMessages;
                        stats.latency.record(done - sendNanos);
                    } else {
                        stats.error("status " + status, pub.lastStatusLine);
                    }
                } catch (IOException e) {
                    stats.lastDoneNanos = System.nanoTime();
                    stats.error("io: " + e.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }
}
