package io.herald.it.announce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An announcement that asks for acknowledgement, over HTTP on a real server: delivered is
 * recorded once a stream's write of it completed, displayed and acknowledged when the user's
 * widget posts them (the first time counts), only admins read receipts, bad requests change
 * nothing, and everything holds across a restart.
 */
class ReceiptsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);
    private static final String ADMIN = HeraldServer.basic(HeraldServer.ADMIN, HeraldServer.PASSWORD);
    private static final String ACK_DATA = "{\"severity\":\"warning\",\"title\":\"Payroll closes at 17:00\",\"ack\":true}";

    @TempDir
    Path dir;

    /** A request that must be refused with {@code status}. */
    private record Refused(HttpResponse<String> response, int status) {
    }

    private static JsonObject receipts(HeraldServer herald, long id) {
        HttpResponse<String> r = HeraldServer.call(herald.uri("/api/announcements/" + id + "/receipts"), "GET", ADMIN, null);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static HttpResponse<String> post(HeraldServer herald, long id, String authorization, String body) {
        return HeraldServer.call(herald.uri("/api/announcements/" + id + "/receipts"), "POST", authorization, body);
    }

    private static long count(JsonObject receipts, String state) {
        return receipts.getAsJsonObject("counts").get(state).getAsLong();
    }

    @Test
    void deliveredDisplayedAndAcknowledgedAreRecordedOnceAndOnlyAdminsReadThem() throws Exception {
        try (HeraldServer herald = HeraldServer.start(dir, Map.of())) {
            try (SseSubscription earlier = SseSubscription.open(herald.uri("/events?channel=elsewhere"),
                    Map.of("Authorization", HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD)))) {
                assertEquals(200, earlier.status(), "user publisher connects once, to another channel");
            }
            long id;
            try (SseSubscription stream = SseSubscription.open(herald.uri("/events?channel=announcements"),
                    Map.of("Authorization", VIEWER))) {
                assertEquals(200, stream.status());
                Wait.until(WAIT, "the stream", () -> herald.hub().gauges().connectionCount() == 1);
                id = herald.publish("announcements", "announcement", ACK_DATA);
                SseParser.Event e = stream.next(WAIT);
                assertEquals("announcement", e.type());
                Wait.until(WAIT, "the delivered receipt", () -> count(receipts(herald, id), "delivered") == 1);
            }
            Wait.until(WAIT, "user publisher in the directory, not reached", () -> receipts(herald, id)
                    .getAsJsonArray("notReached").toString().equals("[\"publisher\"]"));
            JsonObject before = receipts(herald, id);
            assertEquals(2, before.get("audience").getAsInt(), "viewer (a receipt) and publisher (seen before, none)");
            assertEquals(0, count(before, "displayed"));
            JsonObject receipt = before.getAsJsonArray("receipts").get(0).getAsJsonObject();
            assertEquals(HeraldServer.VIEWER, receipt.get("user").getAsString());
            assertTrue(receipt.get("acknowledgedAt").isJsonNull());
            assertTrue(before.getAsJsonObject("announcement").get("ack").getAsBoolean());

            HttpResponse<String> displayed = post(herald, id, VIEWER, "{\"state\":\"displayed\"}");
            assertEquals(200, displayed.statusCode(), displayed.body());
            HttpResponse<String> acknowledged = post(herald, id, VIEWER, "{\"state\":\"acknowledged\"}");
            assertEquals(200, acknowledged.statusCode(), acknowledged.body());
            String at = JsonParser.parseString(acknowledged.body()).getAsJsonObject().get("acknowledgedAt").getAsString();
            HttpResponse<String> again = post(herald, id, VIEWER, "{\"state\":\"acknowledged\"}");
            assertEquals(at, JsonParser.parseString(again.body()).getAsJsonObject().get("acknowledgedAt").getAsString(),
                    "the first time counts");

            long plain = herald.publish("announcements", "announcement", "{\"severity\":\"info\",\"title\":\"No ack\"}");
            AdminSession browser = new AdminSession(herald);
            browser.login(HeraldServer.VIEWER, HeraldServer.PASSWORD);
            for (Refused bad : List.of(
                    new Refused(post(herald, id, null, "{\"state\":\"acknowledged\"}"), 401),
                    new Refused(post(herald, id, VIEWER, "{\"state\":\"seen\"}"), 400),
                    new Refused(post(herald, id, VIEWER, "not json"), 400),
                    new Refused(post(herald, plain, VIEWER, "{\"state\":\"acknowledged\"}"), 404),
                    new Refused(post(herald, 999_999, VIEWER, "{\"state\":\"acknowledged\"}"), 404),
                    new Refused(browser.request("POST", "/api/announcements/" + id + "/receipts",
                            "{\"state\":\"acknowledged\"}"), 403),
                    new Refused(HeraldServer.call(herald.uri("/api/announcements/" + id + "/receipts"), "GET", VIEWER, null), 403),
                    new Refused(HeraldServer.call(herald.uri("/api/announcements/x/receipts"), "GET", ADMIN, null), 400))) {
                assertEquals(bad.status(), bad.response().statusCode(), bad.response().request().method() + " "
                        + bad.response().request().uri() + ": " + bad.response().body());
            }
            HttpResponse<String> scripted = browser.request("POST", "/api/announcements/" + id + "/receipts",
                    "{\"state\":\"displayed\"}", "X-Requested-With", "herald.js");
            assertEquals(200, scripted.statusCode(), "a session login with the script's header: " + scripted.body());

            herald.stopServer();
            herald.startAgain();
            JsonObject after = receipts(herald, id);
            assertEquals(1, count(after, "delivered"));
            assertEquals(1, count(after, "displayed"));
            assertEquals(1, count(after, "acknowledged"));
            assertEquals(at, after.getAsJsonArray("receipts").get(0).getAsJsonObject().get("acknowledgedAt").getAsString(),
                    "stored, and still the first time");
            HttpResponse<String> csv = HeraldServer.send(HttpRequest.newBuilder(
                    herald.uri("/api/announcements/" + id + "/receipts?format=csv")).header("Authorization", ADMIN).build());
            assertEquals(200, csv.statusCode());
            assertEquals("user,delivered,displayed,acknowledged", csv.body().lines().findFirst().orElseThrow());
            assertTrue(csv.body().lines().skip(1).findFirst().orElseThrow().startsWith("viewer,"), csv.body());
            String metrics = herald.get("/metrics").body();
            assertTrue(metrics.lines().anyMatch(l -> l.equals("herald_receipts_dropped_total 0.0")), "none dropped: " + metrics);
        }
    }
}
