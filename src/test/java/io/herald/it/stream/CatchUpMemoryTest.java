package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeapProbe;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.RawSseClient;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.it.support.StandaloneProcess;
import io.herald.testing.Wait;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams that resume from id 0 on a channel of 60 KB messages and never read, against Herald in
 * its own JVM with a 128 MB heap: catch-up holds a bounded number of bytes whatever they do, so
 * there is no OutOfMemoryError, {@code /health} stays UP, and a client that does read still gets
 * its whole catch-up and then live messages. Prints the heap after a full GC for
 * docs/reliability.md.
 */
class CatchUpMemoryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CHANNEL = "big";
    private static final int MESSAGES = 300;
    private static final int MESSAGE_CHARS = 60_000;
    /** A server out of memory may never answer: no request waits longer than this. */
    private static final Duration REQUEST = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** herald.stream.catchup-max-bytes, the default. */
    private static final long CATCH_UP_BUDGET = 64L * 1024 * 1024;
    /**
     * Besides the budget, what a stalled stream may hold: the one chunk the container is still
     * trying to write (one 60 KB frame here) and the container's own per-connection state.
     */
    private static final long PER_STREAM = 128 * 1024;
    /** H2's page cache (16 MB by default) fills as the catch-ups read the messages. */
    private static final long H2_CACHE = 16L * 1024 * 1024;

    @TempDir
    Path data;

    @Test
    void tenStalledResumingStreamsHoldLittleHeap() throws Exception {
        stalledStreamsStayWithinASmallHeap(10);
    }

    @Test
    void hundredStalledResumingStreamsNeitherExhaustTheHeapNorStarveANewCatchUp() throws Exception {
        stalledStreamsStayWithinASmallHeap(100);
    }

    private void stalledStreamsStayWithinASmallHeap(int stalledCount) throws Exception {
        try (StandaloneProcess herald = new StandaloneProcess(data, List.of("-Xmx128m", "-XX:+UseG1GC"))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                ids.add(Long.toString(publish(herald, (i % 10) + "x".repeat(MESSAGE_CHARS))));
            }
            long before = HeapProbe.usedAfterFullGc(herald.process().pid());
            List<RawSseClient> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < stalledCount; i++) {
                    stalled.add(RawSseClient.connect(herald.port(), "/events?channel=" + CHANNEL + "&lastEventId=0", 4096));
                }
                Wait.until(WAIT, () -> stalledCount + " streams open, have " + herald.connections(),
                        () -> herald.connections() == stalledCount);
                awaitCatchUpsSettled(herald);
                long held = HeapProbe.usedAfterFullGc(herald.process().pid());
                assertEquals(stalledCount, herald.connections(), "the stalled streams are still open while measured");
                long budgetUsed = metric(herald, "herald_catchup_bytes");
                System.out.printf("CATCHUP-MEMORY %d stalled streams: heap after full GC %.1f MiB (%.1f MiB before they connected), catch-up budget in use %.1f MiB%n",
                        stalledCount, held / 1048576.0, before / 1048576.0, budgetUsed / 1048576.0);
                assertTrue(budgetUsed <= CATCH_UP_BUDGET, "catch-ups hold at most their budget: " + budgetUsed);
                assertTrue(held - before < CATCH_UP_BUDGET + stalledCount * PER_STREAM + H2_CACHE,
                        "the stalled streams hold " + (held - before) / 1048576 + " MiB");

                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(herald.uri("/health")).timeout(REQUEST).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());

                try (SseSubscription reader = SseSubscription.open(herald.uri("/events?channel=" + CHANNEL + "&lastEventId=0"))) {
                    List<SseParser.Event> replayed = reader.next(MESSAGES, WAIT);
                    assertEquals(ids, replayed.stream().map(SseParser.Event::lastEventId).toList(),
                            "a reading client gets its whole catch-up while the others are stuck");
                    String live = Long.toString(publish(herald, "live"));
                    SseParser.Event next = reader.next(WAIT);
                    assertEquals(live, next.lastEventId());
                    assertEquals("live", next.data());
                }
                assertTrue(herald.process().isAlive(), "Herald still runs");
                assertEquals(List.of(), herald.outOfMemoryReports(), "no OutOfMemoryError");
            } finally {
                for (RawSseClient c : stalled) {
                    c.close();
                }
            }
        }
    }

    /** Waits until no catch-up frame has been queued for a second: every stalled stream is parked. */
    private static void awaitCatchUpsSettled(StandaloneProcess herald) {
        long[] last = {-1, System.nanoTime()};
        Wait.until(WAIT, "the catch-ups to stop queuing frames", () -> {
            long frames = catchUpFrames(herald);
            long now = System.nanoTime();
            if (frames != last[0]) {
                last[0] = frames;
                last[1] = now;
                return false;
            }
            return now - last[1] > Duration.ofSeconds(1).toNanos();
        });
    }

    private static long catchUpFrames(StandaloneProcess herald) {
        return metric(herald, "herald_catchup_frames_total");
    }

    private static long metric(StandaloneProcess herald, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(get(herald, "/metrics").body());
        if (!m.find()) {
            throw new IllegalStateException("no metric " + name);
        }
        return (long) Double.parseDouble(m.group(1));
    }

    private static HttpResponse<String> get(StandaloneProcess herald, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(herald.uri(path)).timeout(REQUEST).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long publish(StandaloneProcess herald, String data) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("channel", CHANNEL);
        body.addProperty("data", data);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(herald.uri("/api/messages")).timeout(REQUEST)
                .header("Content-Type", "application/json")
                .header("Authorization", HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("id").getAsLong();
    }
}
