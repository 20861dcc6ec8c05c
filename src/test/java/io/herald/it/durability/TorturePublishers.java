package io.herald.it.durability;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Publishers of the torture test: each thread publishes to its own channel {@code t/N} over a
 * keep-alive connection during a round and records every message acknowledged with a 201. A
 * round ends when the server is killed or stopped under them: what was refused or cut off was
 * never acknowledged, so nothing is owed for it.
 */
final class TorturePublishers {

    /** One acknowledged publish. */
    record Ack(long id, String channel, String data, int round) {
    }

    static String channel(int publisher) {
        return "t/" + publisher;
    }

    private final int count;
    private final int capPerRound;
    private final String auth;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentSkipListMap<Long, Ack> acked = new ConcurrentSkipListMap<>();
    private final Map<Long, List<Ack>> reused = new ConcurrentHashMap<>();
    private final AtomicInteger inRound = new AtomicInteger();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();

    /** {@code count} threads, each stopping its round after {@code capPerRound} acknowledgements. */
    TorturePublishers(int count, int capPerRound, String auth) {
        this.count = count;
        this.capPerRound = capPerRound;
        this.auth = auth;
    }

    /** Starts a round against the Herald {@code target} points at. */
    void startRound(int round, Supplier<java.net.URI> publishUri) {
        running = true;
        inRound.set(0);
        threads.clear();
        for (int t = 0; t < count; t++) {
            int publisher = t;
            Thread thread = new Thread(() -> publish(round, publisher, publishUri.get()), "torture-publisher-" + t);
            thread.start();
            threads.add(thread);
        }
    }

    /** Ends the round: the caller kills or stops the server, then calls {@link #awaitRoundEnd}. */
    void endRound() {
        running = false;
    }

    void awaitRoundEnd() throws InterruptedException {
        for (Thread t : threads) {
            t.join(30_000);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " still running 30 s after its round ended");
            }
        }
    }

    /** Acknowledged in the current round. */
    int acknowledgedThisRound() {
        return inRound.get();
    }

    private void publish(int round, int publisher, java.net.URI uri) {
        String channel = channel(publisher);
        for (int n = 0; running && n < capPerRound; n++) {
            String data = "r" + round + "-p" + publisher + "-" + n;
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channel + "\",\"data\":\"" + data + "\"}"))
                    .build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 201) {
                    JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
                    Ack ack = new Ack(body.get("id").getAsLong(), channel, data, round);
                    Ack before = acked.putIfAbsent(ack.id(), ack);
                    if (before != null) {
                        reused.put(ack.id(), List.of(before, ack));
                    }
                    inRound.incrementAndGet();
                } else if (r.statusCode() != 503) {
                    unexpected.add("round " + round + ": publish answered " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException cutOff) {
                // Killed or stopping under us: not acknowledged, so not owed. The round is over.
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every acknowledged publish so far, by id. */
    ConcurrentSkipListMap<Long, Ack> acked() {
        return acked;
    }

    /** Ids that were acknowledged twice, for two different messages (an id handed out again). */
    Map<Long, List<Ack>> reused() {
        return reused;
    }

    /** Answers other than 201 and 503 (a 5xx while running is a bug). */
    List<String> unexpected() {
        return unexpected;
    }

    int count() {
        return count;
    }
}
