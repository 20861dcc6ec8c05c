package io.herald.it.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/messages} with a JSON array, on a real server: all stored in one transaction
 * with consecutive ids in array order, or none with the first bad message named by its index;
 * per-message idempotency keys.
 */
class BatchPublishTest {

    private static final int MAX_BATCH = 50;
    private static final int MAX_BODY = 2048;

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.publish.max-batch", Integer.toString(MAX_BATCH),
            "herald.publish.max-body-bytes", Integer.toString(MAX_BODY), "herald.publish.max-batch-bytes", "65536"));

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static int stored(String channel) {
        return json(herald.get("/api/messages?limit=1000&channel=" + channel)).getAsJsonArray("messages").size();
    }

    private static JsonObject message(String channel, String data, String key) {
        JsonObject m = new JsonObject();
        m.addProperty("channel", channel);
        m.addProperty("data", data);
        if (key != null) {
            m.addProperty("idempotencyKey", key);
        }
        return m;
    }

    private static JsonArray batch(JsonObject... messages) {
        JsonArray array = new JsonArray();
        for (JsonObject m : messages) {
            array.add(m);
        }
        return array;
    }

    private static List<Long> ids(HttpResponse<String> r) {
        return json(r).getAsJsonArray("messages").asList().stream().map(e -> e.getAsJsonObject().get("id").getAsLong()).toList();
    }

    @Test
    void aBatchIsStoredWithConsecutiveIdsInOrderAndSentInThatOrder() {
        try (SseSubscription sub = herald.subscribe("/events?channel=batch-a&channel=batch-b")) {
            HttpResponse<String> r = herald.post("application/json",
                    batch(message("batch-a", "1", null), message("batch-b", "2", null), message("batch-a", "3", null)).toString());

            assertEquals(201, r.statusCode(), r.body());
            List<Long> ids = ids(r);
            assertEquals(List.of(ids.get(0), ids.get(0) + 1, ids.get(0) + 2), ids);
            JsonArray answered = json(r).getAsJsonArray("messages");
            assertEquals(List.of("1", "2", "3"), answered.asList().stream().map(e -> e.getAsJsonObject().get("data").getAsString()).toList());
            assertEquals(List.of("batch-a", "batch-b", "batch-a"),
                    answered.asList().stream().map(e -> e.getAsJsonObject().get("channel").getAsString()).toList());
            List<SseParser.Event> events = sub.next(3, WAIT);
            assertEquals(ids.stream().map(String::valueOf).toList(), events.stream().map(SseParser.Event::lastEventId).toList());
        }
    }

    @Test
    void oneBadMessageRefusesTheWholeBatchNamingItsIndex() {
        record Bad(String body, int status, String detail) {
        }
        String ok = message("batch-bad", "fine", null).toString();
        String big = "x".repeat(MAX_BODY + 1);
        List<Bad> cases = List.of(
                new Bad("[" + ok + ",{\"data\":\"no channel\"}," + ok + "]", 400, "message 1: channel is required"),
                new Bad("[" + ok + "," + ok + ",{\"channel\":\"bad name\",\"data\":\"x\"}]", 400, "message 2: "),
                new Bad("[" + ok + ",7]", 400, "message 1: must be a JSON object"),
                new Bad("[" + ok + ",{\"channel\":\"batch-bad\",\"data\":\"" + big + "\"}]", 413, "message 1: data is larger"),
                new Bad("[]", 400, "1 to " + MAX_BATCH),
                new Bad(batch(IntStream.range(0, MAX_BATCH + 1).mapToObj(i -> message("batch-bad", "m" + i, null))
                        .toArray(JsonObject[]::new)).toString(), 400, "1 to " + MAX_BATCH),
                new Bad("[" + message("batch-bad", "a", "dup") + "," + message("batch-bad", "b", "dup") + "]", 400,
                        "message 1: idempotencyKey is the same as message 0's"),
                new Bad("[" + ok + "] [", 400, "malformed JSON"));
        for (Bad bad : cases) {
            HttpResponse<String> r = herald.post("application/json", bad.body());
            String what = bad.body().substring(0, Math.min(80, bad.body().length()));
            assertEquals(bad.status(), r.statusCode(), what + " -> " + r.body());
            assertTrue(json(r).get("detail").getAsString().contains(bad.detail()), what + " -> " + r.body());
        }
        assertEquals(0, stored("batch-bad"), "no refused batch stored anything");
    }

    @Test
    void theIdempotencyKeyHeaderNamesOneMessageNotABatch() {
        HttpResponse<String> r = HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD))
                .header("Idempotency-Key", "whole-batch")
                .POST(HttpRequest.BodyPublishers.ofString(batch(message("batch-header", "x", null)).toString())).build());

        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("detail").getAsString().contains("its own idempotencyKey"), r.body());
        assertEquals(0, stored("batch-header"));
    }

    @Test
    void aRetriedBatchIsAnsweredAsBeforeAndStoresNothing() {
        String body = batch(message("batch-retry", "a", "r-1"), message("batch-retry", "b", "r-2")).toString();
        HttpResponse<String> first = herald.post("application/json", body);
        HttpResponse<String> retry = herald.post("application/json", body);

        assertEquals(201, retry.statusCode(), retry.body());
        assertEquals(json(first), json(retry));
        assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(2, stored("batch-retry"));

        HttpResponse<String> grown = herald.post("application/json",
                batch(message("batch-retry", "a", "r-1"), message("batch-retry", "c", "r-3")).toString());
        assertEquals(201, grown.statusCode(), grown.body());
        assertFalse(grown.headers().firstValue("Idempotent-Replayed").isPresent(), "only some were repeats");
        JsonArray answered = json(grown).getAsJsonArray("messages");
        assertEquals(ids(first).get(0), answered.get(0).getAsJsonObject().get("id").getAsLong());
        assertTrue(answered.get(0).getAsJsonObject().get("replayed").getAsBoolean());
        assertFalse(answered.get(1).getAsJsonObject().has("replayed"));
        assertEquals(3, stored("batch-retry"));
    }

    @Test
    void aBatchWithAReusedKeyIs422NamingTheMessageAndStoresNoneOfIt() {
        HttpResponse<String> first = herald.post("application/json", message("batch-conflict", "paid", "inv-1").toString());
        assertEquals(201, first.statusCode(), first.body());

        HttpResponse<String> r = herald.post("application/json", batch(message("batch-conflict", "new", "inv-2"),
                message("batch-conflict", "refunded", "inv-1"), message("batch-conflict", "plain", null)).toString());

        assertEquals(422, r.statusCode(), r.body());
        String detail = json(r).get("detail").getAsString();
        assertTrue(detail.startsWith("message 1: idempotency key inv-1") && detail.contains("data differs"), detail);
        assertEquals(1, stored("batch-conflict"));
        HttpResponse<String> freeAgain = herald.post("application/json", message("batch-conflict", "other", "inv-2").toString());
        assertEquals(201, freeAgain.statusCode(), "the refused batch did not take key inv-2");
        assertFalse(freeAgain.headers().firstValue("Idempotent-Replayed").isPresent());
    }
}
