package io.herald.bench.loadgen;

import java.io.IOException;

/**
 * Workloads 6 and 8: C publishers back to back, nobody subscribed, for --duration-seconds or until
 * M messages; with --batch B (workload 8) every request carries B messages as one JSON array, and
 * with --idempotency-keys (workloads 6k, 8k) every message a unique idempotency key.
 * Reports committed (2xx) requests per second ({@code publish_per_sec}), the messages those replies
 * confirmed per second ({@code messages_per_sec}; equal without --batch) and the request latency.
 */
final class ThroughputRun {

    private ThroughputRun() {
    }

    static long budgetSeconds(Options o) {
        return (long) Math.ceil(Math.min(o.durationSeconds, o.timeoutSeconds)) + 60;
    }

    static Report run(Options o) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Report report = new Report(o);
        CpuSample s0 = CpuSample.take(o, new long[0]);
        long stopAt = s0.nanos + (long) (Math.min(o.durationSeconds, o.timeoutSeconds) * 1e9);
        PublishStats pub = Publishing.run(o, o.messages, 0, o.publishers, stopAt + 1_000_000_000L, stopAt);
        CpuSample s1 = CpuSample.take(o, new long[0]);

        report.put("rate", 0); // unpaced: as fast as the replies come
        report.put("duration_seconds", o.durationSeconds);
        report.publishing(pub);
        report.put("batch", o.batch);
        report.put("idempotency_keys", o.idempotencyKeys);
        report.put("messages_sent", pub.messagesSent);
        report.put("messages_committed", pub.messagesCommitted);
        report.put("messages_per_sec", pub.seconds() > 0 ? pub.messagesCommitted / pub.seconds() : 0.0);
        report.cpu(s0, s1, 0);
        report.put("gen_cpu_us_per_publish", pub.attempted > 0 ? s1.genCpuSince(s0) * 1e6 / pub.attempted : null);
        report.put("server_cpu_us_per_publish", pub.committed > 0 ? s1.serverCpuSince(s0) * 1e6 / pub.committed : null);
        report.put("server_cpu_us_per_message",
                pub.messagesCommitted > 0 ? s1.serverCpuSince(s0) * 1e6 / pub.messagesCommitted : null);
        report.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        report.write();
        report.summary(System.out, "publishers", "batch", "idempotency_keys", "published", "publish_committed", "publish_errors",
                "publish_per_sec", "messages_committed", "messages_per_sec", "publish_p50_ms", "publish_p99_ms",
                "server_cpu_cores", "gen_cpu_cores");
        return report;
    }
}
