package io.herald.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends frames that are not stored messages to the live streams of one channel on this node:
 * presence joins and leaves, and whatever Herald sends on its reserved channels (the admin
 * dashboard's). Not stored, so a full queue just drops such a frame.
 */
final class Announcer {

    private final Registry registry;
    private final Writers writers;

    Announcer(Registry registry, Writers writers) {
        this.registry = registry;
        this.writers = writers;
    }

    void send(String channel, byte[] frame) {
        List<Subscriber> woken = new ArrayList<>();
        synchronized (registry) {
            for (Subscriber s : registry.subscribersOf(channel)) {
                if (s.offerTransient(frame) == Subscriber.Offer.WAKE) {
                    woken.add(s);
                }
            }
        }
        writers.wake(woken);
    }

    /** {@code event: join} (or {@code leave}) {@code {"user":"..."}} on each of {@code channels}. */
    void presence(List<String> channels, String user, boolean present) {
        for (String channel : channels) {
            send(channel, Presence.frame(present ? "join" : "leave", user));
        }
    }
}
