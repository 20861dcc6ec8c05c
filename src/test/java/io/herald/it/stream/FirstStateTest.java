package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page's first state without a gap: {@code ?last=N} starts a first connect with the newest N
 * stored messages, and {@code lastId} from the channel or history API lets a page rendered on the
 * server subscribe exactly where its state ends.
 */
class FirstStateTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    private static List<String> data(List<SseParser.Event> events) {
        return events.stream().map(SseParser.Event::data).toList();
    }

    private static List<String> publishAll(String channel, int count) {
        List<String> data = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            herald.publish(channel, null, channel + " " + n);
            data.add(channel + " " + n);
        }
        return data;
    }

    @Test
    void lastNStartsWithTheNewestNStoredOldestFirstThenLive() {
        publishAll("fs/a", 5);
        publishAll("fs/b", 3);
        publishAll("fs-other", 2);
        try (SseSubscription s = herald.subscribe("/events?channel=fs/a&last=3")) {
            assertEquals(List.of("fs/a 3", "fs/a 4", "fs/a 5"), data(s.next(3, WAIT)));
            herald.publish("fs/a", null, "live");
            assertEquals("live", s.next(WAIT).data());
            assertNull(s.poll(Duration.ofMillis(200)));
        }
        try (SseSubscription s = herald.subscribe("/events?channel=fs/*&last=4")) {
            assertEquals(List.of("fs/b 1", "fs/b 2", "fs/b 3", "live"), data(s.next(4, WAIT)), "through a pattern");
        }
        try (SseSubscription s = herald.subscribe("/events?channel=fs/b&last=1000")) {
            assertEquals(List.of("fs/b 1", "fs/b 2", "fs/b 3"), data(s.next(3, WAIT)), "fewer stored: all of them");
            assertNull(s.poll(Duration.ofMillis(200)));
        }
        try (SseSubscription s = herald.subscribe("/events?channel=fs-empty&last=10")) {
            herald.publish("fs-empty", null, "first");
            assertEquals("first", s.next(WAIT).data(), "nothing stored: live at once");
        }
    }

    @Test
    void aReconnectResumesFromItsLastEventIdNotFromLastN() {
        publishAll("fs/resume", 4);
        long seen = herald.publish("fs/resume", null, "seen");
        herald.publish("fs/resume", null, "missed");
        try (SseSubscription s = SseSubscription.open(herald.uri("/events?channel=fs/resume&last=50"),
                Map.of("Last-Event-ID", Long.toString(seen)))) {
            assertEquals("missed", s.next(WAIT).data());
            assertNull(s.poll(Duration.ofMillis(200)));
        }
    }

    @Test
    void aBadLastIsA400() {
        for (String bad : List.of("0", "1001", "-1", "x", "")) {
            try (SseSubscription s = herald.subscribe("/events?channel=fs/bad&last=" + bad)) {
                assertEquals(400, s.status(), bad);
            }
        }
    }

    @Test
    void aPageRenderedOnTheServerSubscribesAfterTheLastIdItWasRenderedFrom() {
        publishAll("fs/page", 3);
        HttpResponse<String> now = herald.get("/api/channels/fs/page");
        assertEquals(200, now.statusCode(), now.body());
        JsonObject state = JsonParser.parseString(now.body()).getAsJsonObject();
        assertEquals("fs/page", state.get("channel").getAsString());
        long lastId = state.get("lastId").getAsLong();
        herald.publish("fs/page", null, "between render and subscribe");
        try (SseSubscription s = herald.subscribe("/events?channel=fs/page&lastEventId=" + lastId)) {
            assertEquals("between render and subscribe", s.next(WAIT).data());
            assertNull(s.poll(Duration.ofMillis(200)));
        }
        HttpResponse<String> history = herald.get("/api/messages?channel=fs/page&after=0&limit=2");
        JsonObject page = JsonParser.parseString(history.body()).getAsJsonObject();
        assertEquals(page.getAsJsonArray("messages").get(1).getAsJsonObject().get("id").getAsLong(),
                page.get("lastId").getAsLong(), "a full page continues after its last message");
        assertEquals(0, JsonParser.parseString(herald.get("/api/channels/fs/never").body()).getAsJsonObject()
                .get("lastId").getAsLong());
    }

    @Test
    void thePatternsLastIdIsTheNewestMessageItsViewerMayRead() {
        herald.rule("fs/hidden*", "role:hr");
        long visible = herald.publish("fs/shown", null, "shown");
        herald.publish("fs/hidden/1", null, "hidden");
        HttpResponse<String> r = HeraldServer.call(herald.uri("/api/channels/fs/*"), "GET", VIEWER, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(visible, JsonParser.parseString(r.body()).getAsJsonObject().get("lastId").getAsLong());
        assertEquals(403, HeraldServer.call(herald.uri("/api/channels/fs/hidden/1"), "GET", VIEWER, null).statusCode());
        try (SseSubscription s = SseSubscription.open(herald.uri("/events?channel=fs/*&last=1"), Map.of("Authorization", VIEWER))) {
            assertEquals("shown", s.next(WAIT).data(), "the newest message it may read, not the newest stored");
            assertNull(s.poll(Duration.ofMillis(200)));
        }
    }
}
