package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that comes back with Last-Event-ID gets exactly what it missed, then live messages. */
class ReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.queue-capacity", "64",
                "herald.stream.replay-page-size", "16"));

    private static List<String> ids(List<SseParser.Event> events) {
        return events.stream().map(SseParser.Event::lastEventId).toList();
    }

    private static List<String> ids(long... ids) {
        List<String> list = new ArrayList<>();
        for (long id : ids) {
            list.add(Long.toString(id));
        }
        return list;
    }

    @Test
    void reconnectWithLastEventIdHeaderReceivesOnlyMissedMessagesThenLive() {
        long seen = herald.publish("replay-h", null, "seen");
        herald.publish("replay-other", null, "other channel");
        long m1 = herald.publish("replay-h", "e", "missed 1");
        long m2 = herald.publish("replay-h", null, "missed 2");
        try (SseSubscription s = SseSubscription.open(herald.uri("/events?channel=replay-h"),
                Map.of("Last-Event-ID", Long.toString(seen)))) {
            List<SseParser.Event> replayed = s.next(2, WAIT);
            assertEquals(ids(m1, m2), ids(replayed));
            assertEquals("e", replayed.get(0).type());
            long live = herald.publish("replay-h", null, "live");
            assertEquals(ids(live), ids(s.next(1, WAIT)));
        }
    }

    @Test
    void lastEventIdQueryParameterReplaysForClientsThatCannotSetHeaders() {
        long seen = herald.publish("replay-q", null, "seen");
        long missed = herald.publish("replay-q", null, "missed");
        try (SseSubscription s = herald.subscribe("/events?channel=replay-q&lastEventId=" + seen)) {
            assertEquals(ids(missed), ids(s.next(1, WAIT)));
        }
    }

    @Test
    void theHeaderWinsOverTheQueryParameterAsBrowsersReconnectWithTheOriginalUrl() {
        long first = herald.publish("replay-hq", null, "1");
        long second = herald.publish("replay-hq", null, "2");
        long third = herald.publish("replay-hq", null, "3");
        try (SseSubscription s = SseSubscription.open(herald.uri("/events?channel=replay-hq&lastEventId=" + first),
                Map.of("Last-Event-ID", Long.toString(second)))) {
            assertEquals(ids(third), ids(s.next(1, WAIT)));
            long live = herald.publish("replay-hq", null, "4");
            assertEquals(ids(live), ids(s.next(1, WAIT)), "nothing before the header's id was replayed");
        }
    }

    @Test
    void replayCoversEveryChannelOfTheConnectionInIdOrder() {
        long start = herald.publish("replay-x", null, "start");
        long a = herald.publish("replay-y", null, "y");
        long b = herald.publish("replay-x", null, "x");
        herald.publish("replay-z", null, "z");
        long c = herald.publish("replay-y", null, "y2");
        try (SseSubscription s = herald.subscribe("/events?channel=replay-x&channel=replay-y&lastEventId=" + start)) {
            assertEquals(ids(a, b, c), ids(s.next(3, WAIT)));
        }
    }

    @Test
    void aLongCatchUpLargerThanTheQueueArrivesCompleteAndInOrder() {
        long start = herald.publish("replay-long", null, "start");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(Long.toString(herald.publish("replay-long", null, "m" + i)));
        }
        try (SseSubscription s = herald.subscribe("/events?channel=replay-long&lastEventId=" + start)) {
            assertEquals(expected, ids(s.next(300, WAIT)));
        }
    }

    @Test
    void anIdThatIsNotAnIdIsIgnoredAndTheClientStartsLive() {
        long[] last = {herald.publish("replay-bad", null, "old")};
        for (String bad : List.of("", "abc", "-1", "+5", " 3", "1.5", "0x10", "99999999999999999999",
                "١٢", "\u00e9", "1,2", "9".repeat(300))) {
            String query = "/events?channel=replay-bad&lastEventId=" + URLEncoder.encode(bad, StandardCharsets.UTF_8);
            awaitFannedOut(last[0]); // a 201 comes before its fan-out: "live" starts after the last one sent
            try (SseSubscription s = herald.subscribe(query)) {
                assertEquals(200, s.status(), "lastEventId=" + bad);
                Wait.until(WAIT, "stream open", () -> s.parser().retry() >= 0);
                long live = herald.publish("replay-bad", null, "live " + bad);
                last[0] = live;
                assertEquals(ids(live), ids(s.next(1, WAIT)), "lastEventId=" + bad + " started live");
            }
        }
        for (String bad : List.of("abc", "-7", "12a", "0x1")) {
            awaitFannedOut(last[0]);
            try (SseSubscription s = SseSubscription.open(herald.uri("/events?channel=replay-bad"),
                    Map.of("Last-Event-ID", bad))) {
                assertEquals(200, s.status(), "Last-Event-ID: " + bad);
                Wait.until(WAIT, "stream open", () -> s.parser().retry() >= 0);
                long live = herald.publish("replay-bad", null, "live header " + bad);
                last[0] = live;
                assertEquals(ids(live), ids(s.next(1, WAIT)), "Last-Event-ID: " + bad + " started live; raw: " + s.rawBytes());
            }
        }
    }

    private static void awaitFannedOut(long id) {
        Wait.until(WAIT, () -> "message " + id + " fanned out, at " + herald.hub().gauges().lastFannedOutId(),
                () -> herald.hub().gauges().lastFannedOutId() >= id);
    }

    /**
     * 4 threads publish continuously while 8 clients keep dropping and reconnecting with the last
     * id they saw: every client ends with every message exactly once, in id order.
     */
    @Test
    void reconnectingClientsMissNothingAndSeeNothingTwiceWhilePublishersRun() throws Exception {
        String channel = "replay-storm";
        int publishers = 4;
        int perPublisher = 150;
        int clients = 8;
        ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(publishers + clients);
        long start = herald.publish(channel, null, "before");
        try {
            List<Future<List<Long>>> received = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                received.add(pool.submit(() -> reconnectUntilDone(channel, start, publishing, published)));
            }
            List<Future<?>> publishing4 = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                publishing4.add(pool.submit(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        published.add(herald.publish(channel, "p" + publisher, "message " + i));
                    }
                }));
            }
            for (Future<?> f : publishing4) {
                f.get(60, TimeUnit.SECONDS);
            }
            publishing.set(false);
            List<Long> all = new ArrayList<>(published);
            Collections.sort(all);
            assertEquals(publishers * perPublisher, all.size());
            for (Future<List<Long>> f : received) {
                assertEquals(all, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            publishing.set(false);
            pool.shutdownNow();
        }
    }

    private static List<Long> reconnectUntilDone(String channel, long start, AtomicBoolean publishing,
            ConcurrentLinkedQueue<Long> published) {
        List<Long> got = new ArrayList<>();
        long last = start;
        int connections = 0;
        while (true) {
            boolean finalPass = !publishing.get();
            connections++;
            try (SseSubscription s = SseSubscription.open(herald.uri("/events?channel=" + channel),
                    Map.of("Last-Event-ID", Long.toString(last)))) {
                assertEquals(200, s.status());
                if (finalPass) {
                    // Publishing is over: this connection must bring everything still missing.
                    while (got.size() < published.size()) {
                        got.add(Long.parseLong(s.next(WAIT).lastEventId()));
                    }
                    assertTrue(connections > 1, "the client reconnected");
                    return got;
                }
                int budget = ThreadLocalRandom.current().nextInt(5, 40);
                while (budget > 0 && publishing.get()) {
                    SseParser.Event e = s.poll(Duration.ofMillis(50));
                    if (e != null) {
                        last = Long.parseLong(e.lastEventId());
                        got.add(last);
                        budget--;
                    }
                }
            }
        }
    }
}
