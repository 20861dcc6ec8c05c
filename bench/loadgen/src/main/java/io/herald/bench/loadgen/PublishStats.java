package io.herald.bench.loadgen;

import java.util.Map;
import java.util.TreeMap;

/** Outcome of publishing: one per publishing thread, merged at the end. */
final class PublishStats {

    long attempted;
    /** Replies with a 2xx status. */
    long committed;
    /** Messages in the requests sent (one each without --batch). */
    long messagesSent;
    /** Messages the 2xx replies confirmed: the entries of a batch's "messages" array, else 1. */
    long messagesCommitted;
    long errors;
    /** Request written to whole reply read, ns, for committed publishes. */
    final Histogram latency = new Histogram();
    final Map<String, Long> failures = new TreeMap<>();
    String firstError;
    long firstSendNanos = Long.MAX_VALUE;
    long lastDoneNanos = Long.MIN_VALUE;

    void error(String what, String detail) {
        errors++;
        failures.merge(what, 1L, Long::sum);
        if (firstError == null) {
            firstError = detail == null ? what : what + " (" + detail + ")";
        }
    }

    void merge(PublishStats o) {
        attempted += o.attempted;
        committed += o.committed;
        messagesSent += o.messagesSent;
        messagesCommitted += o.messagesCommitted;
        errors += o.errors;
        latency.merge(o.latency);
        o.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
        if (firstError == null) {
            firstError = o.firstError;
        }
        firstSendNanos = Math.min(firstSendNanos, o.firstSendNanos);
        lastDoneNanos = Math.max(lastDoneNanos, o.lastDoneNanos);
    }

    /** Seconds from the first send to the last reply, 0 when nothing was sent. */
    double seconds() {
        return attempted == 0 ? 0 : (lastDoneNanos - firstSendNanos) / 1e9;
    }
}
