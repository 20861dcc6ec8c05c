package io.herald.it.durability;

import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscriber of the torture test that behaves like a browser: it reads the stream until the
 * server goes away, then resumes on the restarted server with {@code Last-Event-ID}. It keeps
 * every id it received, and counts ids that came twice or out of order and reset signals.
 */
final class TortureSubscriber {

    private final String query;
    private final String auth;
    private final List<Long> received = new ArrayList<>();
    private final List<String> faults = new ArrayList<>();
    private SseSubscription stream;
    private long last;
    private int resets;

    TortureSubscriber(int channels, String auth) {
        StringBuilder q = new StringBuilder("/events?");
        for (int i = 0; i < channels; i++) {
            q.append(i == 0 ? "" : "&").append("channel=").append(TorturePublishers.channel(i).replace("/", "%2F"));
        }
        this.query = q.toString();
        this.auth = auth;
    }

    /** Opens the stream on the (re)started server, resuming after the last id received. */
    void connect(java.util.function.Function<String, URI> uri) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", auth));
        if (last > 0) {
            headers.put("Last-Event-ID", Long.toString(last));
        }
        stream = SseSubscription.open(uri.apply(query), headers);
        if (stream.status() != 200) {
            throw new IllegalStateException("stream answered " + stream.status());
        }
    }

    /** Takes in what arrived; returns the greatest id received so far. */
    synchronized long collect() {
        if (stream == null) {
            return last;
        }
        for (SseParser.Event e : stream.drain()) {
            if (e.type().equals("reset")) {
                resets++;
                faults.add("reset after " + last + ": " + e.data());
            } else if (e.type().equals("message")) {
                long id = Long.parseLong(e.lastEventId());
                if (id <= last) {
                    faults.add("id " + id + " after " + last + " (duplicate or out of order)");
                } else {
                    last = id;
                }
                received.add(id);
            }
        }
        return last;
    }

    /** After the server went away: waits for the stream to end and takes in its last events. */
    void disconnected() throws InterruptedException {
        if (stream != null) {
            stream.awaitEnd(java.time.Duration.ofSeconds(60));
            collect();
            stream.close();
            stream = null;
        }
    }

    synchronized List<Long> received() {
        return received;
    }

    /** Forgets the ids up to {@code id} once they are checked, so a long run stays bounded. */
    synchronized void forgetThrough(long id) {
        received.removeIf(r -> r <= id);
    }

    synchronized List<String> faults() {
        return faults;
    }

    int resets() {
        return resets;
    }

    long last() {
        return last;
    }
}
