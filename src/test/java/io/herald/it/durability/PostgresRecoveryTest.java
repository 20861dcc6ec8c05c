package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PostgresNodes;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Herald nodes on a real PostgreSQL whose every connection to Herald's database is ended by
 * {@code pg_terminate_backend} (as a database restart or an administrator does): each node's pool
 * replaces its connections and its relay listens again, with no restart; publishes succeed again,
 * {@code /health} is UP, and a stream on the other node, open all along, receives every message
 * acknowledged after the cut, and a client resuming from id 0 receives every acknowledged message.
 */
class PostgresRecoveryTest {

    private static final Duration HEAL = Duration.ofSeconds(30);
    private static final String CHANNEL = "pg-heal";

    @RegisterExtension
    static final PostgresNodes pg = new PostgresNodes();

    @Test
    void nodesRecoverByThemselvesWhenPostgresEndsTheirConnections() throws Exception {
        List<HeraldServer> nodes = pg.start("heal", 2, Map.of());
        HeraldServer a = nodes.get(0);
        HeraldServer b = nodes.get(1);
        List<String> acknowledged = new ArrayList<>();
        try (SseSubscription onB = b.subscribe("/events?channel=" + CHANNEL)) {
            acknowledged.add(Long.toString(a.publish(CHANNEL, null, "before")));
            assertEquals(acknowledged.get(0), onB.next(HEAL).lastEventId(), "the relay works before the cut");

            long cut = System.nanoTime();
            int ended = terminateHeraldsConnections();
            assertTrue(ended >= 2, "ended " + ended + " connections (each node's pool and relay)");

            int[] refused = {0};
            Wait.until(HEAL, () -> "a publish on node a to succeed again; refused so far " + refused[0], () -> {
                HttpResponse<String> response = a.post("application/json", body("during"));
                if (response.statusCode() == 201) {
                    acknowledged.add(id(response));
                    return true;
                }
                assertEquals(503, response.statusCode(), response.body());
                refused[0]++;
                return false;
            });
            System.out.printf("POSTGRES-RECOVERY %d connections ended, %d publishes refused before one succeeded%n", ended, refused[0]);
            for (HeraldServer node : nodes) {
                Wait.until(HEAL, () -> "/health UP: " + node.get("/health").body(), () -> node.get("/health").statusCode() == 200);
            }
            for (int i = 0; i < 5; i++) {
                acknowledged.add(Long.toString(a.publish(CHANNEL, null, "after " + i)));
            }
            List<String> live = onB.next(acknowledged.size() - 1, HEAL).stream().map(SseParser.Event::lastEventId).toList();
            System.out.printf("POSTGRES-RECOVERY node b's stream had every message %d ms after the cut%n", (System.nanoTime() - cut) / 1_000_000);
            assertEquals(acknowledged.subList(1, acknowledged.size()), live,
                    "node b's open stream gets what node a acknowledged after the cut (its relay listens again)");
        }
        try (SseSubscription resumed = b.subscribe("/events?channel=" + CHANNEL + "&lastEventId=0")) {
            assertEquals(acknowledged, resumed.next(acknowledged.size(), HEAL).stream().map(SseParser.Event::lastEventId).toList());
        }
    }

    /** Ends every other session on Herald's database; returns how many. */
    private static int terminateHeraldsConnections() throws Exception {
        try (Connection c = pg.dataSource("heal").getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE datname = 'heal' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String body(String data) {
        JsonObject body = new JsonObject();
        body.addProperty("channel", CHANNEL);
        body.addProperty("data", data);
        return body.toString();
    }

    private static String id(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject().get("id").getAsString();
    }
}
