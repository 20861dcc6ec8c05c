package io.herald.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of random and malformed publishes and stream requests (a fixed seed, so a failure
 * repeats): never a 5xx, never a request left without an answer, and afterwards the store holds
 * exactly the accepted messages and the registry is empty. CR, LF and NUL never make an extra
 * frame or field.
 */
class HostileInputTest {

    private static final long SEED = 20261201L;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String AUTH = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.heartbeat-ms", "100"));

    private static final String[] CHANNELS = {"fuzz", "", "a b", "ä", "x".repeat(200), "\u0000", "a\nb", "../etc", "fuzz/ok", "%2F"};
    private static final String[] EVENTS = {"e", "a\nb", "a\rb", "a\u0000b", "x".repeat(200), "", " ", "évènement", "data: x"};
    private static final String[] DATA = {"plain", "line1\nline2", "a\r\nb", "\n\nevent: evil\ndata: injected\n\n", "nul\u0000inside",
        "", "\r", "ünïcødé ✓", "x".repeat(70_000), "id: 999\n\n"};
    private static final String[] TYPES = {"application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded",
        "text/plain", null, "application/json; charset=bogus", "multipart/form-data; boundary=x", "application/json;charset=ISO-8859-1"};

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String jsonValue(Random r, String[] strings) {
        return switch (r.nextInt(8)) {
            case 0 -> "null";
            case 1 -> Integer.toString(r.nextInt());
            case 2 -> "{}";
            case 3 -> "[\"a\"]";
            default -> new com.google.gson.JsonPrimitive(pick(r, strings)).toString();
        };
    }

    private static byte[] body(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> {
                byte[] junk = new byte[r.nextInt(2000)];
                r.nextBytes(junk);
                yield junk;
            }
            case 1 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
            case 2 -> "{\"channel\":\"fuzz\",\"data\":\"trunc".getBytes(StandardCharsets.UTF_8);
            case 3 -> ("channel=" + pick(r, new String[] {"fuzz", "%zz", "%", "a%00b", ""}) + "&data=" + pick(r, new String[] {"x", "%0A%0Aevent:%20evil", "%E2%82", ""})
                    + (r.nextBoolean() ? "&event=a%0Db" : "")).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("channel=" + URLEncoder.encode(pick(r, CHANNELS), StandardCharsets.UTF_8) + "&data="
                    + URLEncoder.encode(pick(r, DATA), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            default -> ("{\"channel\":" + jsonValue(r, CHANNELS) + (r.nextBoolean() ? ",\"event\":" + jsonValue(r, EVENTS) : "")
                    + ",\"data\":" + jsonValue(r, DATA) + (r.nextInt(10) == 0 ? ",\"extra\":[1,2,{\"x\":null}]" : "") + "}")
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String authorization(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> "Basic !!!";
            case 1 -> "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8));
            case 2 -> "Bearer hk_" + r.nextLong();
            case 3 -> "Bearer";
            case 4 -> null;
            default -> AUTH;
        };
    }

    @Test
    void randomPublishesNeverGetA5xxAndStoreExactlyTheAccepted() {
        Random r = new Random(SEED);
        long before = storedCount();
        int accepted = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 2000; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(herald.uri("/api/messages"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body(r)));
            String type = pick(r, TYPES);
            if (type != null) {
                request.header("Content-Type", type);
            }
            String auth = authorization(r);
            if (auth != null) {
                request.header("Authorization", auth);
            }
            HttpResponse<String> response = HeraldServer.send(request.build());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(response.statusCode() < 500, "request " + i + " got " + response.statusCode() + ": " + response.body());
            if (response.statusCode() == 201) {
                accepted++;
            } else {
                assertTrue(response.body().contains("\"error\""), "a clear JSON error: " + response.body());
            }
        }
        assertTrue(accepted >= 20 && statuses.size() >= 5, "the fuzz reaches both sides: " + statuses);
        assertEquals(before + accepted, storedCount(), "exactly the accepted publishes are stored " + statuses);
    }

    @Test
    void randomStreamRequestsNeverGetA5xxNorHangAndLeaveTheRegistryEmpty() throws Exception {
        Random r = new Random(SEED + 1);
        String[] lastIds = {"", "-1", "99999999999999999999999", "1.5", "１２", "é", "x".repeat(9000), "0x10", " 42 ", "0", "7",
            "9223372036854775807", "9223372036854775808", "\u0000", "1,2"};
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            StringBuilder query = new StringBuilder();
            int params = r.nextInt(4);
            for (int p = 0; p < params; p++) {
                String name = pick(r, new String[] {"channel", "lastEventId", "ticket", "channel", "%zz", ""});
                String value = r.nextBoolean() ? URLEncoder.encode(pick(r, CHANNELS), StandardCharsets.UTF_8)
                        : pick(r, new String[] {"%", "%0A", "%E2%82", "a%00", "fuzz", "fuzz/ok", "x".repeat(300)});
                query.append(p == 0 ? "" : "&").append(name).append('=').append(value);
            }
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("GET /events?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (r.nextBoolean()) {
                request.write("Last-Event-ID: ".getBytes(StandardCharsets.ISO_8859_1));
                request.write(pick(r, lastIds).getBytes(StandardCharsets.UTF_8));
                request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (r.nextInt(4) == 0) {
                request.write(("Authorization: " + authorization(r) + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int status = statusOf(request.toByteArray());
            statuses.merge(status, 1, Integer::sum);
            assertTrue(status >= 200 && status < 500, "stream request " + i + " (" + query + ") got " + status);
        }
        assertTrue(statuses.containsKey(200) && statuses.containsKey(400), "the fuzz reaches both sides: " + statuses);
        Wait.until(WAIT, () -> "every fuzzed stream to leave the registry, " + herald.hub().gauges().connectionCount() + " left",
                () -> herald.hub().gauges().connectionCount() == 0);
        try (SseSubscription after = herald.subscribe("/events?channel=fuzz-after")) {
            assertEquals(200, after.status(), "Herald still serves");
        }
    }

    /** Sends raw bytes, reads the status line within 5 s (a hang fails), and closes. */
    private static int statusOf(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", herald.port()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.append((char) b);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }

    @Test
    void anUnknownCharsetIsA415AndATooLargeBodyA413ThatTheClientReceives() {
        HttpResponse<String> form = herald.post("application/x-www-form-urlencoded; charset=bogus", "channel=c&data=x");
        assertEquals(415, form.statusCode(), form.body());
        assertTrue(form.body().contains("unknown charset bogus"));
        HttpResponse<String> json = herald.post("application/json; charset=bogus", "{\"channel\":\"c\",\"data\":\"x\"}");
        assertEquals(201, json.statusCode(), "JSON is UTF-8 whatever the header says: " + json.body());
        HttpResponse<String> anonymousHuge = HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"" + "x".repeat(300_000) + "\"}")).build());
        assertEquals(401, anonymousHuge.statusCode(), "the refusal arrives although the body was never wanted");
    }

    @Test
    void lineBreaksAndNulInDataNeverMakeAnExtraFrameOrField() {
        try (SseSubscription sub = herald.subscribe("/events?channel=inject")) {
            String evil = "one\n\nevent: evil\nid: 999999\ndata: injected\r\rretry: 1\n\u0000end";
            long id = herald.publish("inject", null, evil);
            SseParser.Event e = sub.next(WAIT);
            assertEquals("message", e.type());
            assertEquals(Long.toString(id), e.lastEventId());
            assertEquals("one\n\nevent: evil\nid: 999999\ndata: injected\n\nretry: 1\n\u0000end", e.data(),
                    "every line of the payload stays a data line (CR and CRLF arrive as LF, as the spec says)");
            for (String event : new String[] {"a\nb", "a\rb", "a\u0000b"}) {
                com.google.gson.JsonObject body = new com.google.gson.JsonObject();
                body.addProperty("channel", "inject");
                body.addProperty("event", event);
                body.addProperty("data", "x");
                HttpResponse<String> refused = herald.post("application/json", body.toString());
                assertEquals(400, refused.statusCode(), "event name " + event.replace("\n", "\\n"));
            }
            long next = herald.publish("inject", "fine", "after");
            SseParser.Event after = sub.next(WAIT);
            assertEquals("fine", after.type());
            assertEquals(Long.toString(next), after.lastEventId(), "no frame came between");
        }
    }

    private static long storedCount() {
        long count = 0;
        long after = 0;
        while (true) {
            JsonArray page = JsonParser.parseString(herald.get("/api/messages?limit=1000&after=" + after).body())
                    .getAsJsonObject().getAsJsonArray("messages");
            if (page.isEmpty()) {
                return count;
            }
            for (JsonElement m : page) {
                long id = m.getAsJsonObject().get("id").getAsLong();
                assertTrue(id > after, "ids increase");
                after = id;
                count++;
            }
        }
    }
}
