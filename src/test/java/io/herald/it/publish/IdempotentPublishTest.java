package io.herald.it.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/messages} with an idempotency key, on a real server over HTTP: a retry stores
 * nothing and gets the first 201 again (also after a connection cut before the answer, and after a
 * restart); the key reused for another message gets 422; two publishers' keys are separate.
 */
class IdempotentPublishTest {

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static HttpResponse<String> publish(String user, String key, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", HeraldServer.basic(user, HeraldServer.PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HeraldServer.send(request.build());
    }

    private static HttpResponse<String> publish(String key, String json) {
        return publish(HeraldServer.PUBLISHER, key, json);
    }

    private static int stored(String channel) {
        return json(herald.get("/api/messages?limit=1000&channel=" + channel)).getAsJsonArray("messages").size();
    }

    private static boolean replayed(HttpResponse<String> r) {
        return r.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
    }

    @Test
    void aRetryGetsTheSame201AndTheSubscriberTheMessageOnce() {
        String body = "{\"channel\":\"idem-retry\",\"event\":\"created\",\"data\":\"order 17\"}";
        try (SseSubscription sub = herald.subscribe("/events?channel=idem-retry")) {
            HttpResponse<String> first = publish("order-17", body);
            HttpResponse<String> retry = publish("order-17", body);
            long sentinel = herald.publish("idem-retry", null, "after");

            assertEquals(201, first.statusCode(), first.body());
            assertFalse(replayed(first));
            assertEquals(201, retry.statusCode(), retry.body());
            assertTrue(replayed(retry), "Idempotent-Replayed: true on the repeat");
            assertEquals(json(first), json(retry), "the same id, channel, event, data and time");
            assertEquals(first.headers().firstValue("Location"), retry.headers().firstValue("Location"));
            long id = json(first).get("id").getAsLong();
            List<SseParser.Event> events = sub.next(2, WAIT);
            assertEquals(List.of(Long.toString(id), Long.toString(sentinel)),
                    events.stream().map(SseParser.Event::lastEventId).toList(), "the repeat is not sent again");
        }
        assertEquals(2, stored("idem-retry"));
    }

    @Test
    void theKeyMayComeInTheBodyOrTheFormAndMustAgreeWithTheHeader() {
        HttpResponse<String> inBody = publish(null, "{\"channel\":\"idem-body\",\"data\":\"x\",\"idempotencyKey\":\"k-body\"}");
        HttpResponse<String> sameByHeader = publish("k-body", "{\"channel\":\"idem-body\",\"data\":\"x\"}");
        HttpResponse<String> form = herald.post("application/x-www-form-urlencoded", "channel=idem-body&data=y&idempotencyKey=k-form");
        HttpResponse<String> formAgain = herald.post("application/x-www-form-urlencoded",
                "channel=idem-body&data=y&idempotencyKey=k-form");
        HttpResponse<String> disagree = publish("k-one", "{\"channel\":\"idem-body\",\"data\":\"z\",\"idempotencyKey\":\"k-two\"}");

        assertEquals(201, inBody.statusCode(), inBody.body());
        assertTrue(replayed(sameByHeader), "the header and the body field are one key");
        assertEquals(json(inBody).get("id"), json(sameByHeader).get("id"));
        assertEquals(201, form.statusCode(), form.body());
        assertTrue(replayed(formAgain));
        assertEquals(400, disagree.statusCode(), disagree.body());
        assertTrue(json(disagree).get("detail").getAsString().contains("differ"), disagree.body());
        assertEquals(2, stored("idem-body"));
    }

    @Test
    void aKeyReusedForAnotherMessageIs422NamingWhatDiffersAndStoresNothing() {
        HttpResponse<String> first = publish("invoice-9", "{\"channel\":\"idem-conflict\",\"data\":\"paid\"}");

        HttpResponse<String> other = publish("invoice-9", "{\"channel\":\"idem-conflict\",\"event\":\"x\",\"data\":\"refunded\"}");

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(422, other.statusCode(), other.body());
        assertEquals("idempotency key reused", json(other).get("error").getAsString());
        String detail = json(other).get("detail").getAsString();
        assertTrue(detail.contains("event, data") && detail.contains("message " + json(first).get("id").getAsLong()), detail);
        assertEquals(1, stored("idem-conflict"));
    }

    @Test
    void badKeysAre400() {
        for (String key : List.of("x".repeat(201), "caf\u00e9", "tab\there", "")) {
            JsonObject message = new JsonObject();
            message.addProperty("channel", "idem-bad");
            message.addProperty("data", "x");
            message.addProperty("idempotencyKey", key);
            HttpResponse<String> r = publish(null, message.toString());
            assertEquals(400, r.statusCode(), key + " -> " + r.body());
            assertTrue(json(r).get("detail").getAsString().contains("idempotency key"), r.body());
        }
        assertEquals(0, stored("idem-bad"));
    }

    @Test
    void eachPublisherHasItsOwnKeys() {
        String body = "{\"channel\":\"idem-owners\",\"data\":\"same\"}";
        HttpResponse<String> publisher = publish(HeraldServer.PUBLISHER, "shared-key", body);
        HttpResponse<String> admin = publish(HeraldServer.ADMIN, "shared-key", body);

        assertFalse(replayed(admin));
        assertEquals(json(publisher).get("id").getAsLong() + 1, json(admin).get("id").getAsLong());
        assertEquals(2, stored("idem-owners"));
    }

    @Test
    void manyConcurrentRetriesOfOneKeyStoreOneMessage() throws Exception {
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return publish("burst-1", "{\"channel\":\"idem-burst\",\"data\":\"once\"}");
                }));
            }
            go.countDown();
            List<HttpResponse<String>> all = new ArrayList<>();
            for (Future<HttpResponse<String>> f : answers) {
                all.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(Set.of(201), all.stream().map(HttpResponse::statusCode).collect(Collectors.toSet()));
            assertEquals(1, all.stream().map(r -> json(r).get("id").getAsLong()).distinct().count(), "one id for all");
            assertEquals(clients - 1, all.stream().filter(IdempotentPublishTest::replayed).count());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, stored("idem-burst"));
    }

    /** The request arrives whole, the client's connection is cut before the answer: the retry learns the id. */
    @Test
    void aRetryAfterTheConnectionWasCutBeforeTheAnswerLearnsTheStoredId() throws Exception {
        byte[] body = "{\"channel\":\"idem-cut\",\"data\":\"lost answer\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), herald.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD) + "\r\n"
                    + "Idempotency-Key: cut-1\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
        Wait.until(WAIT, "the first request stored", () -> stored("idem-cut") == 1);

        HttpResponse<String> retry = publish("cut-1", new String(body, StandardCharsets.UTF_8));

        assertEquals(201, retry.statusCode(), retry.body());
        assertTrue(replayed(retry));
        assertEquals("lost answer", json(retry).get("data").getAsString());
        assertEquals(1, stored("idem-cut"));
    }

    @Test
    void keysHoldAcrossARestart() throws Exception {
        String body = "{\"channel\":\"idem-restart\",\"data\":\"before\"}";
        HttpResponse<String> first = publish("restart-1", body);
        assertEquals(201, first.statusCode(), first.body());

        herald.stopServer();
        herald.startAgain();
        HttpResponse<String> retry = publish("restart-1", body);

        assertTrue(replayed(retry), retry.body());
        assertEquals(json(first), json(retry));
        assertEquals(1, stored("idem-restart"));
    }
}
