package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.hub.CloseReason;
import io.herald.hub.Subscriber;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.RawSseClient;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 2,000 subscribers of which 200 stop reading: the 1,800 others receive everything, in order,
 * while the stalled ones are stuck; the stalled ones are disconnected (their queues never grow
 * past their capacity), and when they read again and reconnect with Last-Event-ID they miss nothing.
 */
class StalledClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int READERS = 1800;
    private static final int STALLED = 200;
    private static final int CAPACITY = 16;
    /** By this message the stalled clients' queues (16) and socket buffers (16 KiB + 4 KiB) have overflowed. */
    private static final int CUT_OFF_BY = 60;

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of(
            "herald.stream.queue-capacity", Integer.toString(CAPACITY),
            "herald.stream.heartbeat-ms", "1000")).sendBuffer(16 * 1024)
            // The stalled clients read again only after 60 publishes to 2,000 streams, which on a loaded
            // machine can take longer than Jetty's default 30 s: keep their close frames waiting.
            .idleTimeout(Duration.ofMinutes(10));

    @Test
    void tenPercentStalledDoNotHoldUpTheOthersAndCatchUpLater() throws Exception {
        String channel = "stall";
        String payload = "d".repeat(2000);
        int messages = 120;
        List<RawSseClient> stalled = new ArrayList<>();
        List<SseSubscription> readers = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(RawSseClient.connect(herald.port(), "/events?channel=" + channel, 4096));
            }
            for (int i = 0; i < READERS; i++) {
                readers.add(herald.subscribe("/events?channel=" + channel));
            }
            Wait.until(WAIT, () -> (READERS + STALLED) + " connections, have " + herald.hub().gauges().connectionCount(),
                    () -> herald.hub().gauges().connectionCount() == READERS + STALLED);

            List<String> ids = new ArrayList<>();
            int deepest = 0;
            for (int i = 0; i < messages; i++) {
                ids.add(Long.toString(herald.publish(channel, null, i + payload)));
                for (Subscriber s : herald.hub().subscribers()) {
                    deepest = Math.max(deepest, s.queueDepth());
                }
                if (i == CUT_OFF_BY) {
                    stalledAreCutOffAndToldWhy(stalled.subList(0, 20));
                }
            }
            assertTrue(deepest <= CAPACITY + 1, "no queue grew past its capacity (+ the close frame): " + deepest);
            assertEquals(READERS, herald.hub().gauges().connectionCount(), "only the readers are left");
            for (SseSubscription reader : readers) {
                List<String> got = reader.next(messages, WAIT).stream().map(SseParser.Event::lastEventId).toList();
                assertEquals(ids, got, "every reading client received everything, in order");
            }
            // They resume from their last id: nothing is missing.
            for (RawSseClient client : stalled.subList(0, 20)) {
                String from = client.lastEventId();
                List<String> rest = from.isEmpty() ? ids : ids.subList(ids.indexOf(from) + 1, ids.size());
                try (SseSubscription resumed = herald.subscribe("/events?channel=" + channel + "&lastEventId="
                        + (from.isEmpty() ? "0" : from))) {
                    assertEquals(rest, resumed.next(rest.size(), WAIT).stream().map(SseParser.Event::lastEventId).toList());
                }
            }
        } finally {
            readers.forEach(SseSubscription::close);
            for (RawSseClient c : stalled) {
                c.close();
            }
        }
    }

    /**
     * Every stalled client is cut off as slow; a sample reads again: each is told why.
     */
    private static void stalledAreCutOffAndToldWhy(List<RawSseClient> sample) throws Exception {
        Wait.until(WAIT, () -> STALLED + " stalled clients cut off, have " + herald.hub().gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER),
                () -> herald.hub().gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER) == STALLED);
        for (RawSseClient client : sample) {
            assertEquals(200, client.readHead());
            List<SseParser.Event> seen = client.readToEnd();
            assertEquals("{\"reason\":\"slow-consumer\"}", seen.get(seen.size() - 1).data());
        }
    }
}
