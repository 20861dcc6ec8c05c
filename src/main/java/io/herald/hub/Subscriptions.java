package io.herald.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Who is subscribed on this node: registers a stream (counting its user present on the channels
 * that have presence) and ends it once, for a counted reason, telling the channels' other streams
 * who joined or left. Registration and going live happen under the registry's monitor, so no live
 * message falls between a stream's replay and its first live frame.
 */
final class Subscriptions {

    private final Registry registry;
    private final Presence presence;
    private final Admissions admissions;
    private final Traffic traffic;
    private final Announcer announcer;
    private final ShutdownNotice shutdownNotice;

    Subscriptions(Registry registry, Presence presence, Admissions admissions, Traffic traffic, Announcer announcer,
            ShutdownNotice shutdownNotice) {
        this.registry = registry;
        this.presence = presence;
        this.admissions = admissions;
        this.traffic = traffic;
        this.announcer = announcer;
        this.shutdownNotice = shutdownNotice;
    }

    /**
     * Registers the subscriber, live at once unless it must first replay what was stored after
     * {@code lastEventId} (it then stays replaying; an id given out, see {@link CatchUps#resumable});
     * returns the channels where its user just joined.
     */
    List<String> add(Subscriber subscriber, OptionalLong lastEventId) {
        traffic.connected(subscriber, lastEventId);
        synchronized (registry) {
            registry.add(subscriber);
            List<String> joined = presence.join(subscriber);
            if (lastEventId.isEmpty() || lastEventId.getAsLong() >= registry.lastFanned()) {
                subscriber.goLive();
            }
            return joined;
        }
    }

    /**
     * Ends a subscription once, for a counted reason; the outlet is signalled to finish the stream.
     * A shutdown tells each stream its own reconnect delay ({@link ShutdownNotice}).
     */
    void close(Subscriber subscriber, CloseReason reason) {
        byte[] frame = reason == CloseReason.SHUTDOWN ? shutdownNotice.next() : reason.closeFrame();
        if (subscriber.markClosed(reason, frame)) {
            closed(subscriber, reason);
        }
    }

    /** Closes every open subscription that {@code which} selects; returns how many. */
    int closeWhere(Predicate<Subscriber> which, CloseReason reason) {
        int closed = 0;
        for (Subscriber s : registry.all()) {
            if (which.test(s) && s.markClosed(reason)) {
                closed(s, reason);
                closed++;
            }
        }
        return closed;
    }

    /**
     * Runs {@code update} and closes the subscriptions {@code shutOut} then selects, both while no
     * message is being fanned out; returns how many it closed.
     */
    int revise(Runnable update, Predicate<Subscriber> shutOut, CloseReason reason) {
        List<Subscriber> closedNow = new ArrayList<>();
        synchronized (registry) {
            update.run();
            for (Subscriber s : registry.all()) {
                if (shutOut.test(s) && s.markClosed(reason)) {
                    closedNow.add(s);
                }
            }
        }
        for (Subscriber s : closedNow) {
            closed(s, reason);
        }
        return closedNow.size();
    }

    /** What follows a subscriber's transition to closed, whoever made it. */
    private void closed(Subscriber subscriber, CloseReason reason) {
        forget(subscriber, reason);
        subscriber.signal();
    }

    /** Counts a closed subscriber's reason, gives back its place and deregisters it, announcing who left. */
    void forget(Subscriber subscriber, CloseReason reason) {
        // Counted (and its place given back) before it leaves the registry: whoever sees it gone sees both.
        traffic.closed(subscriber, reason);
        admissions.release(subscriber);
        List<String> left;
        synchronized (registry) {
            registry.remove(subscriber);
            left = presence.leave(subscriber);
        }
        announcer.presence(left, subscriber.info().user(), false);
    }
}
