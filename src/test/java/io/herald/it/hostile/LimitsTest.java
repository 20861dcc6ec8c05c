package io.herald.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each limit refuses clearly (status, Retry-After, JSON error) and changes nothing. */
class LimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of(
            "herald.limits.connections", "5",
            "herald.limits.connections-per-client", "3",
            "herald.limits.channels-per-connection", "4",
            "herald.limits.publishes-per-second", "5"));

    private static SseSubscription stream(String authorization, String query) {
        return SseSubscription.open(herald.uri("/events?" + query),
                authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    @Test
    void connectionsPerClientAndInTotal() {
        String viewer = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);
        // Streams of other tests count until the heartbeat finds them gone.
        Wait.until(WAIT, "no stream left open", () -> herald.hub().gauges().connectionCount() == 0);
        List<SseSubscription> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(stream(null, "channel=limits"));
                assertEquals(200, open.get(i).status());
            }
            try (SseSubscription fourth = stream(null, "channel=limits")) {
                assertEquals(429, fourth.status(), "a fourth stream from one address");
                assertEquals("5", fourth.headers().firstValue("Retry-After").orElse(null));
            }
            // Another client (a logged-in user) still gets in, up to the total of 5.
            open.add(stream(viewer, "channel=limits"));
            open.add(stream(viewer, "channel=limits"));
            assertEquals(200, open.get(3).status());
            assertEquals(200, open.get(4).status());
            try (SseSubscription sixth = stream(viewer, "channel=limits")) {
                assertEquals(503, sixth.status(), "the sixth stream in total");
                assertTrue(sixth.headers().firstValue("Retry-After").isPresent());
            }
            assertEquals(5, herald.hub().gauges().connectionCount(), "refused streams were never registered");
        } finally {
            open.forEach(SseSubscription::close);
        }
        Wait.until(WAIT, "the closed streams to free their places", () -> herald.hub().gauges().connectionCount() == 0);
        try (SseSubscription again = stream(null, "channel=limits")) {
            assertEquals(200, again.status(), "places are given back when streams close");
        }
    }

    @Test
    void channelsPerConnection() {
        try (SseSubscription five = stream(null, "channel=a&channel=b&channel=c&channel=d&channel=e")) {
            assertEquals(400, five.status());
        }
        try (SseSubscription four = stream(null, "channel=a&channel=b&channel=c&channel=d")) {
            assertEquals(200, four.status());
        }
    }

    @Test
    void publishesPerSecondPerPublisher() {
        long before = herald.hub().gauges().publishedCount();
        int created = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            HttpResponse<String> r = herald.post("application/json", "{\"channel\":\"rate\",\"data\":\"" + i + "\"}");
            if (r.statusCode() == 201) {
                created++;
            } else {
                refused = r;
            }
        }
        assertTrue(refused != null, "30 publishes at once must exceed 5 a second");
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.body().contains("too many publishes"));
        assertTrue(created >= 5, "the burst of 5 is allowed: " + created);
        assertEquals(before + created, herald.hub().gauges().publishedCount(), "a refused publish stores nothing");
    }
}
