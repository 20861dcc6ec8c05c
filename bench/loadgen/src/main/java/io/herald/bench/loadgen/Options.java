package io.herald.bench.loadgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options, validated up front so that a bad invocation fails in milliseconds with
 * usage text (exit 2) instead of after minutes of connecting. The same parser reads the options
 * the coordinator passes to its child shard processes.
 */
final class Options {

    enum Mode { FANOUT, IDLE, CATCHUP, PUBLISH }

    enum Format { HERALD, RAW }

    /** Thrown for a usage error; Main prints the message and the usage text. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    Mode mode;
    String workload;
    String subUrlText;
    String pubUrlText;
    LoopbackUrl subUrl;
    LoopbackUrl pubUrl;
    Format format = Format.HERALD;
    String channel = "bench";
    int subscribers = 1000;
    int messages = 200;
    double rate = 50;
    int size = 100;
    int publishers = -1;
    int batch = 1;
    boolean idempotencyKeys;
    String lastEventId;
    long serverPid = -1;
    long pubServerPid = -1;
    long dbPid = -1;
    String label = "server";
    int timeoutSeconds = 120;
    int holdSeconds = 60;
    double durationSeconds = 10;
    int drainSeconds = 10;
    int settleMillis = 200;
    int warmupMessages;
    String out;
    int perProcess = 15_000;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    int connectConcurrency = 32;
    String javaOptions = "";

    // Set only on child shard processes (internal).
    boolean child;
    int shardIndex;
    long runStartNanos;
    int childDeadlineSeconds;

    /** The options as given, so a child shard can be started with the same ones. */
    final Map<String, String> given = new LinkedHashMap<>();

    static final String USAGE = String.join("\n",
            "usage: java -jar loadgen.jar --mode fanout|idle|catchup|publish [options]",
            "",
            "  --mode M                fanout: N subscribers, then M messages at rate R (workloads 1-3)",
            "                          idle: connect N, print READY, hold (workload 4)",
            "                          catchup: publish M first, then N subscribers with Last-Event-ID (workload 5)",
            "                          publish: C concurrent publishers, no subscribers (workloads 6, 8, 6k, 8k)",
            "  --sub-url URL           stream URL, e.g. http://127.0.0.1:8080/events?channel=bench",
            "  --pub-url URL           publish URL, e.g. http://127.0.0.1:8080/api/messages",
            "  --publish-format F      herald: POST {\"channel\":C,\"data\":payload} as JSON (default)",
            "                          raw: POST the payload as text/plain (nchan /pub?id=ch, node, jetty)",
            "  --channel NAME          channel for the herald format (default bench)",
            "  --subscribers N         subscribers (default 1000)",
            "  --messages M            messages to publish (default 200)",
            "  --rate R                messages per second, 0 = as fast as possible (default 50)",
            "  --size B                payload bytes, >= " + Payload.MIN_SIZE + " (default 100)",
            "  --publishers C          publishing connections (default 1; 32 in publish mode)",
            "  --batch B               publish mode, herald format: B messages per request as one JSON array",
            "                          (default 1: one JSON object per request); messages committed are counted",
            "                          from the replies' \"messages\" arrays",
            "  --idempotency-keys      publish mode, herald format: every message carries a unique key",
            "                          \"<run>-<publisher>-<seq>\" (<run> random per run): the Idempotency-Key",
            "                          header of a single message, the \"idempotencyKey\" field of each batch element",
            "  --last-event-id ID      send Last-Event-ID on subscribe (catchup default 0)",
            "  --server-pid PID        server process to sample CPU and RSS of",
            "  --pub-server-pid PID    two nodes: the node --pub-url reaches, when --server-pid is the",
            "                          subscribers' node (reported as pub_server_cpu_cores, pub_server_rss_mib_end)",
            "  --db-pid PID            database process; its CPU with its children's (PostgreSQL backends)",
            "                          is reported as db_cpu_cores",
            "  --label NAME            server label for the report (default server)",
            "  --workload NAME         workload name for the report (default: the mode)",
            "  --timeout-seconds S     deadline of each phase (default 120)",
            "  --hold-seconds H        idle: how long to hold after READY (default 60; a STOP line on stdin ends it)",
            "  --duration-seconds D    publish: how long to publish (default 10; also stops after M messages)",
            "  --drain-seconds S       fanout: wait this long after the last publish for stragglers (default 10)",
            "  --settle-ms MS          fanout: pause between all-connected and the first publish (default 200)",
            "  --warmup-messages W     fanout: first publish W uncounted messages (seq 0) at the same rate,",
            "                          so both sides are JIT-compiled before measuring (default 0)",
            "  --per-process N         subscribers per process; more start child JVMs (default 15000)",
            "  --threads T             selector threads per process (default: cores)",
            "  --connect-concurrency K connects in flight, over all processes (default 32: more overflow",
            "                          accept backlogs of 50, and the 1 s SYN retry then shows as connect time)",
            "  --java-options \"OPTS\"   JVM options for child shard processes (default none)",
            "  --out FILE              write the JSON report here (a one-line summary goes to stdout)",
            "");

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++) {
            String k = list.get(i);
            if (!k.startsWith("--")) {
                throw new UsageException("unexpected argument: " + k);
            }
            if (k.equals("--help") || k.equals("-h")) {
                throw new UsageException(null);
            }
            if (k.equals("--child")) {
                o.child = true;
                continue;
            }
            if (k.equals("--idempotency-keys")) {
                // A flag, and not in `given`: publish mode only, which starts no child processes.
                o.idempotencyKeys = true;
                continue;
            }
            if (i + 1 >= list.size()) {
                throw new UsageException(k + " needs a value");
            }
            String v = list.get(++i);
            o.given.put(k, v);
            switch (k) {
                case "--mode" -> o.mode = enumValue(Mode.class, k, v);
                case "--workload" -> o.workload = v;
                case "--sub-url" -> o.subUrlText = v;
                case "--pub-url" -> o.pubUrlText = v;
                case "--publish-format" -> o.format = enumValue(Format.class, k, v);
                case "--channel" -> o.channel = v;
                case "--subscribers" -> o.subscribers = intValue(k, v, 0, 10_000_000);
                case "--messages" -> o.messages = intValue(k, v, 0, 100_000_000);
                case "--rate" -> o.rate = doubleValue(k, v, 0, 10_000_000);
                case "--size" -> o.size = intValue(k, v, Payload.MIN_SIZE, 1_000_000);
                case "--publishers" -> o.publishers = intValue(k, v, 1, 10_000);
                case "--batch" -> o.batch = intValue(k, v, 1, 100_000);
                case "--last-event-id" -> o.lastEventId = v;
                case "--server-pid" -> o.serverPid = intValue(k, v, 1, Integer.MAX_VALUE);
                case "--pub-server-pid" -> o.pubServerPid = intValue(k, v, 1, Integer.MAX_VALUE);
                case "--db-pid" -> o.dbPid = intValue(k, v, 1, Integer.MAX_VALUE);
                case "--label" -> o.label = v;
                case "--timeout-seconds" -> o.timeoutSeconds = intValue(k, v, 1, 86_400);
                case "--hold-seconds" -> o.holdSeconds = intValue(k, v, 0, 86_400);
                case "--duration-seconds" -> o.durationSeconds = doubleValue(k, v, 0.1, 86_400);
                case "--drain-seconds" -> o.drainSeconds = intValue(k, v, 0, 86_400);
                case "--settle-ms" -> o.settleMillis = intValue(k, v, 0, 600_000);
                case "--warmup-messages" -> o.warmupMessages = intValue(k, v, 0, 1_000_000);
                case "--out" -> o.out = v;
                case "--per-process" -> o.perProcess = intValue(k, v, 1, 1_000_000);
                case "--threads" -> o.threads = intValue(k, v, 1, 256);
                case "--connect-concurrency" -> o.connectConcurrency = intValue(k, v, 1, 1_000_000);
                case "--java-options" -> o.javaOptions = v;
                case "--shard-index" -> o.shardIndex = intValue(k, v, 0, 10_000);
                case "--run-start-nanos" -> o.runStartNanos = longValue(k, v);
                case "--child-deadline-seconds" -> o.childDeadlineSeconds = intValue(k, v, 1, 1_000_000);
                default -> throw new UsageException("unknown option: " + k);
            }
        }
        o.validate();
        return o;
    }

    private void validate() {
        if (mode == null) {
            throw new UsageException("--mode is required");
        }
        if (workload == null) {
            workload = mode.name().toLowerCase();
        }
        boolean needsSub = mode != Mode.PUBLISH;
        boolean needsPub = !child && mode != Mode.IDLE;
        try {
            if (needsSub || subUrlText != null) {
                subUrl = LoopbackUrl.parse(required("--sub-url", subUrlText));
            }
            if (needsPub || pubUrlText != null) {
                pubUrl = LoopbackUrl.parse(required("--pub-url", pubUrlText));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (format == Format.HERALD && !channel.matches("[A-Za-z0-9._:/-]{1,128}")) {
            throw new UsageException("--channel must be 1-128 characters of A-Z a-z 0-9 . _ : / -");
        }
        if (lastEventId != null && !lastEventId.matches("[\\x21-\\x7e]{0,256}")) {
            throw new UsageException("--last-event-id must be printable ASCII without spaces");
        }
        if (mode == Mode.CATCHUP && lastEventId == null) {
            lastEventId = "0";
        }
        if (publishers < 0) {
            publishers = mode == Mode.PUBLISH ? 32 : 1;
        }
        if (batch > 1 && mode != Mode.PUBLISH) {
            throw new UsageException("--batch is for publish mode");
        }
        if (batch > 1 && format != Format.HERALD) {
            throw new UsageException("--batch needs --publish-format herald (a JSON array of messages)");
        }
        if (idempotencyKeys && mode != Mode.PUBLISH) {
            throw new UsageException("--idempotency-keys is for publish mode");
        }
        if (idempotencyKeys && format != Format.HERALD) {
            throw new UsageException("--idempotency-keys needs --publish-format herald"
                    + " (Herald's Idempotency-Key header and idempotencyKey field)");
        }
        if ((mode == Mode.FANOUT || mode == Mode.CATCHUP) && messages < 1) {
            throw new UsageException("--messages must be at least 1 in " + workload);
        }
        if (mode == Mode.FANOUT && rate > 0 && messages / rate > 86_400) {
            throw new UsageException("--messages / --rate is more than a day");
        }
    }

    private static String required(String name, String v) {
        if (v == null) {
            throw new UsageException(name + " is required for this mode");
        }
        return v;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String k, String v) {
        try {
            return Enum.valueOf(type, v.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new UsageException(k + ": unknown value " + v);
        }
    }

    private static int intValue(String k, String v, int min, int max) {
        long n = longValue(k, v);
        if (n < min || n > max) {
            throw new UsageException(k + " must be between " + min + " and " + max);
        }
        return (int) n;
    }

    private static long longValue(String k, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(k + " needs a whole number, got " + v);
        }
    }

    private static double doubleValue(String k, String v, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(k + " needs a number, got " + v);
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException(k + " must be between " + min + " and " + max);
        }
        return d;
    }
}
