package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void fanout_defaults() {
        Options o = Options.parse(new String[] {"--mode", "fanout",
                "--sub-url", "http://127.0.0.1:8080/events?channel=bench", "--pub-url", "http://localhost:8080/api/messages"});
        assertEquals(1, o.publishers);
        assertEquals("/events?channel=bench", o.subUrl.target);
        assertEquals("127.0.0.1:8080", o.subUrl.host);
        assertEquals("fanout", o.workload);
    }

    @Test
    void catchup_defaults_to_last_event_id_0_and_publish_to_32_publishers() {
        Options c = Options.parse(new String[] {"--mode", "catchup", "--sub-url", "http://127.0.0.1:1/e", "--pub-url", "http://127.0.0.1:1/p"});
        assertEquals("0", c.lastEventId);
        Options p = Options.parse(new String[] {"--mode", "publish", "--pub-url", "http://127.0.0.1:1/p"});
        assertEquals(32, p.publishers);
    }

    @Test
    void refuses_non_loopback_and_bad_values() {
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "idle", "--sub-url", "http://example.com/events"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "idle", "--sub-url", "http://10.0.0.1/events"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "idle", "--sub-url", "https://127.0.0.1/events"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "sideways"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "fanout", "--sub-url", "http://127.0.0.1/e"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "idle", "--sub-url", "http://127.0.0.1/e", "--size", "10"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "idle", "--sub-url", "http://127.0.0.1/e", "--bogus", "1"}));
    }

    @Test
    void batch_only_for_herald_format_publishing() {
        Options p = Options.parse(new String[] {"--mode", "publish", "--pub-url", "http://127.0.0.1:1/p", "--batch", "100"});
        assertEquals(100, p.batch);
        assertEquals(1, Options.parse(new String[] {"--mode", "publish", "--pub-url", "http://127.0.0.1:1/p"}).batch);
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "publish",
                "--pub-url", "http://127.0.0.1:1/p", "--publish-format", "raw", "--batch", "100"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "fanout",
                "--sub-url", "http://127.0.0.1:1/e", "--pub-url", "http://127.0.0.1:1/p", "--batch", "10"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--mode", "publish",
                "--pub-url", "http://127.0.0.1:1/p", "--batch", "0"}));
    }

    @Test
    void idempotency_keys_is_a_flag_only_for_herald_format_publishing() {
        assertFalse(Options.parse(new String[] {"--mode", "publish", "--pub-url", "http://127.0.0.1:1/p"}).idempotencyKeys);
        // A flag without a value, first, between or last.
        Options p = Options.parse(new String[] {"--mode", "publish", "--idempotency-keys", "--pub-url", "http://127.0.0.1:1/p",
                "--batch", "100"});
        assertTrue(p.idempotencyKeys);
        assertEquals(100, p.batch);
        assertEquals("http://127.0.0.1:1/p", p.pubUrlText);
        assertTrue(Options.parse(new String[] {"--mode", "publish", "--pub-url", "http://127.0.0.1:1/p",
                "--idempotency-keys"}).idempotencyKeys);
        assertFalse(p.given.containsKey("--idempotency-keys"));
        Options.UsageException raw = assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {
                "--mode", "publish", "--pub-url", "http://127.0.0.1:1/p", "--publish-format", "raw", "--idempotency-keys"}));
        assertTrue(raw.getMessage().contains("--publish-format herald"), raw.getMessage());
        Options.UsageException fanout = assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {
                "--mode", "fanout", "--sub-url", "http://127.0.0.1:1/e", "--pub-url", "http://127.0.0.1:1/p", "--idempotency-keys"}));
        assertTrue(fanout.getMessage().contains("publish mode"), fanout.getMessage());
    }

    @Test
    void two_nodes_publish_to_one_port_and_subscribe_on_another() {
        Options o = Options.parse(new String[] {"--mode", "fanout", "--sub-url", "http://127.0.0.1:8082/events?channel=w7",
                "--pub-url", "http://127.0.0.1:8081/api/messages", "--server-pid", "12", "--pub-server-pid", "11", "--db-pid", "10"});
        assertEquals("127.0.0.1:8082", o.subUrl.host);
        assertEquals("127.0.0.1:8081", o.pubUrl.host);
        assertEquals(12, o.serverPid);
        assertEquals(11, o.pubServerPid);
        assertEquals(10, o.dbPid);
    }
}
