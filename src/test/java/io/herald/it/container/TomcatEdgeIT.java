package io.herald.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.RawSseClient;
import io.herald.it.support.SseSubscription;
import io.herald.it.support.TomcatServer;
import io.herald.it.support.TricklingClients;
import io.herald.testing.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and vanishing clients in the real Tomcat 11 distribution: slow request bodies hold no
 * thread (330 of them, more than Tomcat's 200 threads, and {@code /health}, publishing and streams
 * still answer); a stream whose client went away is named {@code client-gone} in Tomcat's access
 * log; {@code HEAD} answers like {@code GET}; a banned user is refused by the JSON APIs.
 */
class TomcatEdgeIT {

    private static final long BODY_TIMEOUT_MS = 6000;
    private static final String PUBLISHER = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    @RegisterExtension
    static final TomcatServer tomcat = new TomcatServer(Map.of(
            "herald.stream.heartbeat-ms", "200",
            "herald.access.default", "public",
            "herald.limits.connections-per-client", "100000",
            "herald.publish.body-timeout-ms", Long.toString(BODY_TIMEOUT_MS))).unbufferedAccessLog();

    private static URI uri(String path) {
        return URI.create(tomcat.base() + path);
    }

    private static int connections() {
        HttpResponse<String> health = HeraldServer.send(HttpRequest.newBuilder(uri("/health")).GET().build());
        return JsonParser.parseString(health.body()).getAsJsonObject().get("connections").getAsInt();
    }

    /** The access log line of the request whose first line contains {@code marker}, once written. */
    private static Optional<String> accessLogLine(String marker) {
        try (Stream<Path> files = Files.list(tomcat.logs())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("localhost_access_log")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(marker)) {
                        return Optional.of(line);
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tomcat itself logs such a stream as {@code 500}: its CoyoteAdapter sets 500 on any async
     * request whose connection failed (a write to a vanished client), after every listener has run
     * (docs/operations.md). What Herald adds is the reason, as request attribute
     * {@code io.herald.close-reason}, so that the access log tells a vanished client from a fault.
     */
    @Test
    void aStreamWhoseClientWentAwayIsNamedInTheAccessLog() throws Exception {
        String marker = "gone-" + System.nanoTime();
        Wait.until(Duration.ofSeconds(10), "no stream left open", () -> connections() == 0);
        try (RawSseClient client = RawSseClient.connect(tomcat.port(), "/herald/events?channel=" + marker, 0)) {
            assertEquals(200, client.readHead());
            Wait.until(Duration.ofSeconds(10), "the stream is registered", () -> connections() == 1);
        }
        // The client closed its socket: the heartbeat's failed write tells Herald.
        Wait.until(Duration.ofSeconds(10), "Herald notices the client is gone", () -> connections() == 0);
        Wait.until(Duration.ofSeconds(10), "the access log has the stream's line", () -> accessLogLine(marker).isPresent());
        String line = accessLogLine(marker).orElseThrow();
        System.out.println("tomcat access log of a vanished stream: " + line);
        assertTrue(line.endsWith(" client-gone"), "the close reason ends the line: " + line);
    }

    private static long healthMillis() {
        long start = System.nanoTime();
        try {
            HttpResponse<String> health = SseSubscription.HTTP.send(HttpRequest.newBuilder(uri("/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
        } catch (HttpTimeoutException timedOut) {
            return 5000;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String publishHead(String authorization) {
        return "POST /herald/api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Content-Length: 100\r\n\r\n";
    }

    @Test
    void twoHundredTwentySlowBodiesLeaveHealthPublishingAndStreamsAnswering() throws Exception {
        // Warm up first (a cold Tomcat and JIT take a second per request here): the attack is what is measured.
        for (int i = 0; i < 20; i++) {
            healthMillis();
        }
        HeraldServer.send(HttpRequest.newBuilder(uri("/api/messages")).header("Content-Type", "application/json")
                .header("Authorization", PUBLISHER).POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"w\",\"data\":\"w\"}")).build());
        long baseline = healthMillis();
        List<Long> health = new ArrayList<>();
        try (TricklingClients anonymous = new TricklingClients(tomcat.port(), 220, publishHead(null), 100, 1000);
                TricklingClients authorized = new TricklingClients(tomcat.port(), 110, publishHead(PUBLISHER), 100, 1000)) {
            long attackStart = System.nanoTime();
            // Once Tomcat has taken in every request (the refused ones answered at once), while all
            // 330 bodies are still trickling in: 110 being read, 220 being dropped.
            Wait.until(Duration.ofSeconds(3), "the unauthenticated publishes are answered", () -> anonymous.answeredWith(401) == 220);
            while (System.nanoTime() - attackStart < (BODY_TIMEOUT_MS - 1000) * 1_000_000) {
                health.add(healthMillis());
            }
            HttpResponse<String> published = HeraldServer.send(HttpRequest.newBuilder(uri("/api/messages"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json").header("Authorization", PUBLISHER)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"slow-body\",\"data\":\"through\"}")).build());
            long streamStart = System.nanoTime();
            try (SseSubscription stream = SseSubscription.open(uri("/events?channel=slow-body"))) {
                assertEquals(200, stream.status());
            }
            long streamMillis = (System.nanoTime() - streamStart) / 1_000_000;
            System.out.printf("tomcat slow bodies: /health before %d ms, during %s ms; stream %d ms; 401 after %s ms%n",
                    baseline, health, streamMillis, anonymous.clients().stream()
                            .map(TricklingClients.Client::answeredAfterMillis).sorted().toList());
            assertTrue(health.stream().allMatch(ms -> ms < 2000), "/health answered within 2 s each time: " + health);
            assertEquals(201, published.statusCode(), published.body());
            assertTrue(streamMillis < 2000, "opening the stream took " + streamMillis + " ms");
            for (TricklingClients.Client c : anonymous.clients()) {
                assertEquals(401, c.status(), c.text());
                assertTrue(c.answeredAfterMillis() < BODY_TIMEOUT_MS, "before the body timeout could end it, not after its 100 s body: "
                        + c.answeredAfterMillis());
            }
            Wait.until(Duration.ofMillis(BODY_TIMEOUT_MS + 4000), () -> "every authorized slow body ends with 408, "
                    + authorized.answeredWith(408) + " did", () -> authorized.answeredWith(408) == 110);
            // The refused bodies are no longer read: nothing holds a thread for what is left of them.
            List<Long> after = new ArrayList<>();
            long afterStart = System.nanoTime();
            while (System.nanoTime() - afterStart < 2_000_000_000L) {
                after.add(healthMillis());
            }
            System.out.printf("tomcat slow bodies: /health after the body timeout %s ms%n", after);
            assertTrue(after.stream().allMatch(ms -> ms < 2000), "/health after the body timeout: " + after);
        }
    }

    private static HttpResponse<String> call(String method, String path, String authorization, String json) {
        return HeraldServer.call(uri(path), method, authorization, json);
    }

    @Test
    void headAnswersLikeGetAndOpensNoStream() {
        Wait.until(Duration.ofSeconds(10), "no stream left open", () -> connections() == 0);
        for (String path : new String[] {"/health", "/metrics", "/api/messages?channel=head", "/api/me"}) {
            HttpResponse<String> get = call("GET", path, null, null);
            HttpResponse<String> head = call("HEAD", path, null, null);
            assertEquals(get.statusCode(), head.statusCode(), "HEAD " + path);
            assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), "HEAD " + path);
            assertEquals("", head.body());
        }
        HttpResponse<String> stream = call("HEAD", "/events?channel=head", null, null);
        assertEquals(200, stream.statusCode());
        assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(null));
        assertEquals(0, connections(), "no stream was opened");
    }

    @Test
    void aBannedPublisherIsRefusedByHistoryTicketsAndPublishing() {
        AdminSession admin = AdminSession.admin(new AdminSession(tomcat.base()));
        HttpResponse<String> ban = admin.api("POST", "/api/bans", "{\"user\":\"" + HeraldServer.PUBLISHER + "\",\"reason\":\"it\"}",
                admin.csrf());
        assertEquals(201, ban.statusCode(), ban.body());
        String banId = JsonParser.parseString(ban.body()).getAsJsonObject().get("id").getAsString();
        try {
            for (HttpResponse<String> refused : List.of(call("GET", "/api/messages?channel=banned", PUBLISHER, null),
                    call("POST", "/api/tickets", PUBLISHER, "{\"channels\":[\"banned\"]}"),
                    call("POST", "/api/messages", PUBLISHER, "{\"channel\":\"banned\",\"data\":\"x\"}"))) {
                assertEquals(403, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("\"error\":\"banned\""), refused.body());
            }
        } finally {
            assertEquals(204, admin.api("DELETE", "/api/bans/" + banId, null, admin.csrf()).statusCode());
        }
        assertEquals(201, call("POST", "/api/messages", PUBLISHER, "{\"channel\":\"banned\",\"data\":\"x\"}").statusCode());
    }
}
