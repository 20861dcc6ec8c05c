package io.herald.it.durability;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.testing.Wait;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The torture cycle: publishers and subscribers running, competing load on the same cores, the
 * server killed with SIGKILL (or stopped with SIGTERM) at a random moment, started again on the
 * same database; then every message acknowledged in the round must be stored with its data, ids
 * must never go back or repeat, and every subscriber that resumed with {@code Last-Event-ID}
 * must have received every acknowledged message exactly once, in id order.
 */
final class Torture {

    /** What a run found. */
    record Result(String target, int cycles, int kills, int stops, long acknowledged, List<String> lost,
            List<String> reused, List<String> wentBack, List<String> subscriberFaults, List<String> unexpected,
            long seconds) {

        boolean clean() {
            return lost.isEmpty() && reused.isEmpty() && wentBack.isEmpty() && subscriberFaults.isEmpty() && unexpected.isEmpty();
        }

        String line() {
            return String.format("%s: %d cycles (%d kill -9, %d SIGTERM) in %d s, %d acknowledged, %d lost, %d ids reused,"
                    + " %d ids went back, %d subscriber faults, %d unexpected answers", target, cycles, kills, stops, seconds,
                    acknowledged, lost.size(), reused.size(), wentBack.size(), subscriberFaults.size(), unexpected.size());
        }
    }

    static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final TortureTarget target;
    private final String auth;
    private final TorturePublishers publishers;
    private final List<TortureSubscriber> subscribers = new ArrayList<>();
    private final Random random;
    private final int minAcks;
    private final int maxAcks;
    private final double killShare;

    /**
     * Each publisher stops its round after {@code capPerPublisher} acknowledgements (keep it below the
     * retention's per-channel count, so only older rounds are pruned). Each round ends after a random
     * {@code minAcks..maxAcks} acknowledged publishes in all, with SIGKILL in
     * {@code killShare} of the rounds and SIGTERM in the others.
     */
    Torture(TortureTarget target, String auth, int publishers, int capPerPublisher, int subscribers, int minAcks, int maxAcks,
            double killShare, long seed) {
        this.target = target;
        this.auth = auth;
        this.publishers = new TorturePublishers(publishers, capPerPublisher, auth);
        for (int i = 0; i < subscribers; i++) {
            this.subscribers.add(new TortureSubscriber(publishers, auth));
        }
        this.random = new Random(seed);
        this.minAcks = minAcks;
        this.maxAcks = maxAcks;
        this.killShare = killShare;
    }

    Result run(int cycles, java.util.function.Consumer<String> progress) throws Exception {
        long started = System.nanoTime();
        List<String> lost = new ArrayList<>();
        List<String> wentBack = new ArrayList<>();
        List<String> subscriberFaults = new ArrayList<>();
        int kills = 0;
        int stops = 0;
        long highestBefore = 0;
        long stopMillis = 0;
        long publishMillis = 0;
        String lastStop = "";
        for (int round = 1; round <= cycles + 1; round++) {
            long phase = System.nanoTime();
            target.start();
            long startMillis = millisSince(phase);
            for (TortureSubscriber s : subscribers) {
                s.connect(target::uri);
            }
            if (round > 1) {
                phase = System.nanoTime();
                String checked = check(round - 1, lost, subscriberFaults);
                progress.accept(String.format("%s round %d %s after %s; published %d ms, stopped %d ms, started %d ms,"
                        + " checked %d ms", java.time.Instant.now(), round - 1, checked, lastStop, publishMillis, stopMillis,
                        startMillis, millisSince(phase)));
            }
            if (round == cycles + 1) {
                target.stop();
                break;
            }
            int killAfter = minAcks + random.nextInt(Math.max(1, maxAcks - minAcks));
            phase = System.nanoTime();
            publishers.startRound(round, () -> target.uri("/api/messages"));
            Wait.until(WAIT, () -> killAfter + " acknowledged publishes, have " + publishers.acknowledgedThisRound(), () -> {
                subscribers.forEach(TortureSubscriber::collect);
                return publishers.acknowledgedThisRound() >= killAfter;
            });
            publishMillis = millisSince(phase);
            phase = System.nanoTime();
            boolean kill = random.nextDouble() < killShare;
            if (round == cycles && (stops == 0 || kills == 0)) {
                kill = stops > 0; // every run has at least one stop of each kind
            }
            if (kill) {
                target.kill();
                kills++;
            } else {
                target.stop();
                stops++;
            }
            lastStop = kill ? "kill -9" : "SIGTERM";
            publishers.endRound();
            publishers.awaitRoundEnd();
            for (TortureSubscriber s : subscribers) {
                s.disconnected();
            }
            stopMillis = millisSince(phase);
            int thisRound = round;
            long lowest = publishers.acked().values().stream().filter(a -> a.round() == thisRound)
                    .mapToLong(TorturePublishers.Ack::id).min().orElse(Long.MAX_VALUE);
            if (lowest <= highestBefore) {
                wentBack.add("round " + round + " was given id " + lowest + " after " + highestBefore + " was acknowledged");
            }
            highestBefore = Math.max(highestBefore, publishers.acked().isEmpty() ? 0 : publishers.acked().lastKey());
        }
        List<String> reused = publishers.reused().entrySet().stream()
                .map(e -> "id " + e.getKey() + ": " + e.getValue()).collect(Collectors.toList());
        for (TortureSubscriber s : subscribers) {
            subscriberFaults.addAll(s.faults());
        }
        return new Result(target.name(), cycles, kills, stops, publishers.acked().size(), lost, reused, wentBack,
                subscriberFaults, publishers.unexpected(), (System.nanoTime() - started) / 1_000_000_000L);
    }

    /** Checks round {@code round} on the restarted server; returns a line for the progress log. */
    private String check(int round, List<String> lost, List<String> subscriberFaults) throws IOException, InterruptedException {
        Map<String, List<TorturePublishers.Ack>> byChannel = publishers.acked().values().stream()
                .filter(a -> a.round() == round).collect(Collectors.groupingBy(TorturePublishers.Ack::channel));
        long highestStored = 0;
        int lostHere = 0;
        int acks = 0;
        for (Map.Entry<String, List<TorturePublishers.Ack>> e : byChannel.entrySet()) {
            List<TorturePublishers.Ack> acked = e.getValue();
            acks += acked.size();
            long from = acked.stream().mapToLong(TorturePublishers.Ack::id).min().orElseThrow() - 1;
            long to = acked.stream().mapToLong(TorturePublishers.Ack::id).max().orElseThrow();
            Map<Long, String> stored = history(e.getKey(), from, to);
            for (TorturePublishers.Ack a : acked) {
                String data = stored.get(a.id());
                if (!a.data().equals(data)) {
                    lost.add("round " + round + ": id " + a.id() + " on " + a.channel() + " acknowledged as '" + a.data()
                            + "', stored " + (data == null ? "nothing" : "'" + data + "'"));
                    lostHere++;
                } else {
                    highestStored = Math.max(highestStored, a.id());
                }
            }
        }
        long reach = highestStored;
        for (TortureSubscriber s : subscribers) {
            Wait.until(WAIT, () -> "a resumed subscriber to reach id " + reach + ", at " + s.last(), () -> s.collect() >= reach);
            Set<Long> seen = new HashSet<>(s.received());
            long first = s.received().isEmpty() ? Long.MAX_VALUE : s.received().get(0);
            for (List<TorturePublishers.Ack> acked : byChannel.values()) {
                for (TorturePublishers.Ack a : acked) {
                    if (a.id() >= first && a.id() <= reach && !seen.contains(a.id()) && !lostContains(lost, a)) {
                        subscriberFaults.add("round " + round + ": a subscriber never received acknowledged id " + a.id());
                    }
                }
            }
            s.forgetThrough(reach);
        }
        return String.format("%d acknowledged, %d lost", acks, lostHere);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000L;
    }

    private static boolean lostContains(List<String> lost, TorturePublishers.Ack a) {
        String needle = ": id " + a.id() + " on ";
        return lost.stream().anyMatch(l -> l.contains(needle));
    }

    /** The stored messages of {@code channel} with {@code after < id <= upTo}, read through the history API. */
    private Map<Long, String> history(String channel, long after, long upTo) throws IOException, InterruptedException {
        Map<Long, String> stored = new HashMap<>();
        long from = after;
        while (from < upTo) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(target.uri("/api/messages?channel="
                    + channel.replace("/", "%2F") + "&limit=1000&after=" + from)).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("history of " + channel + " answered " + r.statusCode() + ": " + r.body());
            }
            JsonArray page = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("messages");
            if (page.isEmpty()) {
                break;
            }
            for (JsonElement e : page) {
                JsonObject m = e.getAsJsonObject();
                from = m.get("id").getAsLong();
                stored.put(from, m.get("data").getAsString());
            }
        }
        return stored;
    }
}
