package io.herald.bench.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Workload 4: hold N idle subscriptions so the harness can measure the server's memory. Prints
 * {@code READY} (and writes the report) once every subscriber is connected or failed, then holds
 * for --hold-seconds or until a {@code STOP} line arrives on stdin, and finally rewrites the
 * report with what happened during the hold (streams the server dropped, RSS at the end).
 */
final class IdleRun {

    private IdleRun() {
    }

    static long budgetSeconds(Options o) {
        return o.timeoutSeconds + o.holdSeconds + 60L;
    }

    /** {@code control} is where a STOP line may come from (stdin in real runs). */
    static Report run(Options o, InputStream control) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Report report = new Report(o);
        CountDownLatch stop = stopOn(control);
        CpuSample s0 = CpuSample.take(o, new long[0]);
        Shards shards = new Shards(o, o.subscribers, 0, false, t0, (int) budgetSeconds(o));
        boolean allConnected = shards.awaitConnected(t0 + o.timeoutSeconds * 1_000_000_000L);
        CpuSample s1 = CpuSample.take(o, shards.childPids());

        report.put("processes", shards.processes());
        report.put("connected", shards.connectedSoFar());
        report.put("connect_phase_seconds", s1.wallSecondsSince(s0));
        report.put("connect_timed_out", !allConnected);
        report.put("server_rss_mib_before", s0.serverRssMib);
        report.put("server_rss_mib_ready", s1.serverRssMib);
        report.put("server_rss_delta_kib_per_subscriber", shards.connectedSoFar() > 0
                ? (s1.serverRssMib - s0.serverRssMib) * 1024 / shards.connectedSoFar() : null);
        report.put("connect_server_cpu_seconds", s1.serverCpuSince(s0));
        report.put("connect_gen_cpu_seconds", s1.genCpuSince(s0));
        report.put("gen_rss_mib", s1.genRssMib);
        report.put("state", "ready");
        report.write();
        System.out.println("READY " + shards.connectedSoFar());
        System.out.flush();

        stop.await(o.holdSeconds, TimeUnit.SECONDS);
        CpuSample s2 = CpuSample.take(o, shards.childPids());
        ShardResult r = shards.stop(System.nanoTime() + 30_000_000_000L);

        report.subscribers(r, 0);
        report.put("hold_seconds", s2.wallSecondsSince(s1));
        report.put("server_rss_mib_end", s2.serverRssMib);
        report.put("hold_server_cpu_cores", s2.serverCpuSince(s1) / s2.wallSecondsSince(s1));
        report.put("hold_gen_cpu_cores", s2.genCpuSince(s1) / s2.wallSecondsSince(s1));
        report.put("state", "done");
        report.errors(r);
        report.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        report.write();
        report.summary(System.out, "subscribers", "connected", "connect_failed", "connect_p50_ms",
                "connect_p99_ms", "connect_max_ms", "server_rss_mib_before", "server_rss_mib_ready",
                "server_rss_delta_kib_per_subscriber", "disconnects", "gen_rss_mib");
        return report;
    }

    /** Counts down on a STOP line; end of input (e.g. stdin is /dev/null) does not stop the hold. */
    private static CountDownLatch stopOn(InputStream control) {
        CountDownLatch stop = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(control, StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.trim().equals("STOP")) {
                        stop.countDown();
                        return;
                    }
                }
            } catch (IOException ignored) {
                // no stdin: hold for the full time
            }
        }, "stdin-stop");
        t.setDaemon(true);
        t.start();
        return stop;
    }
}
