package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald in its own JVM, killed with SIGKILL while 8 threads publish: after a restart on the same
 * database every message that got a 201 is stored, ids keep increasing, and subscribers that
 * reconnect with their Last-Event-ID receive every acknowledged message exactly once, in order.
 */
class CrashRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PUBLISHERS = 8;
    private static final int SUBSCRIBERS = 3;
    private static final String CHANNEL = "crash";

    @TempDir
    Path data;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String AUTH = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    @Test
    void everyAcknowledgedMessageSurvivesSigkillAndIsDeliveredOnceInOrder() throws Exception {
        StandaloneProcess first = new StandaloneProcess(data, List.of());
        Map<Long, String> acked = new ConcurrentHashMap<>();
        Map<Long, StandaloneProcess> ackedBy = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<SseSubscription> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            subscribers.add(SseSubscription.open(first.uri("/events?channel=" + CHANNEL)));
        }
        StandaloneProcess[] target = {first};
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < PUBLISHERS; t++) {
            int thread = t;
            Thread publisher = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    String data = "t" + thread + "-" + n++;
                    StandaloneProcess node = target[0];
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.uri("/api/messages"))
                                .timeout(Duration.ofSeconds(5)).header("Authorization", AUTH)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + CHANNEL + "\",\"data\":\"" + data + "\"}"))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) {
                            long id = JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsLong();
                            ackedBy.put(id, node);
                            acked.put(id, data);
                        }
                    } catch (java.io.IOException refusedWhileDown) {
                        // Not acknowledged: the publisher does not know whether it was stored.
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "publisher-" + t);
            publisher.start();
            publishers.add(publisher);
        }
        Wait.until(WAIT, () -> "300 acknowledged publishes before the kill, have " + acked.size(), () -> acked.size() >= 300);
        first.kill();
        assertTrue(!first.process().isAlive());
        int ackedAtKill = acked.size();

        StandaloneProcess second = new StandaloneProcess(data, List.of());
        target[0] = second;
        Wait.until(WAIT, () -> "300 more acknowledged publishes after the restart, have " + (acked.size() - ackedAtKill),
                () -> acked.size() >= ackedAtKill + 300);
        stop.set(true);
        for (Thread p : publishers) {
            p.join(10_000);
        }
        try {
            // Every acknowledged message is stored, with its data; ids are unique and increasing.
            Map<Long, String> stored = new TreeMap<>();
            long after = 0;
            while (true) {
                JsonArray page = JsonParser.parseString(HTTP.send(HttpRequest.newBuilder(second.uri("/api/messages?channel="
                        + CHANNEL + "&limit=1000&after=" + after)).header("Authorization", AUTH).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject().getAsJsonArray("messages");
                if (page.isEmpty()) {
                    break;
                }
                for (JsonElement e : page) {
                    JsonObject m = e.getAsJsonObject();
                    assertTrue(m.get("id").getAsLong() > after, "ids increase");
                    after = m.get("id").getAsLong();
                    stored.put(after, m.get("data").getAsString());
                }
            }
            acked.forEach((id, data) -> assertEquals(data, stored.get(id), "acknowledged message " + id + " is stored"));
            long lastBefore = ackedBy.entrySet().stream().filter(e -> e.getValue() == first).mapToLong(Map.Entry::getKey).max().orElseThrow();
            long firstAfter = ackedBy.entrySet().stream().filter(e -> e.getValue() == second).mapToLong(Map.Entry::getKey).min().orElseThrow();
            assertTrue(firstAfter > lastBefore, "ids keep increasing across the restart: " + lastBefore + " then " + firstAfter);

            // Subscribers reconnect with their Last-Event-ID and get every acknowledged message once, in order.
            long lastAcked = acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            for (SseSubscription before : subscribers) {
                before.awaitEnd(WAIT);
                List<SseParser.Event> seen = new ArrayList<>(before.drain());
                String resumeFrom = before.parser().lastEventId();
                try (SseSubscription resumed = SseSubscription.open(second.uri("/events?channel=" + CHANNEL),
                        Map.of("Last-Event-ID", resumeFrom))) {
                    Wait.until(WAIT, "the resumed subscriber to reach id " + lastAcked, () -> {
                        seen.addAll(resumed.drain());
                        return !seen.isEmpty() && Long.parseLong(seen.get(seen.size() - 1).lastEventId()) >= lastAcked;
                    });
                }
                List<Long> ids = new ArrayList<>();
                for (SseParser.Event e : seen) {
                    ids.add(Long.parseLong(e.lastEventId()));
                }
                for (int i = 1; i < ids.size(); i++) {
                    assertTrue(ids.get(i) > ids.get(i - 1), "in order, no duplicate: " + ids.get(i - 1) + " then " + ids.get(i));
                }
                long firstSeen = ids.get(0);
                for (long id : acked.keySet()) {
                    if (id >= firstSeen) {
                        assertTrue(ids.contains(id), "acknowledged message " + id + " delivered");
                    }
                }
                assertEquals(stored.keySet().stream().filter(id -> id >= firstSeen && id <= lastAcked).count(),
                        ids.stream().filter(id -> id <= lastAcked).count(), "exactly the stored messages, each once");
            }
        } finally {
            subscribers.forEach(SseSubscription::close);
            second.kill();
        }
    }
}
