package io.herald.bench.loadgen;

import java.io.IOException;

/**
 * Workload 5: publish M messages first (before anyone listens), then connect N subscribers that
 * resume from --last-event-id (default 0) and time how long until every one of them holds all M.
 * The clock runs from the first connect to the last subscriber completing.
 */
final class CatchupRun {

    private CatchupRun() {
    }

    static long budgetSeconds(Options o) {
        return 3L * o.timeoutSeconds + 30;
    }

    static Report run(Options o) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Report report = new Report(o);
        // Unpaced unless a rate was asked for: the point is the backlog, not how it was built.
        double rate = o.given.containsKey("--rate") ? o.rate : 0;
        PublishStats pub = Publishing.run(o, o.messages, rate, o.publishers,
                System.nanoTime() + o.timeoutSeconds * 1_000_000_000L, 0);

        CpuSample s0 = CpuSample.take(o, new long[0]);
        Shards shards = new Shards(o, o.subscribers, o.messages, false, t0, (int) budgetSeconds(o));
        long phaseDeadline = System.nanoTime() + o.timeoutSeconds * 1_000_000_000L;
        boolean allConnected = shards.awaitConnected(phaseDeadline);
        boolean settled = shards.awaitSettled(phaseDeadline);
        CpuSample s1 = CpuSample.take(o, shards.childPids());
        ShardResult r = shards.stop(System.nanoTime() + 30_000_000_000L);

        report.put("rate", rate); // what the backlog was published at (0 = unpaced)
        report.put("processes", shards.processes());
        report.put("last_event_id", o.lastEventId);
        report.put("connect_timed_out", !allConnected);
        report.subscribers(r, o.messages);
        boolean complete = settled && r.completed == r.subscribers;
        report.put("catchup_complete", complete);
        report.put("catchup_seconds", complete ? (r.lastCompleteNanos - r.firstConnectStartNanos) / 1e9 : null);
        report.put("catchup_subscriber_p50_ms", Report.ms(r.complete, 50));
        report.put("catchup_subscriber_p99_ms", Report.ms(r.complete, 99));
        report.put("catchup_subscriber_max_ms", Report.maxMs(r.complete));
        double deliverySeconds = r.deliveries > 0 ? (r.lastDeliveryNanos - r.firstConnectStartNanos) / 1e9 : 0;
        report.put("deliveries_per_sec", deliverySeconds > 0 ? r.deliveries / deliverySeconds : 0.0);
        report.publishing(pub);
        report.cpu(s0, s1, r.deliveries);
        report.errors(r);
        report.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        report.write();
        report.summary(System.out, "subscribers", "connected", "deliveries", "missing", "duplicates",
                "out_of_order", "catchup_seconds", "catchup_subscriber_p50_ms", "catchup_subscriber_p99_ms",
                "server_cpu_cores", "gen_cpu_us_per_delivery", "publish_errors");
        return report;
    }
}
