package io.herald.hub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake transport: on every signal (unless stalled) it takes everything queued for its subscriber
 * and keeps the bytes, as a client reading the stream would see them.
 *
 * <p>Take and append happen under one lock, so chunks taken by different signalling threads land
 * in the order they were taken.
 */
final class RecordingOutlet implements Subscriber.Outlet {

    private final Subscriber subscriber;
    private final boolean drainOnSignal;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RecordingOutlet(Subscriber subscriber, boolean drainOnSignal) {
        this.subscriber = subscriber;
        this.drainOnSignal = drainOnSignal;
    }

    /** Drains on every signal, like a client that reads as fast as the hub writes. */
    static RecordingOutlet draining(Subscriber subscriber) {
        return new RecordingOutlet(subscriber, true);
    }

    /** Never drains on its own, like a client that stopped reading; {@link #drain()} reads later. */
    static RecordingOutlet stalled(Subscriber subscriber) {
        return new RecordingOutlet(subscriber, false);
    }

    @Override
    public void signal() {
        if (drainOnSignal) {
            drain();
        }
    }

    /** Takes everything queued now and returns how many bytes that was. */
    synchronized int drain() {
        int total = 0;
        byte[] chunk;
        while ((chunk = subscriber.take(65536)) != null) {
            received.writeBytes(chunk);
            total += chunk.length;
        }
        return total;
    }

    /** Takes at most one frame (or nothing) and returns how many bytes it was. */
    synchronized int drainOneFrame() {
        byte[] chunk = subscriber.take(1);
        if (chunk == null) {
            return 0;
        }
        received.writeBytes(chunk);
        return chunk.length;
    }

    synchronized String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    /** The {@code id:} of every frame received, in the order received. */
    List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        for (String line : text().split("\n", -1)) {
            if (line.startsWith("id: ")) {
                ids.add(Long.parseLong(line.substring(4)));
            }
        }
        return ids;
    }

    /**
     * The frames received: each event with its blank line, each {@code retry:} or comment line
     * (which end without one) on its own.
     */
    List<String> frames() {
        List<String> frames = new ArrayList<>();
        String text = text();
        int start = 0;
        int end;
        while (true) {
            boolean line = text.startsWith("retry:", start) || text.startsWith(":", start);
            end = line ? text.indexOf('\n', start) : text.indexOf("\n\n", start);
            if (end < 0) {
                break;
            }
            int next = end + (line ? 1 : 2);
            frames.add(text.substring(start, next));
            start = next;
        }
        if (start < text.length()) {
            frames.add(text.substring(start));
        }
        return frames;
    }
}
