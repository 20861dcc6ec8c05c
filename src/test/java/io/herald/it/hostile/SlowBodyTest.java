package io.herald.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import io.herald.it.support.TricklingClients;
import io.herald.testing.Wait;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request bodies that trickle in (one byte a second, "slow POST") hold no container thread: while
 * 220 of them are under way, more than Jetty's 200 threads, {@code /health} answers within a
 * second, a publish is stored and a stream opens. An unauthenticated one is refused at once
 * without its body being read; an authorized one ends with {@code 408} once
 * {@code herald.publish.body-timeout-ms} has passed.
 */
class SlowBodyTest {

    private static final long BODY_TIMEOUT_MS = 4000;
    private static final int ATTACKERS = 220;
    private static final String PUBLISHER = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of(
            "herald.publish.body-timeout-ms", Long.toString(BODY_TIMEOUT_MS),
            "herald.publish.max-body-bytes", "1024"));

    private static String publishHead(String authorization, int length) {
        return "POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + length + "\r\n\r\n";
    }

    /** Milliseconds {@code GET /health} took, or the 5 s it was given. */
    private static long healthMillis() {
        long start = System.nanoTime();
        try {
            HttpResponse<String> health = SseSubscription.HTTP.send(HttpRequest.newBuilder(herald.uri("/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
        } catch (HttpTimeoutException timedOut) {
            return 5000;
        } catch (IOException e) {
            throw new IllegalStateException("GET /health failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void twoHundredTwentySlowBodiesLeaveHealthPublishingAndStreamsAnswering() throws Exception {
        // Warm up first (class loading, JIT, the first connections): the attack is what is measured.
        long baseline = healthMillis();
        assertEquals(401, HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());
        herald.publish("slow-body", null, "warm-up");
        long storedBefore = herald.hub().gauges().publishedCount();
        List<Long> health = new ArrayList<>();
        try (TricklingClients anonymous = new TricklingClients(herald.port(), ATTACKERS / 2, publishHead(null, 100), 100, 1000);
                TricklingClients authorized = new TricklingClients(herald.port(), ATTACKERS / 2, publishHead(PUBLISHER, 100), 100, 1000)) {
            long attackStart = System.nanoTime();
            // Measure while every authorized body is still trickling (they end at BODY_TIMEOUT_MS).
            while (System.nanoTime() - attackStart < (BODY_TIMEOUT_MS - 1500) * 1_000_000) {
                health.add(healthMillis());
            }
            System.out.printf("slow bodies: /health before the attack %d ms, during it %s ms%n", baseline, health);
            long publishStart = System.nanoTime();
            HttpResponse<String> published = HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json").header("Authorization", PUBLISHER)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"slow-body\",\"data\":\"through\"}")).build());
            long publishMillis = (System.nanoTime() - publishStart) / 1_000_000;
            long streamStart = System.nanoTime();
            try (SseSubscription stream = herald.subscribe("/events?channel=slow-body")) {
                assertEquals(200, stream.status());
            }
            long streamMillis = (System.nanoTime() - streamStart) / 1_000_000;
            System.out.printf("slow bodies: /health max %d ms, publish %d ms, stream %d ms%n",
                    health.stream().mapToLong(Long::longValue).max().orElse(0), publishMillis, streamMillis);
            assertTrue(health.stream().allMatch(ms -> ms < 1000), "/health answered within 1 s each time: " + health);
            assertTrue(publishMillis < 2000, "the publish took " + publishMillis + " ms");
            assertTrue(streamMillis < 1000, "opening the stream took " + streamMillis + " ms");
            assertEquals(201, published.statusCode(), published.body());

            System.out.println("slow bodies: 401 after " + anonymous.clients().stream()
                    .map(TricklingClients.Client::answeredAfterMillis).sorted().toList() + " ms");
            for (TricklingClients.Client c : anonymous.clients()) {
                assertEquals(401, c.status(), "an unauthenticated publish is refused: " + c.text());
                // Its body takes 100 s. Some connections of the burst wait a second in the listen
                // backlog (a retransmitted handshake), so "at once" allows a few seconds.
                assertTrue(c.answeredAfterMillis() < 3000, "at once, not after its body: " + c.answeredAfterMillis() + " ms");
            }
            Wait.until(Duration.ofMillis(BODY_TIMEOUT_MS + 3000), () -> "every authorized slow body ends with 408, "
                    + authorized.answeredWith(408) + " did", () -> authorized.answeredWith(408) == ATTACKERS / 2);
            for (TricklingClients.Client c : authorized.clients()) {
                assertTrue(c.answeredAfterMillis() >= BODY_TIMEOUT_MS - 100, "not before the body timeout: "
                        + c.answeredAfterMillis() + " ms");
            }
            // What is left of the refused bodies is never read: nothing holds a thread for it.
            List<Long> after = new ArrayList<>();
            long afterStart = System.nanoTime();
            while (System.nanoTime() - afterStart < 2_000_000_000L) {
                after.add(healthMillis());
            }
            assertTrue(after.stream().allMatch(ms -> ms < 1000), "/health after the body timeout: " + after);
        }
        assertEquals(storedBefore + 1, herald.hub().gauges().publishedCount(), "only the normal publish was stored");
    }

    @Test
    void aSlowBodyEndsWith408NamingTheTimeoutAndClosesTheConnection() throws Exception {
        long storedBefore = herald.hub().gauges().publishedCount();
        try (TricklingClients slow = new TricklingClients(herald.port(), 1, publishHead(PUBLISHER, 50), 50, 300);
                TricklingClients silent = new TricklingClients(herald.port(), 1, publishHead(PUBLISHER, 50), 50, 60_000)) {
            Wait.until(Duration.ofMillis(BODY_TIMEOUT_MS + 3000), "both answered",
                    () -> slow.answeredWith(408) == 1 && silent.answeredWith(408) == 1);
            for (TricklingClients.Client c : List.of(slow.clients().get(0), silent.clients().get(0))) {
                String answer = c.text();
                assertTrue(answer.contains("\"error\":\"request timeout\""), answer);
                assertTrue(answer.contains("herald.publish.body-timeout-ms"), answer);
                assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
                assertTrue(c.answeredAfterMillis() >= BODY_TIMEOUT_MS - 100 && c.answeredAfterMillis() < BODY_TIMEOUT_MS + 1500,
                        "after the body timeout: " + c.answeredAfterMillis() + " ms");
                Wait.until(Duration.ofSeconds(3), "the server closes the connection", () -> c.closedByServer);
            }
        }
        assertEquals(storedBefore, herald.hub().gauges().publishedCount(), "nothing stored");
    }

    @Test
    void aBodyWithoutLengthIsCutOffAtTheLimitWith413() {
        long storedBefore = herald.hub().gauges().publishedCount();
        byte[] big = ("{\"channel\":\"slow-body\",\"data\":\"" + "x".repeat(5000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> response = HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json").header("Authorization", PUBLISHER)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("1024"), response.body());
        assertEquals(storedBefore, herald.hub().gauges().publishedCount(), "nothing stored");
    }

    @Test
    void aTicketRequestIsRefusedAtOnceWithoutLoginAndTimedOutWhenSlow() throws Exception {
        String head = "POST /api/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 40\r\n";
        try (TricklingClients anonymous = new TricklingClients(herald.port(), 1, head + "\r\n", 40, 1000);
                TricklingClients user = new TricklingClients(herald.port(), 1, head + "Authorization: "
                        + HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD) + "\r\n\r\n", 40, 1000)) {
            Wait.until(Duration.ofMillis(BODY_TIMEOUT_MS + 3000), "both answered",
                    () -> anonymous.answeredWith(401) == 1 && user.answeredWith(408) == 1);
            assertTrue(anonymous.clients().get(0).answeredAfterMillis() < 1000, "401 at once, not after its 40 s body");
            assertTrue(user.clients().get(0).answeredAfterMillis() >= BODY_TIMEOUT_MS - 100, "408 after the body timeout");
        }
    }
}
