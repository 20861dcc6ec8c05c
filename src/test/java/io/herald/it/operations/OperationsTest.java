package io.herald.it.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /health and /metrics (Prometheus text) and the same meters in JMX, moving with real traffic. */
class OperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    @Test
    void healthSaysLiveAndReadyWithTheDatabase() {
        HttpResponse<String> health = herald.get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject body = JsonParser.parseString(health.body()).getAsJsonObject();
        assertEquals("UP", body.get("status").getAsString());
        assertEquals("UP", body.get("database").getAsString());
        assertTrue(body.get("ready").getAsBoolean() && body.get("live").getAsBoolean());
        assertEquals(200, herald.get("/health/live").statusCode());
        assertEquals(200, herald.get("/health/ready").statusCode());
        assertEquals(404, herald.get("/health/other").statusCode());
    }

    @Test
    void metricsMoveWithTrafficInPrometheusTextAndJmx() throws Exception {
        double publishedBefore = metric("herald_messages_published_total");
        double transactionsBefore = metric("herald_append_transactions_total");
        try (SseSubscription sub = herald.subscribe("/events?channel=ops")) {
            Wait.until(WAIT, "the stream counted", () -> metric("herald_connections_open") >= 1);
            herald.publish("ops", null, "counted");
            sub.next(WAIT);
            Wait.until(WAIT, "the publish counted", () -> metric("herald_messages_published_total") >= publishedBefore + 1);
            assertTrue(metric("herald_append_transactions_total") >= transactionsBefore + 1, scrape());
            assertTrue(metric("herald_frames_delivered_total") >= 1);
            assertTrue(metric("herald_bytes_delivered_bytes_total") > 0, scrape());
            assertTrue(metric("herald_store_append_seconds_count") >= 1);
            assertTrue(metric("herald_publish_latency_seconds_count") >= 1);
            Wait.until(WAIT, "the write counted", () -> metric("herald_publish_to_write_seconds_count") >= 1);
            assertTrue(scrape().contains("herald_disconnects_total{reason=\"kicked\"}"), scrape());
            assertTrue(scrape().contains("herald_queue_depth"));
            assertTrue(scrape().contains("herald_catchup_frames_total"));
            assertTrue(scrape().contains("herald_connects_total"));
        }
        try (SseSubscription replay = herald.subscribe("/events?channel=ops&lastEventId=0")) {
            replay.next(WAIT);
            Wait.until(WAIT, "the catch-up frame counted", () -> metric("herald_catchup_frames_total") >= 1);
        }
        HttpResponse<String> response = herald.get("/metrics");
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertTrue(server.queryNames(new ObjectName("herald:*"), null).stream().anyMatch(n -> n.toString().contains("Published")),
                server.queryNames(new ObjectName("herald:*"), null).toString());
    }

    @Test
    void everyStreamLogsOneLineWhenItOpensAndOneWhenItClosesWithoutTheQuery() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.herald.connections");
        java.util.logging.Level before = logger.getLevel();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(String.valueOf(r.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        logger.setLevel(java.util.logging.Level.ALL);
        try {
            try (SseSubscription s = herald.subscribe("/events?channel=logged&lastEventId=0&ticket-free=secret-value")) {
                Wait.until(WAIT, "the open line", () -> lines.stream().anyMatch(l -> l.contains("opened") && l.contains("[logged]")));
                long id = herald.hub().subscribers().stream().filter(x -> x.channels().contains("logged")).findFirst().orElseThrow().id();
                herald.hub().close(herald.hub().find(id).orElseThrow(), io.herald.hub.CloseReason.KICKED);
                Wait.until(WAIT, "the close line", () -> lines.stream().anyMatch(l -> l.equals("stream " + id + " closed: kicked, address 127.0.0.1, 0 frames sent, last id 0")));
                assertEquals(1, lines.stream().filter(l -> l.startsWith("stream " + id + " opened")).count());
            }
            assertTrue(lines.stream().noneMatch(l -> l.contains("secret-value")), "no query string in the log: " + lines);
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
    }

    private static String scrape() {
        return herald.get("/metrics").body();
    }

    /** The value of a Prometheus sample without labels (0 when absent). */
    private static double metric(String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
