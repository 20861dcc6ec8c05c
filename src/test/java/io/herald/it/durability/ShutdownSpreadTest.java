package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal stop tells each of 500 open streams when to come back, spread over
 * {@code herald.shutdown.reconnect-spread-ms}: a client that reconnects after the hint (as
 * herald.js does, and a native EventSource through {@code retry:}) returns at a rate the next start
 * can take, instead of all in one second.
 */
class ShutdownSpreadTest {

    private static final int STREAMS = 500;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void withATenSecondSpreadNoSecondGetsMoreThanAFifthOfTheReconnects() throws Exception {
        TreeMap<Long, Integer> perSecond = reconnectsPerSecond("10000");
        int busiest = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(busiest <= STREAMS / 5, "busiest second has " + busiest + " of " + STREAMS + ": " + perSecond);
        assertTrue(perSecond.size() >= 10, "reconnects spread over ten seconds or more: " + perSecond);
        assertTrue(perSecond.firstKey() >= 0 && perSecond.lastKey() <= 10, "within [0.5 s, 10.5 s]: " + perSecond);
    }

    @Test
    void withoutSpreadEveryStreamComesBackInTheFirstSecond() throws Exception {
        TreeMap<Long, Integer> perSecond = reconnectsPerSecond("0");
        assertEquals(Map.of(0L, STREAMS), perSecond);
    }

    /**
     * Opens {@link #STREAMS} streams, stops Herald normally, and models clients that reconnect
     * after the delay they were told: how many come back in each second after the stop.
     */
    private TreeMap<Long, Integer> reconnectsPerSecond(String spread) throws Exception {
        HeraldServer herald = HeraldServer.start(dataDir, Map.of("herald.stream.retry-ms", "500",
                "herald.shutdown.reconnect-spread-ms", spread, "herald.stream.heartbeat-ms", "15000"));
        List<SseSubscription> streams = new ArrayList<>();
        TreeMap<Long, Integer> perSecond = new TreeMap<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                streams.add(herald.subscribe("/events?channel=spread"));
            }
            Wait.until(WAIT, "every stream registered", () -> herald.hub().gauges().connectionCount() == STREAMS);
            long stoppedAt = System.nanoTime();
            try {
                herald.close();
            } catch (java.util.concurrent.TimeoutException gracefulStopWaitedForConnections) {
                // Herald had stopped; Jetty's graceful stop then waits for connections, and stops anyway.
            }
            for (SseSubscription s : streams) {
                s.awaitEnd(WAIT);
                // Each stream's close arrives while the stop runs; counted from the moment the stop began.
                long closedAfter = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
                List<SseParser.Event> events = s.drain();
                SseParser.Event last = events.get(events.size() - 1);
                assertEquals("close", last.type(), "the last event: " + events);
                JsonObject close = JsonParser.parseString(last.data()).getAsJsonObject();
                assertEquals("shutdown", close.get("reason").getAsString());
                long hint = close.get("reconnectAfterMs").getAsLong();
                assertEquals(hint, s.parser().retry(), "retry: (for EventSource) and the JSON hint agree");
                assertTrue(closedAfter < 5000, "closed within the grace period, " + closedAfter + " ms");
                perSecond.merge(hint / 1000, 1, Integer::sum);
            }
        } finally {
            streams.forEach(SseSubscription::close);
        }
        System.out.println("shutdown spread " + spread + " ms: reconnects per second after the close " + perSecond);
        return perSecond;
    }
}
