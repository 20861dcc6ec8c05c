package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Herald on its default H2 file database, closed underneath it (as H2 does itself after an
 * OutOfMemoryError): publishes answer 503 for a moment, then succeed again with no restart,
 * {@code /health} is UP again by itself, and a client resuming from the start receives every
 * acknowledged message, in order.
 */
class DatabaseRecoveryTest {

    private static final Duration HEAL = Duration.ofSeconds(30);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    /** SHUTDOWN closes the database cleanly; SHUTDOWN IMMEDIATELY like a failure, with nothing written out. */
    @ParameterizedTest
    @ValueSource(strings = {"SHUTDOWN", "SHUTDOWN IMMEDIATELY"})
    void heraldRecoversByItselfFromADatabaseClosedUnderneathIt(String shutdown) throws Exception {
        String channel = shutdown.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acknowledged.add(Long.toString(herald.publish(channel, null, "before " + i)));
        }
        assertEquals(200, herald.get("/health").statusCode());

        shutDownTheDatabase(shutdown);
        long closedAt = System.nanoTime();

        int[] refusals = {0};
        int[] attempt = {0};
        Wait.until(HEAL, () -> "a publish to succeed again; refused so far: " + refusals[0], () -> {
            HttpResponse<String> response = publish(channel, "during " + attempt[0]++);
            if (response.statusCode() == 201) {
                acknowledged.add(id(response));
                return true;
            }
            assertEquals(503, response.statusCode(), "a publish the store cannot take is refused with 503: " + response.body());
            refusals[0]++;
            return false;
        });
        long publishBack = System.nanoTime() - closedAt;
        Wait.until(HEAL, () -> "/health UP again: " + herald.get("/health").body(),
                () -> herald.get("/health").statusCode() == 200);
        long healthBack = System.nanoTime() - closedAt;
        System.out.printf("DATABASE-RECOVERY after " + shutdown + ": publishes back after %d ms (%d refused), /health UP after %d ms%n",
                publishBack / 1_000_000, refusals[0], healthBack / 1_000_000);
        assertTrue(herald.get("/health").body().contains("\"status\":\"UP\""));

        for (int i = 0; i < 5; i++) {
            acknowledged.add(Long.toString(herald.publish(channel, null, "after " + i)));
        }
        assertEquals(200, herald.get("/api/messages?channel=" + channel).statusCode(), "history answers again");
        try (SseSubscription resumed = herald.subscribe("/events?channel=" + channel + "&lastEventId=0")) {
            List<String> got = resumed.next(acknowledged.size(), HEAL).stream().map(SseParser.Event::lastEventId).toList();
            assertEquals(acknowledged, got, "every acknowledged message, once, in order");
        }
    }

    /** {@code shutdown} through a connection of its own to the same database file, in this JVM. */
    private static void shutDownTheDatabase(String shutdown) throws Exception {
        String url = "jdbc:h2:file:" + herald.dataDir().resolve("herald").toAbsolutePath() + ";IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute(shutdown);
        }
    }

    private static HttpResponse<String> publish(String channel, String data) {
        JsonObject body = new JsonObject();
        body.addProperty("channel", channel);
        body.addProperty("data", data);
        return herald.post("application/json", body.toString());
    }

    private static String id(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject().get("id").getAsString();
    }
}
