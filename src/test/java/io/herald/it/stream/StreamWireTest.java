package io.herald.it.stream;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a subscriber sees on the wire: headers, retry, frames, channels, heartbeat. */
class StreamWireTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.retry-ms", "2500"));

    @Test
    void streamAnswersWithEventStreamHeadersAndRetryFirst() {
        try (SseSubscription s = herald.subscribe("/events?channel=wire-headers")) {
            assertEquals(200, s.status());
            String type = s.headers().firstValue("Content-Type").orElseThrow();
            assertEquals("text/event-stream", type, "the bare type: fetch-event-source compares it exactly");
            assertEquals("no-cache", s.headers().firstValue("Cache-Control").orElseThrow());
            assertEquals("no", s.headers().firstValue("X-Accel-Buffering").orElseThrow());
            assertTrue(s.headers().firstValue("Connection").isEmpty(), "no Connection header (HTTP/2 forbids it)");
            Wait.until(WAIT, "retry received", () -> s.parser().retry() == 2500);
            assertTrue(s.rawBytes().startsWith("retry: 2500\n"), s.rawBytes());
        }
    }

    @Test
    void framesCarryEventNameDataLinesAndStoredId() {
        try (SseSubscription s = herald.subscribe("/events?channel=wire-frames")) {
            Wait.until(WAIT, "stream open", () -> s.parser().retry() >= 0);
            long named = herald.publish("wire-frames", "created", "a\nb\r\nc\rd");
            long empty = herald.publish("wire-frames", null, "");
            long unicode = herald.publish("wire-frames", "ünï", "grüße 日本 🎉");
            HttpResponse<String> json = herald.post("application/json",
                    "{\"channel\":\"wire-frames\",\"data\":{\"order\": 17, \"items\": [1, 2]}}");
            assertEquals(201, json.statusCode());

            List<SseParser.Event> events = s.next(4, WAIT);
            assertEquals(new SseParser.Event("created", "a\nb\nc\nd", Long.toString(named)), events.get(0));
            assertEquals(new SseParser.Event("message", "", Long.toString(empty)), events.get(1));
            assertEquals(new SseParser.Event("ünï", "grüße 日本 🎉", Long.toString(unicode)), events.get(2));
            assertEquals("{\"order\":17,\"items\":[1,2]}", events.get(3).data());

            String wire = new String(s.rawBytes().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            assertTrue(wire.contains("event: created\ndata: a\ndata: b\ndata: c\ndata: d\nid: " + named + "\n\n"), wire);
            assertTrue(wire.contains("\ndata: \nid: " + empty + "\n\n"), wire);
        }
    }

    @Test
    void aConnectionFollowsEveryChannelItNamesAndNoOther() {
        try (SseSubscription s = herald.subscribe("/events?channel=multi-a&channel=multi-b")) {
            Wait.until(WAIT, "stream open", () -> s.parser().retry() >= 0);
            long a = herald.publish("multi-a", null, "for a");
            herald.publish("multi-c", null, "for c");
            long b = herald.publish("multi-b", null, "for b");
            long a2 = herald.publish("multi-a", null, "for a again");
            List<SseParser.Event> events = s.next(3, WAIT);
            assertEquals(List.of(Long.toString(a), Long.toString(b), Long.toString(a2)),
                    events.stream().map(SseParser.Event::lastEventId).toList());
            herald.publish("multi-b", null, "last");
            assertEquals("last", s.next(WAIT).data(), "nothing from multi-c arrived in between");
        }
    }

    @Test
    void noChannelMeansGlobal() {
        try (SseSubscription s = herald.subscribe("/events")) {
            Wait.until(WAIT, "stream open", () -> s.parser().retry() >= 0);
            herald.publish("not-global", null, "elsewhere");
            long id = herald.publish("global", null, "to everyone");
            SseParser.Event e = s.next(WAIT);
            assertEquals("to everyone", e.data());
            assertEquals(Long.toString(id), e.lastEventId());
        }
    }

    @Test
    void heartbeatCommentsKeepAnIdleStreamAlive() {
        try (SseSubscription s = herald.subscribe("/events?channel=idle")) {
            Wait.until(WAIT, "three heartbeat comments", () -> s.parser().comments() >= 3);
            assertTrue(s.rawBytes().contains(":"), s.rawBytes());
            assertTrue(s.drain().isEmpty(), "heartbeats dispatch no event");
            assertFalse(s.ended());
            // A client that hands over every blank-line-ended block as an event (Jersey,
            // fetch-event-source, httpx-sse do) must see none for retry: and heartbeats.
            assertEquals(List.of(), blankLineEndedBlocks(s.rawBytes()), s.rawBytes());
        }
    }

    @Test
    void onlyFramesWithDataEndInTheBlankLineThatDispatches() {
        try (SseSubscription s = herald.subscribe("/events?channel=wire-blocks")) {
            Wait.until(WAIT, "two heartbeats", () -> s.parser().comments() >= 2);
            long id = herald.publish("wire-blocks", null, "one");
            assertEquals("one", s.next(WAIT).data());
            int seen = s.parser().comments();
            Wait.until(WAIT, "a heartbeat after the message", () -> s.parser().comments() > seen);
            assertEquals(List.of("data: one\nid: " + id), blankLineEndedBlocks(s.rawBytes()).stream()
                    .map(block -> block.lines().filter(line -> !line.startsWith(":") && !line.startsWith("retry:"))
                            .reduce((a, b) -> a + "\n" + b).orElse(""))
                    .toList());
        }
    }

    /** The blocks a naive client would dispatch: text before each blank line. */
    private static List<String> blankLineEndedBlocks(String raw) {
        List<String> blocks = new ArrayList<>(List.of(raw.split("\n\n", -1)));
        blocks.remove(blocks.size() - 1); // after the last blank line: not ended yet
        return blocks;
    }

    @Test
    void invalidChannelNamesAreRefusedWithJson400() {
        int before = herald.hub().gauges().connectionCount();
        for (String query : List.of("channel=", "channel=has%20space", "channel=a%0Ab", "channel=" + "x".repeat(129),
                "channel=ok&channel=bad%3Fchar", "channel=%C3%BC")) {
            HttpResponse<String> r = herald.get("/events?" + query);
            assertEquals(400, r.statusCode(), query);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), query);
            assertTrue(r.body().contains("\"error\"") && r.body().contains("channel"), r.body());
        }
        assertEquals(before, herald.hub().gauges().connectionCount(), "no refused request was registered");
    }
}
