package io.herald.bench.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Turns a run's measurements into the JSON report (units in the field names: _ms, _sec, _mib)
 * and the one-line summary. Numbers are rounded to what the measurement can support so the
 * files diff cleanly between runs.
 */
final class Report {

    final Json.Obj json = new Json.Obj();
    private final Options o;

    Report(Options o) {
        this.o = o;
        boolean publishes = o.mode != Options.Mode.IDLE;
        json.put("workload", o.workload)
                .put("mode", o.mode.name().toLowerCase(Locale.ROOT))
                .put("label", o.label)
                .put("subscribers", o.mode == Options.Mode.PUBLISH ? 0 : o.subscribers)
                .put("messages", !publishes || o.messages == Integer.MAX_VALUE ? null : (Object) o.messages)
                .put("rate", publishes ? o.rate : null)
                .put("size", publishes ? o.size : null)
                .put("publishers", publishes ? o.publishers : null)
                .put("publish_format", publishes ? o.format.name().toLowerCase(Locale.ROOT) : null)
                .put("sub_url", o.subUrlText)
                .put("pub_url", o.pubUrlText)
                .put("server_pid", o.serverPid > 0 ? o.serverPid : null)
                .put("pub_server_pid", o.pubServerPid > 0 ? o.pubServerPid : null)
                .put("db_pid", o.dbPid > 0 ? o.dbPid : null);
    }

    Report put(String key, Object value) {
        json.put(key, value instanceof Double d ? round(d) : value);
        return this;
    }

    static Object round(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        double a = Math.abs(d);
        if (a >= 100) {
            return Math.round(d * 10) / 10.0;
        }
        if (a >= 1 || a == 0) {
            return Math.round(d * 1000) / 1000.0;
        }
        // Below 1: four significant digits (a 0.0123 ms latency keeps its precision).
        return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).doubleValue();
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Percentile p of h in ms; null when nothing was recorded (0 would read as "instant"). */
    static Double ms(Histogram h, double p) {
        return h.count() == 0 ? null : h.percentile(p) / 1e6;
    }

    static Double maxMs(Histogram h) {
        return h.count() == 0 ? null : h.max() / 1e6;
    }

    /** Connect, delivery and integrity fields from the subscribers' merged result. */
    void subscribers(ShardResult r, int expectedPerSubscriber) {
        put("connected", r.connected);
        put("connect_failed", r.connectFailed);
        put("connect_pending", r.subscribers - r.connected - r.connectFailed); // no head by the deadline
        put("connect_p50_ms", ms(r.connect, 50));
        put("connect_p99_ms", ms(r.connect, 99));
        put("connect_max_ms", maxMs(r.connect));
        put("deliveries", r.deliveries);
        put("expected_deliveries", (long) expectedPerSubscriber * r.subscribers);
        put("missing", r.missing);
        put("duplicates", r.duplicates);
        put("out_of_order", r.outOfOrder);
        put("out_of_range", r.outOfRange);
        put("foreign_events", r.foreign);
        put("warmup_events", r.warmup);
        put("other_events", r.otherEvents);
        put("disconnects", r.disconnects);
        if (expectedPerSubscriber > 0) {
            put("subscribers_complete", r.completed);
        }
    }

    void latency(Histogram h) {
        put("latency_p50_ms", ms(h, 50));
        put("latency_p90_ms", ms(h, 90));
        put("latency_p99_ms", ms(h, 99));
        put("latency_max_ms", maxMs(h));
        put("latency_mean_ms", h.count() == 0 ? null : (Object) (h.mean() / 1e6));
    }

    void publishing(PublishStats p) {
        put("published", p.attempted);
        put("publish_committed", p.committed);
        put("publish_errors", p.errors);
        put("publish_p50_ms", ms(p.latency, 50));
        put("publish_p99_ms", ms(p.latency, 99));
        put("publish_max_ms", maxMs(p.latency));
        put("publish_seconds", p.seconds());
        put("publish_per_sec", p.seconds() > 0 ? p.committed / p.seconds() : 0.0);
        if (!p.failures.isEmpty()) {
            Json.Obj f = new Json.Obj();
            p.failures.forEach(f::put);
            put("publish_failures", f);
            put("publish_first_error", p.firstError);
        }
    }

    /** CPU and memory over the measured phase [start, end]. */
    void cpu(CpuSample start, CpuSample end, long deliveries) {
        double wall = end.wallSecondsSince(start);
        put("measured_seconds", wall);
        put("server_cpu_seconds", end.serverCpuSince(start));
        put("server_cpu_cores", end.serverCpuSince(start) / wall);
        put("server_rss_mib_start", start.serverRssMib);
        put("server_rss_mib_end", end.serverRssMib);
        if (o.pubServerPid > 0) {
            put("pub_server_cpu_seconds", end.pubServerCpuSince(start));
            put("pub_server_cpu_cores", end.pubServerCpuSince(start) / wall);
            put("pub_server_rss_mib_end", end.pubServerRssMib);
        }
        if (o.dbPid > 0) {
            put("db_cpu_seconds", end.dbCpuSince(start));
            put("db_cpu_cores", end.dbCpuSince(start) / wall);
        }
        ProcStat.Cpu gen = end.genSince(start);
        // What the whole box was busy with, and the part of it that was none of the run's processes
        // (another job on the machine, or kernel work not charged to a process).
        double host = end.hostCpuSince(start);
        double own = gen.total() + (o.serverPid > 0 ? end.serverCpuSince(start) : 0)
                + (o.pubServerPid > 0 ? end.pubServerCpuSince(start) : 0) + (o.dbPid > 0 ? end.dbCpuSince(start) : 0);
        put("host_cpu_cores", host / wall);
        put("other_cpu_cores", (host - own) / wall);
        put("gen_cpu_seconds", gen.total());
        put("gen_cpu_cores", gen.total() / wall);
        put("gen_cpu_us_per_delivery", deliveries > 0 ? gen.total() * 1e6 / deliveries : null);
        // Kernel share: on loopback most of a reader's cost is TCP receive and the ACKs it sends.
        put("gen_cpu_sys_fraction", gen.total() > 0 ? gen.sys() / gen.total() : null);
        put("gen_rss_mib", end.genRssMib);
    }

    void errors(ShardResult r) {
        if (!r.failures.isEmpty()) {
            Json.Obj f = new Json.Obj();
            r.failures.forEach(f::put);
            put("failures", f);
        }
        if (r.firstError != null) {
            put("first_error", r.firstError);
        }
    }

    /** Writes the JSON to --out (atomically, so a reader never sees half a file). */
    void write() throws IOException {
        if (o.out == null) {
            return;
        }
        Path out = Path.of(o.out).toAbsolutePath();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, json.pretty(), StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One line for people and logs: the fields that matter for this mode. */
    void summary(PrintStream ps, String... keys) {
        StringBuilder sb = new StringBuilder().append(o.workload).append(' ').append(o.label);
        for (String k : keys) {
            Object v = json.get(k);
            if (v != null) {
                sb.append(' ').append(k).append('=').append(v);
            }
        }
        ps.println(sb);
        ps.flush();
    }
}
