package io.herald.it.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.OutboxDatabase;
import io.herald.it.support.PostgresNodes;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald draining applications' outboxes, in process: rows published in order and rolled-back
 * ones never; a bad row skipped and named until it is fixed; the source going down and coming
 * back; a PostgreSQL source waking Herald at commit; two nodes of a cluster, one draining at a
 * time and the other taking over; what /metrics and the console show.
 */
class OutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresNodes pg = new PostgresNodes();

    @TempDir
    Path dir;

    private static List<String> published(HeraldServer herald, String channel) {
        List<String> data = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonArray page = JsonParser.parseString(herald.get("/api/messages?channel=" + channel + "&limit=1000&after=" + after)
                    .body()).getAsJsonObject().getAsJsonArray("messages");
            if (page.isEmpty()) {
                return data;
            }
            for (JsonElement e : page) {
                after = e.getAsJsonObject().get("id").getAsLong();
                data.add(e.getAsJsonObject().get("data").getAsString());
            }
        }
    }

    /** The value of the metric line {@code name{source="app"}}, or NaN when absent. */
    private static double metric(HeraldServer herald, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*source=\"app\"[^}]*\\} (\\S+)$").matcher(herald.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void rowsArePublishedInOrderRolledBackOnesNeverAndABadRowWaitsNamedUntilFixed() throws Exception {
        try (OutboxDatabase app = OutboxDatabase.h2(Files.createDirectories(dir.resolve("app")));
                HeraldServer herald = HeraldServer.start(Files.createDirectories(dir.resolve("herald")),
                        app.settingsMap("app", "50", "500"));
                SseSubscription sub = herald.subscribe("/events?channel=orders")) {
            List<String> expected = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < 40; t++) {
                List<String> rows = IntStream.range(t * 50, t * 50 + 50).mapToObj(i -> "o" + i).toList();
                app.write("orders", t % 5 == 2 ? rows.stream().map(r -> "rolled-back-" + r).toList() : rows, t % 5 != 2);
                if (t % 5 != 2) {
                    expected.addAll(rows);
                }
            }
            Wait.until(WAIT, () -> "the outbox to empty, " + app.waiting() + " wait", () -> app.waiting() == 0);
            System.out.printf("outbox: %d rows written and drained in %d ms%n", expected.size(),
                    (System.nanoTime() - start) / 1_000_000);
            assertEquals(expected, published(herald, "orders"));
            List<SseParser.Event> live = sub.next(expected.size(), WAIT);
            assertEquals(expected, live.stream().map(SseParser.Event::data).toList(), "subscribers get them live, in order");
            assertEquals("row", live.get(0).type());

            app.execute("INSERT INTO herald_outbox (channel, event, data) VALUES ('bad channel!', 'row', 'b')");
            app.write("orders", List.of("after-bad"), true);
            Wait.until(WAIT, "the good row after the bad one", () -> published(herald, "orders").contains("after-bad"));
            assertEquals(1, app.waiting(), "the bad row stays in the outbox");
            Wait.until(WAIT, "the bad row counted", () -> metric(herald, "herald_outbox_skipped") == 1.0);
            assertEquals(1.0, metric(herald, "herald_outbox_failing"));
            assertEquals(1.0, metric(herald, "herald_outbox_draining"));
            AdminSession admin = AdminSession.admin(herald);
            String console = admin.get("/admin/").body();
            assertTrue(console.contains("Application outboxes") && console.contains("cannot be published")
                    && console.contains("bad channel!"), "the console names the bad row");

            app.execute("UPDATE herald_outbox SET channel = 'orders'");
            Wait.until(WAIT, "the fixed row", () -> app.waiting() == 0);
            List<String> all = published(herald, "orders");
            assertEquals(List.of("after-bad", "b"), all.subList(all.size() - 2, all.size()));
            Wait.until(WAIT, "no error once fixed", () -> metric(herald, "herald_outbox_failing") == 0.0);
            assertEquals(expected.size() + 2.0, metric(herald, "herald_outbox_moved_total"));
        }
    }

    @Test
    void theApplicationsDatabaseGoingDownIsReportedAndDrainingResumesWhenItIsBack() throws Exception {
        try (OutboxDatabase app = OutboxDatabase.h2(Files.createDirectories(dir.resolve("app")));
                HeraldServer herald = HeraldServer.start(Files.createDirectories(dir.resolve("herald")),
                        app.settingsMap("app", "50", "100"))) {
            app.write("down", List.of("before"), true);
            Wait.until(WAIT, "the first row", () -> published(herald, "down").size() == 1);

            app.h2Server(false);
            Wait.until(WAIT, "the outage reported", () -> metric(herald, "herald_outbox_failing") == 1.0);
            assertEquals(200, herald.get("/health").statusCode(), "Herald itself is healthy");
            app.h2Server(true);
            app.write("down", List.of("after"), true);

            Wait.until(WAIT, "the row written after the outage", () -> published(herald, "down").size() == 2);
            assertEquals(List.of("before", "after"), published(herald, "down"));
            Wait.until(WAIT, "the error cleared", () -> metric(herald, "herald_outbox_failing") == 0.0);
        }
    }

    /** Polling every minute: only the trigger's NOTIFY can bring a row within seconds. */
    @Test
    void aPostgresOutboxWakesHeraldAtCommit() throws Exception {
        OutboxDatabase app = OutboxDatabase.postgresAt(pg.freshDatabase("app_listen"));
        try (HeraldServer herald = HeraldServer.start(Files.createDirectories(dir.resolve("herald")),
                app.settingsMap("app", "60000", "500"));
                SseSubscription sub = herald.subscribe("/events?channel=woken")) {
            Wait.until(WAIT, "the drainer to start listening", () -> metric(herald, "herald_outbox_draining") == 1.0
                    && metric(herald, "herald_outbox_waiting") == 0.0);
            long written = System.nanoTime();
            app.write("woken", List.of("w1", "w2"), true);
            app.write("woken", List.of("never"), false);
            List<SseParser.Event> events = sub.next(2, Duration.ofSeconds(10));
            long millis = (System.nanoTime() - written) / 1_000_000;
            assertEquals(List.of("w1", "w2"), events.stream().map(SseParser.Event::data).toList());
            assertTrue(millis < 10_000, "woken by NOTIFY, not the minute's poll: " + millis + " ms");
            assertEquals(List.of("w1", "w2"), published(herald, "woken"));
        }
    }

    @Test
    void oneNodeOfAClusterDrainsAndAnotherTakesOverWhenItStops() throws Exception {
        OutboxDatabase app = OutboxDatabase.postgresAt(pg.freshDatabase("app_cluster"));
        Map<String, String> settings = new HashMap<>(app.settingsMap("app", "50", "100"));
        settings.put("herald.cluster.node-timeout-ms", "3000");
        List<HeraldServer> nodes = pg.start("herald_cluster", 2, settings);
        Wait.until(WAIT, "one node to drain", () -> metric(nodes.get(0), "herald_outbox_draining")
                + metric(nodes.get(1), "herald_outbox_draining") == 1.0);
        int drains = metric(nodes.get(0), "herald_outbox_draining") == 1.0 ? 0 : 1;
        HeraldServer drainer = nodes.get(drains);
        HeraldServer other = nodes.get(1 - drains);
        app.write("shared", List.of("a1", "a2"), true);
        Wait.until(WAIT, "the rows on the other node too", () -> published(other, "shared").size() == 2);
        assertEquals(0.0, metric(other, "herald_outbox_moved_total"), "the other node moved nothing");
        AdminSession admin = AdminSession.admin(other);
        assertTrue(admin.get("/admin/").body().contains("node-" + (char) ('a' + drains)), "the console names the drainer");

        drainer.stopServer();
        Wait.until(WAIT, "the other node to take over", () -> metric(other, "herald_outbox_draining") == 1.0);
        app.write("shared", List.of("b1"), true);
        Wait.until(WAIT, "the row after the take-over", () -> published(other, "shared").size() == 3);
        assertEquals(List.of("a1", "a2", "b1"), published(other, "shared"));
    }
}
