package io.herald.hub;

import io.herald.protocol.ChannelPatterns;
import io.herald.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-polls of the history API waiting for their next message: each is told, once, when a
 * message of its channels (patterns allowed; none: every channel) that its gate lets through has
 * been fanned out, or when its time is up ({@link #expire}, each second), or when Herald stops. At
 * most a given number wait at once.
 */
final class Waiters {

    private record Waiter(Set<String> channels, ChannelGate gate, Instant until, CompletableFuture<Void> arrived) {

        boolean wants(String channel) {
            if (channels.isEmpty()) {
                return gate.mayRead(channel);
            }
            for (String s : channels) {
                if (ChannelPatterns.covers(s, channel)) {
                    return channels.contains(channel) || gate.mayRead(channel);
                }
            }
            return false;
        }
    }

    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

    /**
     * A future completed when the next such message is fanned out (cancel it to stop waiting),
     * or empty when {@code max} long-polls wait already.
     */
    Optional<CompletableFuture<Void>> add(Set<String> channels, ChannelGate gate, Duration wait, int max) {
        if (waiting.size() >= max) {
            return Optional.empty();
        }
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        Waiter w = new Waiter(Set.copyOf(channels), gate, Instant.now().plus(wait), arrived);
        waiting.add(w);
        arrived.whenComplete((done, cancelled) -> waiting.remove(w));
        return Optional.of(arrived);
    }

    /** A batch was fanned out: wakes whoever waits for one of its messages. */
    void fannedOut(List<StoredMessage> batch) {
        if (waiting.isEmpty()) {
            return;
        }
        for (Waiter w : waiting) {
            for (StoredMessage m : batch) {
                if (w.wants(m.channel())) {
                    w.arrived().complete(null);
                    break;
                }
            }
        }
    }

    /** Completes the waits whose time is up at {@code now}. */
    void expire(Instant now) {
        for (Waiter w : waiting) {
            if (!w.until().isAfter(now)) {
                w.arrived().complete(null);
            }
        }
    }

    /** Herald stops: every wait ends now. */
    void releaseAll() {
        waiting.forEach(w -> w.arrived().complete(null));
    }

    int size() {
        return waiting.size();
    }
}
