package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
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
 * Retention by count per channel, in the background; a client resuming from a pruned id gets
 * {@code event: reset} naming the oldest id still kept, then what is kept, then live messages;
 * a client with an id this database never gave out gets a reset too. Never a silent gap.
 */
class RetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of(
            "herald.retention.max-per-channel", "5",
            "herald.retention.interval-ms", "100"));

    private static int stored(String channel) {
        return JsonParser.parseString(herald.get("/api/messages?channel=" + channel + "&limit=1000").body())
                .getAsJsonObject().getAsJsonArray("messages").size();
    }

    @Test
    void aResumeFromAPrunedIdGetsAResetThenWhatIsKeptThenLive() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(herald.publish("kept", null, "m" + i));
        }
        long other = herald.publish("untouched", null, "only one");
        Wait.until(WAIT, "retention to keep 5 of 12", () -> stored("kept") == 5);
        assertEquals(1, stored("untouched"));

        try (SseSubscription resumed = herald.subscribe("/events?channel=kept&lastEventId=" + ids.get(2))) {
            SseParser.Event reset = resumed.next(WAIT);
            assertEquals("reset", reset.type());
            JsonObject data = JsonParser.parseString(reset.data()).getAsJsonObject();
            assertEquals("retention", data.get("reason").getAsString());
            assertEquals(ids.get(2).longValue(), data.get("lastEventId").getAsLong());
            assertEquals(ids.get(7).longValue(), data.get("oldest").getAsLong());
            assertEquals("", reset.lastEventId(), "a reset carries no id");
            for (int i = 7; i < 12; i++) {
                SseParser.Event e = resumed.next(WAIT);
                assertEquals("m" + i, e.data());
                assertEquals(Long.toString(ids.get(i)), e.lastEventId());
            }
            herald.publish("kept", null, "live");
            assertEquals("live", resumed.next(WAIT).data());
        }
        try (SseSubscription current = herald.subscribe("/events?channel=kept&lastEventId=" + ids.get(9))) {
            SseParser.Event first = current.next(WAIT);
            assertEquals("m10", first.data(), "a resume within what is kept gets no reset");
        }
        try (SseSubscription untouched = herald.subscribe("/events?channel=untouched&lastEventId=0")) {
            assertEquals("only one", untouched.next(WAIT).data());
            assertEquals(Long.toString(other), untouched.parser().lastEventId());
        }
    }

    @Test
    void anIdThisDatabaseNeverGaveOutGetsAResetThenLive() {
        long last = herald.publish("future", null, "stored");
        long elsewhere = herald.publish("secret-elsewhere", null, "newer, on a channel this stream does not read");
        // The 201 comes at commit; the fan-out follows: wait for it, or "stored" would arrive live.
        Wait.until(WAIT, "the stored messages fanned out", () -> herald.hub().gauges().lastFannedOutId() >= elsewhere);
        try (SseSubscription s = herald.subscribe("/events?channel=future&lastEventId=" + (last + 1_000_000))) {
            SseParser.Event reset = s.next(WAIT);
            assertEquals("reset", reset.type());
            JsonObject data = JsonParser.parseString(reset.data()).getAsJsonObject();
            assertEquals("unknown-id", data.get("reason").getAsString());
            assertEquals(last + 1_000_000, data.get("lastEventId").getAsLong());
            assertEquals(last, data.get("latest").getAsLong(), "the newest id of its own channel, not of every channel");
            Wait.until(WAIT, "the stream to be live", () -> herald.hub().gauges().subscriberCounts().getOrDefault("future", 0) == 1);
            herald.publish("future", null, "live");
            SseParser.Event live = s.next(WAIT);
            assertEquals("live", live.data());
            assertNull(s.poll(Duration.ofMillis(1)), "nothing else");
        }
    }

    @Test
    void aResetOnAnEmptyChannelNamesNoLatestId() {
        herald.publish("busy-elsewhere", null, "stored");
        try (SseSubscription s = herald.subscribe("/events?channel=never-used&lastEventId=" + Long.MAX_VALUE / 2)) {
            SseParser.Event reset = s.next(WAIT);
            assertEquals("reset", reset.type());
            JsonObject data = JsonParser.parseString(reset.data()).getAsJsonObject();
            assertEquals("unknown-id", data.get("reason").getAsString());
            assertTrue(data.get("latest").isJsonNull(), reset.data());
        }
    }

    @Test
    void historyKeepsTheNewestPerChannel() {
        for (int i = 0; i < 8; i++) {
            herald.publish("hist", null, "h" + i);
        }
        Wait.until(WAIT, "retention", () -> stored("hist") == 5);
        JsonArray kept = JsonParser.parseString(herald.get("/api/messages?channel=hist").body())
                .getAsJsonObject().getAsJsonArray("messages");
        assertEquals("h3", kept.get(0).getAsJsonObject().get("data").getAsString());
        assertEquals("h7", kept.get(4).getAsJsonObject().get("data").getAsString());
    }
}
