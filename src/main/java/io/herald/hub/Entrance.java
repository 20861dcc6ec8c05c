package io.herald.hub;

import io.herald.protocol.Frames;
import java.util.List;
import java.util.OptionalLong;

/**
 * How a stream enters the hub: its outlet gets {@code retry:} first, then the subscriber is
 * registered with the id it resumes after, its catch-up (if any) starts, and its presence
 * channels hear it join.
 */
final class Entrance {

    private final byte[] retryFrame;
    private final Subscriptions subscriptions;
    private final CatchUps catchUps;
    private final Announcer announcer;

    Entrance(long retryMillis, Subscriptions subscriptions, CatchUps catchUps, Announcer announcer) {
        this.retryFrame = Frames.retry(retryMillis);
        this.subscriptions = subscriptions;
        this.catchUps = catchUps;
        this.announcer = announcer;
    }

    /** See {@link Hub#subscribe}. */
    void resume(Subscriber subscriber, Subscriber.Outlet outlet, OptionalLong lastEventId) {
        subscriber.attach(outlet, retryFrame);
        register(subscriber, catchUps.resumable(subscriber, lastEventId), true);
    }

    /** See {@link Hub#subscribeWithNewest}. */
    void newest(Subscriber subscriber, Subscriber.Outlet outlet, int last) {
        subscriber.attach(outlet, retryFrame);
        register(subscriber, OptionalLong.of(catchUps.beforeNewest(subscriber, last)), false);
    }

    private void register(Subscriber subscriber, OptionalLong resume, boolean noticeRetention) {
        List<String> joined = subscriptions.add(subscriber, resume);
        if (subscriber.isReplaying()) {
            catchUps.start(subscriber, resume.getAsLong(), noticeRetention);
        }
        subscriber.signal();
        announcer.presence(joined, subscriber.info().user(), true);
    }
}
