package io.herald.it.stream;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.RawSseClient;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.hub.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One client that stops reading must not hold up the others; it is cut off and later catches up. */
class SlowConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.queue-capacity", "16"));

    /**
     * The stalled client also follows a bulk channel, so that more than the kernel's socket
     * buffers (up to 4 MB of send buffer on loopback here) piles up behind it, without pushing
     * megabytes through each of the 99 readers.
     */
    @Test
    void oneStalledClientAmongAHundredDoesNotDelayTheOthersAndIsDisconnected() throws Exception {
        String channel = "slow";
        String bulk = "p".repeat(32 * 1024);
        int messages = 400;
        List<SseSubscription> readers = new ArrayList<>();
        try (RawSseClient stalled = RawSseClient.connect(herald.port(),
                "/events?channel=" + channel + "&channel=slow-bulk", 4096)) {
            for (int i = 0; i < 99; i++) {
                readers.add(herald.subscribe("/events?channel=" + channel));
            }
            Wait.until(WAIT, () -> "100 connections, have " + herald.hub().gauges().connectionCount(),
                    () -> herald.hub().gauges().connectionCount() == 100);

            List<String> ids = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                String id = Long.toString(herald.publish(channel, null, "message " + i));
                ids.add(id);
                all.add(id);
                if (i % 4 != 0) {
                    all.add(Long.toString(herald.publish("slow-bulk", null, bulk)));
                }
            }
            for (SseSubscription reader : readers) {
                List<String> got = reader.next(messages, WAIT).stream().map(SseParser.Event::lastEventId).toList();
                assertEquals(ids, got, "a reading client received everything while one client was stalled");
            }
            assertEquals(1, herald.hub().gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER));
            assertEquals(99, herald.hub().gauges().connectionCount(), "the stalled client left the registry");

            // The stalled client reads again: what was already in flight, then the close event, then the end.
            assertEquals(200, stalled.readHead());
            List<SseParser.Event> seen = stalled.readToEnd();
            SseParser.Event last = seen.get(seen.size() - 1);
            assertEquals("close", last.type());
            assertEquals("{\"reason\":\"slow-consumer\"}", last.data());
            assertTrue(seen.size() - 1 < all.size(), "it was cut off before the end");

            // It resumes from the store with its last id and misses nothing.
            String resumeFrom = stalled.lastEventId();
            List<String> expected = all.subList(all.indexOf(resumeFrom) + 1, all.size());
            try (SseSubscription resumed = herald.subscribe("/events?channel=" + channel
                    + "&channel=slow-bulk&lastEventId=" + resumeFrom)) {
                assertEquals(expected, resumed.next(expected.size(), WAIT).stream()
                        .map(SseParser.Event::lastEventId).toList());
            }
        } finally {
            readers.forEach(SseSubscription::close);
        }
    }
}
