package io.herald.hub;

import io.herald.protocol.Frames;
import io.herald.store.EventLog;
import io.herald.store.StoredMessage;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Replays stored messages after a client's {@code Last-Event-ID}, then lets it go live with no gap
 * and no duplicate.
 *
 * <p>The subscriber is registered first (live fan-out ignores it while it replays). Each pass
 * reads the store after the cursor up to the last id already fanned out, in pages no larger than
 * the free room in the subscriber's queue (so a catch-up never holds more than one queue's worth).
 * When the cursor has reached the last fanned-out id, the subscriber goes live under the fan-out
 * lock: every later message reaches it live, every earlier one was replayed.
 */
final class CatchUp implements Runnable {

    private final Hub hub;
    private final EventLog log;
    private final Subscriber subscriber;
    private final Executor executor;
    private final int pageSize;
    private long cursor;
    private boolean resetSent;

    CatchUp(Hub hub, EventLog log, Subscriber subscriber, long after, Executor executor, int pageSize) {
        this.hub = hub;
        this.log = log;
        this.subscriber = subscriber;
        this.cursor = after;
        this.executor = executor;
        this.pageSize = pageSize;
    }

    void start() {
        executor.execute(this);
    }

    /** Called by a drain once the queue has room again; never throws into the drain. */
    private void resume() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException stopping) {
            // Herald is shutting down; the subscriber is being closed with reason shutdown.
        }
    }

    @Override
    public void run() {
        try {
            replay();
        } catch (RuntimeException e) {
            System.getLogger(CatchUp.class.getName()).log(System.Logger.Level.ERROR,
                    "catch-up of connection " + subscriber.id() + " after id " + cursor + " failed", e);
            hub.close(subscriber, CloseReason.SERVER_ERROR);
        }
    }

    private void replay() {
        while (subscriber.isReplaying()) {
            long target = hub.goLiveIfCaughtUp(subscriber, cursor);
            if (target <= cursor) {
                return;
            }
            int room = subscriber.replayRoom();
            if (room == 0) {
                if (subscriber.parkReplay(this::resume)) {
                    return;
                }
                continue;
            }
            int limit = Math.min(pageSize, room);
            List<StoredMessage> page = log.readAfter(subscriber.channels(), cursor, target, limit);
            if (!resetSent && hub.floorOf(subscriber.channels()) > cursor) {
                // Retention deleted messages after the cursor (floors rise before deletes): say so.
                resetSent = true;
                long oldest = page.isEmpty() ? 0 : page.get(0).id();
                subscriber.offerNotice(Floors.resetFrame("retention", cursor, "oldest", oldest));
            }
            boolean queuedAll = true;
            for (StoredMessage m : page) {
                Subscriber.Offer offer = subscriber.offerReplay(m.id(), Frames.message(m.id(), m.event(), m.data()));
                if (offer == Subscriber.Offer.IGNORED) {
                    return;
                }
                if (offer == Subscriber.Offer.OVERFLOW) {
                    // A heartbeat took the last slot: resume from here once the queue drains.
                    queuedAll = false;
                    break;
                }
                cursor = m.id();
                hub.traffic().catchUpFrame();
            }
            if (queuedAll && page.size() < limit) {
                cursor = target;
            }
            subscriber.signal();
        }
    }
}
