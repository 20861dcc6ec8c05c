package io.herald.it.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /api/messages and GET /api/messages: replies, history, and every refusal leaving the store unchanged. */
class PublishApiTest {

    private static final int MAX_BODY = 1024;

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.publish.max-body-bytes", Integer.toString(MAX_BODY)));

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static int storedCount() {
        return json(herald.get("/api/messages?limit=1000")).getAsJsonArray("messages").size();
    }

    @Test
    void publishAnswers201WithLocationAndTheStoredMessage() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> r = herald.post("application/json",
                "{\"channel\":\"orders\",\"event\":\"created\",\"data\":\"order 17\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonObject body = json(r);
        long id = body.get("id").getAsLong();
        assertEquals("/api/messages/" + id, r.headers().firstValue("Location").orElseThrow());
        assertEquals("orders", body.get("channel").getAsString());
        assertEquals("created", body.get("event").getAsString());
        assertEquals("order 17", body.get("data").getAsString());
        Instant created = Instant.parse(body.get("createdAt").getAsString());
        assertTrue(!created.isBefore(before) && !created.isAfter(Instant.now()), created.toString());

        HttpResponse<String> one = herald.get("/api/messages/" + id);
        assertEquals(200, one.statusCode());
        assertEquals(body, json(one), "GET Location returns what the 201 said");
    }

    @Test
    void jsonDataThatIsNotAStringIsStoredAsCompactJsonText() {
        HttpResponse<String> r = herald.post("application/json; charset=UTF-8",
                "{ \"channel\" : \"orders\", \"data\" : { \"a\" : [1, 2.5, true, null], \"b\" : \"x\" } }");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("{\"a\":[1,2.5,true,null],\"b\":\"x\"}", json(r).get("data").getAsString());
        assertTrue(json(r).get("event").isJsonNull());
        HttpResponse<String> n = herald.post("application/json", "{\"channel\":\"orders\",\"data\":42}");
        assertEquals("42", json(n).get("data").getAsString());
    }

    @Test
    void anHtmlFormPublishesToo() {
        HttpResponse<String> r = herald.post("application/x-www-form-urlencoded",
                "channel=forms&event=note&data=caf%C3%A9+au+lait%0Aline+2");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("café au lait\nline 2", json(r).get("data").getAsString());
        assertEquals("note", json(r).get("event").getAsString());
        HttpResponse<String> empty = herald.post("application/x-www-form-urlencoded", "channel=forms&data=");
        assertEquals(201, empty.statusCode(), "an empty payload is a valid message");
    }

    @Test
    void historyFiltersByChannelAfterIdAndLimitInIdOrder() {
        long a1 = herald.publish("hist-a", null, "a1");
        herald.publish("hist-b", null, "b1");
        long a2 = herald.publish("hist-a", "e", "a2");
        long a3 = herald.publish("hist-a", null, "a3");
        JsonArray all = json(herald.get("/api/messages?channel=hist-a")).getAsJsonArray("messages");
        assertEquals(List.of(a1, a2, a3), all.asList().stream().map(e -> e.getAsJsonObject().get("id").getAsLong()).toList());
        JsonArray after = json(herald.get("/api/messages?channel=hist-a&after=" + a1 + "&limit=1")).getAsJsonArray("messages");
        assertEquals(1, after.size());
        assertEquals(a2, after.get(0).getAsJsonObject().get("id").getAsLong());
        assertEquals("e", after.get(0).getAsJsonObject().get("event").getAsString());
        JsonArray both = json(herald.get("/api/messages?channel=hist-a&channel=hist-b")).getAsJsonArray("messages");
        assertEquals(4, both.size());
    }

    @Test
    void anAbsentMessageIs404() {
        HttpResponse<String> r = herald.get("/api/messages/987654321");
        assertEquals(404, r.statusCode());
        assertEquals("not found", json(r).get("error").getAsString());
        assertEquals(404, herald.get("/api/messages/abc").statusCode());
    }

    record Bad(String contentType, String body, int status, String detailMentions) {
    }

    @Test
    void everyBadPublishGetsAJson4xxNamingTheProblemAndStoresNothing() {
        String big = "x".repeat(MAX_BODY);
        List<Bad> cases = List.of(
                new Bad("application/json", "{\"channel\":\"orders\",\"data\":", 400, "malformed JSON"),
                new Bad("application/json", "not json", 400, "malformed JSON"),
                new Bad("application/json", "{channel: orders, data: x}", 400, "malformed JSON"),
                new Bad("application/json", "{\"channel\":\"a\",\"data\":\"x\"} trailing", 400, "malformed JSON"),
                new Bad("application/json", "[1,2]", 400, "JSON object"),
                new Bad("application/json", "", 400, "malformed JSON"),
                new Bad("application/json", "{\"data\":\"x\"}", 400, "channel"),
                new Bad("application/json", "{\"channel\":\"\",\"data\":\"x\"}", 400, "channel"),
                new Bad("application/json", "{\"channel\":\"bad channel\",\"data\":\"x\"}", 400, "channel"),
                new Bad("application/json", "{\"channel\":5,\"data\":\"x\"}", 400, "channel"),
                new Bad("application/json", "{\"channel\":\"orders\"}", 400, "data"),
                new Bad("application/json", "{\"channel\":\"orders\",\"data\":null}", 400, "data"),
                new Bad("application/json", "{\"channel\":\"orders\",\"event\":\"a\\nb\",\"data\":\"x\"}", 400, "event"),
                new Bad("application/json", "{\"channel\":\"orders\",\"event\":\"a\\rb\",\"data\":\"x\"}", 400, "event"),
                new Bad("application/json", "{\"channel\":\"orders\",\"event\":\"a\\u0000b\",\"data\":\"x\"}", 400, "event"),
                new Bad("application/json", "{\"channel\":\"orders\",\"event\":\"" + "e".repeat(129) + "\",\"data\":\"x\"}", 400, "event"),
                new Bad("application/json", "{\"channel\":\"orders\",\"event\":7,\"data\":\"x\"}", 400, "event"),
                new Bad("application/x-www-form-urlencoded", "channel=orders&event=a%0D%0Ab&data=x", 400, "event"),
                new Bad("application/x-www-form-urlencoded", "channel=orders", 400, "data"),
                new Bad("application/x-www-form-urlencoded", "data=x", 400, "channel"),
                new Bad("application/x-www-form-urlencoded", "channel=orders&data=%zz", 400, "form"),
                new Bad("application/json", "{\"channel\":\"orders\",\"data\":\"" + big + "\"}", 413, "" + MAX_BODY),
                new Bad("text/plain", "{\"channel\":\"orders\",\"data\":\"x\"}", 415, "Content-Type"),
                new Bad("application/xml", "<m/>", 415, "Content-Type"));
        int before = storedCount();
        for (Bad bad : cases) {
            HttpResponse<String> r = herald.post(bad.contentType(), bad.body());
            String what = bad.contentType() + " " + bad.body().substring(0, Math.min(80, bad.body().length()));
            assertEquals(bad.status(), r.statusCode(), what + " -> " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
            JsonObject error = json(r);
            assertTrue(error.has("error") && error.has("detail"), r.body());
            assertTrue(error.get("detail").getAsString().contains(bad.detailMentions()), what + " -> " + r.body());
        }
        HttpResponse<String> noType = HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Authorization", HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"orders\",\"data\":\"x\"}")).build());
        assertEquals(415, noType.statusCode());
        assertEquals(before, storedCount(), "no refused publish stored anything");
    }

    @Test
    void unsupportedMethodsGetA405WithAllowAndAJsonError() {
        for (String[] call : new String[][] {{"PUT", "/api/messages"}, {"DELETE", "/api/messages/1"},
                {"PATCH", "/api/messages"}, {"POST", "/events"}, {"DELETE", "/events"}}) {
            HttpResponse<String> r = HeraldServer.send(HttpRequest.newBuilder(herald.uri(call[1]))
                    .method(call[0], HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build());
            assertEquals(405, r.statusCode(), call[0] + " " + call[1]);
            assertTrue(r.headers().firstValue("Allow").isPresent(), call[0] + " " + call[1]);
            assertEquals("method not allowed", json(r).get("error").getAsString());
        }
    }

    @Test
    void badHistoryQueriesAre400() {
        for (String query : List.of("limit=0", "limit=1001", "limit=abc", "limit=-5", "after=-1", "after=x",
                "channel=bad%20name")) {
            HttpResponse<String> r = herald.get("/api/messages?" + query);
            assertEquals(400, r.statusCode(), query + " -> " + r.body());
            assertTrue(json(r).has("detail"), r.body());
        }
        assertEquals(200, herald.get("/api/messages?limit=1000").statusCode());
    }
}
