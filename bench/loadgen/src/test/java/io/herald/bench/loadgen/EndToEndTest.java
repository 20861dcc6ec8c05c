package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole generator against {@link TinySsePeer}: every mode, both formats, and child shards. */
class EndToEndTest {

    @TempDir
    Path dir;

    private static long num(Report r, String key) {
        return ((Number) r.json.get(key)).longValue();
    }

    @Test
    void fanout_raw_format_counts_every_delivery() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            Options o = Options.parse(new String[] {"--mode", "fanout", "--sub-url", peer.base() + "/events",
                    "--pub-url", peer.base() + "/publish", "--publish-format", "raw", "--subscribers", "40",
                    "--messages", "50", "--rate", "200", "--timeout-seconds", "20", "--drain-seconds", "5",
                    "--server-pid", Long.toString(ProcessHandle.current().pid()),
                    "--out", dir.resolve("fanout.json").toString()});
            Report r = FanoutRun.run(o);
            assertEquals(40, num(r, "connected"));
            assertEquals(2000, num(r, "deliveries"));
            assertEquals(0, num(r, "missing"));
            assertEquals(0, num(r, "duplicates"));
            assertEquals(0, num(r, "out_of_order"));
            assertEquals(50, num(r, "publish_committed"));
            assertEquals(Boolean.TRUE, r.json.get("all_delivered"));
            assertTrue(((Number) r.json.get("latency_p50_ms")).doubleValue() > 0);
            Json.Obj file = Json.parseObj(Files.readString(dir.resolve("fanout.json")));
            assertEquals(2000L, file.num("deliveries").longValue());
        }
    }

    @Test
    void fanout_herald_format_over_child_shard_processes() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            Options o = Options.parse(new String[] {"--mode", "fanout", "--sub-url", peer.base() + "/events",
                    "--pub-url", peer.base() + "/api/messages", "--channel", "t", "--subscribers", "30",
                    "--messages", "20", "--rate", "100", "--per-process", "12", "--threads", "1",
                    "--timeout-seconds", "30", "--drain-seconds", "5", "--java-options", "-Xmx64m"});
            Report r = FanoutRun.run(o);
            assertEquals(3, num(r, "processes"));
            assertEquals(30, num(r, "connected"));
            assertEquals(600, num(r, "deliveries"));
            assertEquals(0, num(r, "missing"));
            assertEquals(0, num(r, "duplicates"));
        }
    }

    @Test
    void catchup_replays_the_backlog_to_every_subscriber() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            Options o = Options.parse(new String[] {"--mode", "catchup", "--sub-url", peer.base() + "/events",
                    "--pub-url", peer.base() + "/publish", "--publish-format", "raw", "--subscribers", "25",
                    "--messages", "40", "--timeout-seconds", "20"});
            Report r = CatchupRun.run(o);
            assertEquals(Boolean.TRUE, r.json.get("catchup_complete"));
            assertEquals(1000, num(r, "deliveries"));
            assertEquals(0, num(r, "missing"));
            assertTrue(((Number) r.json.get("catchup_seconds")).doubleValue() > 0);
        }
    }

    @Test
    void idle_connects_reports_ready_and_holds() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            Path out = dir.resolve("idle.json");
            Options o = Options.parse(new String[] {"--mode", "idle", "--sub-url", peer.base() + "/events",
                    "--subscribers", "30", "--hold-seconds", "1", "--out", out.toString(),
                    "--server-pid", Long.toString(ProcessHandle.current().pid())});
            Report r = IdleRun.run(o, new ByteArrayInputStream("STOP\n".getBytes()));
            assertEquals(30, num(r, "connected"));
            assertEquals(0, num(r, "disconnects"));
            assertEquals("done", r.json.get("state"));
            assertTrue(Files.readString(out).contains("\"server_rss_mib_ready\""));
        }
    }

    @Test
    void publish_throughput_counts_committed() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            Options o = Options.parse(new String[] {"--mode", "publish", "--pub-url", peer.base() + "/publish",
                    "--publish-format", "raw", "--publishers", "4", "--duration-seconds", "0.5", "--messages", "100000"});
            Report r = ThroughputRun.run(o);
            // No rate thresholds: on a busy box the peer's first replies alone can take the 0.5 s.
            assertEquals(0, num(r, "publish_errors"));
            assertTrue(num(r, "publish_committed") > 0);
            assertEquals(num(r, "published"), num(r, "publish_committed"));
            assertTrue(num(r, "published") < 100_000, "stopped by --duration-seconds");
            assertTrue(((Number) r.json.get("publish_per_sec")).doubleValue() > 0);
        }
    }

    @Test
    void batch_publish_counts_the_messages_of_every_reply() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            Options o = Options.parse(new String[] {"--mode", "publish", "--pub-url", peer.base() + "/api/messages",
                    "--channel", "t", "--publishers", "2", "--batch", "25", "--duration-seconds", "0.5"});
            Report r = ThroughputRun.run(o);
            assertEquals(0, num(r, "publish_errors"));
            assertTrue(num(r, "publish_committed") > 2);
            assertEquals(25 * num(r, "publish_committed"), num(r, "messages_committed"));
            assertEquals(num(r, "messages_sent"), num(r, "messages_committed"));
            assertTrue(((Number) r.json.get("messages_per_sec")).doubleValue()
                    > 20 * ((Number) r.json.get("publish_per_sec")).doubleValue());
            assertEquals(Boolean.FALSE, r.json.get("idempotency_keys"));
            assertEquals(0, peer.keyedMessages(), "no keys without --idempotency-keys");
            assertEquals(num(r, "messages_committed"), peer.unkeyedMessages());
        }
    }

    @Test
    void idempotency_keys_ride_in_the_header_of_every_single_publish() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            // Bounded by the message count, not the clock; run twice: a rerun's keys are new too.
            for (int run = 1; run <= 2; run++) {
                Options o = Options.parse(new String[] {"--mode", "publish", "--pub-url", peer.base() + "/api/messages",
                        "--channel", "t", "--publishers", "4", "--messages", "200", "--duration-seconds", "60",
                        "--idempotency-keys"});
                Report r = ThroughputRun.run(o);
                assertEquals(Boolean.TRUE, r.json.get("idempotency_keys"));
                assertEquals(0, num(r, "publish_errors"), () -> String.valueOf(r.json.get("publish_first_error")));
                assertEquals(200, num(r, "publish_committed"));
                assertEquals(200 * run, peer.keyedMessages(), "every message has its key");
                assertEquals(0, peer.unkeyedMessages());
                assertEquals(0, peer.repeatedKeys());
                assertEquals(200 * run, peer.distinctKeys());
            }
        }
    }

    @Test
    void idempotency_keys_ride_in_every_element_of_a_batch() throws Exception {
        try (TinySsePeer peer = new TinySsePeer()) {
            // 510 messages in batches of 25: 20 full batches and one of 10.
            Options o = Options.parse(new String[] {"--mode", "publish", "--pub-url", peer.base() + "/api/messages",
                    "--channel", "t", "--publishers", "2", "--batch", "25", "--messages", "510",
                    "--duration-seconds", "60", "--idempotency-keys"});
            Report r = ThroughputRun.run(o);
            assertEquals(Boolean.TRUE, r.json.get("idempotency_keys"));
            assertEquals(0, num(r, "publish_errors"), () -> String.valueOf(r.json.get("publish_first_error")));
            assertEquals(21, num(r, "publish_committed"));
            assertEquals(510, num(r, "messages_committed"));
            assertEquals(510, peer.keyedMessages(), "every element has its key");
            assertEquals(0, peer.unkeyedMessages());
            assertEquals(0, peer.repeatedKeys());
            assertEquals(510, peer.distinctKeys());
        }
    }

    @Test
    void refused_connections_are_reported_not_fatal() throws Exception {
        // Port 1 on loopback: nothing listens, every connect is refused at once.
        Options o = Options.parse(new String[] {"--mode", "idle", "--sub-url", "http://127.0.0.1:1/events",
                "--subscribers", "5", "--hold-seconds", "0", "--timeout-seconds", "5"});
        Report r = IdleRun.run(o, new ByteArrayInputStream(new byte[0]));
        assertEquals(0, num(r, "connected"));
        assertEquals(5, num(r, "connect_failed"));
    }
}
