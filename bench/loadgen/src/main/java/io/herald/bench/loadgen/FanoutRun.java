package io.herald.bench.loadgen;

import java.io.IOException;

/**
 * Workloads 1-3: connect N subscribers, then publish M messages at rate R and measure how each
 * reaches every subscriber. CPU is measured from the first publish to the moment every subscriber
 * has every message (or the drain deadline), so connection setup does not dilute the per-delivery
 * cost.
 */
final class FanoutRun {

    private FanoutRun() {
    }

    static long budgetSeconds(Options o) {
        long warmup = o.warmupMessages > 0 ? o.timeoutSeconds + 1 : 0;
        return 2L * o.timeoutSeconds + warmup + publishSeconds(o) + o.drainSeconds + 2L * o.settleMillis / 1000 + 30;
    }

    private static long publishSeconds(Options o) {
        return o.rate > 0 ? (long) Math.ceil(o.messages / o.rate) : 0;
    }

    static Report run(Options o) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Report report = new Report(o);
        Shards shards = new Shards(o, o.subscribers, o.messages, true, t0, (int) budgetSeconds(o));
        boolean allConnected = shards.awaitConnected(t0 + o.timeoutSeconds * 1_000_000_000L);
        long connectPhase = System.nanoTime() - t0;
        if (o.settleMillis > 0) {
            // A fixed pause, not a wait for a condition: some servers register a subscriber a
            // moment after they flushed its response head.
            Thread.sleep(o.settleMillis);
        }

        PublishStats warm = null;
        if (o.warmupMessages > 0) {
            warm = Publishing.run(o, o.warmupMessages, o.rate, o.publishers,
                    System.nanoTime() + o.timeoutSeconds * 1_000_000_000L, 0, true);
            Thread.sleep(Math.max(200, o.settleMillis)); // let the last warm-up deliveries drain
        }

        CpuSample s0 = CpuSample.take(o, shards.childPids());
        long publishDeadline = System.nanoTime() + (publishSeconds(o) + o.timeoutSeconds) * 1_000_000_000L;
        PublishStats pub = Publishing.run(o, o.messages, o.rate, o.publishers, publishDeadline, 0);
        boolean settled = shards.awaitSettled(System.nanoTime() + o.drainSeconds * 1_000_000_000L);
        CpuSample s1 = CpuSample.take(o, shards.childPids());
        ShardResult r = shards.stop(System.nanoTime() + 30_000_000_000L);

        report.put("processes", shards.processes());
        report.put("connect_phase_seconds", connectPhase / 1e9);
        report.put("connect_timed_out", !allConnected && r.connected + r.connectFailed < o.subscribers);
        report.subscribers(r, o.messages);
        report.latency(r.latency);
        double deliverySeconds = r.deliveries > 0 && pub.firstSendNanos != Long.MAX_VALUE
                ? (r.lastDeliveryNanos - pub.firstSendNanos) / 1e9 : 0;
        report.put("delivery_seconds", deliverySeconds);
        report.put("deliveries_per_sec", deliverySeconds > 0 ? r.deliveries / deliverySeconds : 0.0);
        report.put("all_delivered", settled && r.missing == 0);
        report.publishing(pub);
        if (warm != null) {
            report.put("warmup_published", warm.committed);
        }
        report.cpu(s0, s1, r.deliveries);
        report.errors(r);
        report.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        report.write();
        report.summary(System.out, "subscribers", "connected", "deliveries", "missing", "duplicates",
                "out_of_order", "latency_p50_ms", "latency_p99_ms", "latency_max_ms", "deliveries_per_sec",
                "server_cpu_cores", "pub_server_cpu_cores", "db_cpu_cores", "gen_cpu_cores", "gen_cpu_us_per_delivery",
                "other_cpu_cores", "publish_errors");
        return report;
    }
}
