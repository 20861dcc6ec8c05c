package io.herald.hub;

import io.herald.protocol.Frames;
import io.herald.store.MessageLog;
import io.herald.store.StoredMessage;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Replays stored messages after a client's {@code Last-Event-ID}, then lets it go live with no gap
 * and no duplicate, holding a bounded number of bytes whatever the client does.
 *
 * <p>The subscriber is registered first (live fan-out ignores it while it replays). Each pass
 * reads the store after the cursor up to the last id already fanned out. A pass runs only while
 * the subscriber's queue is at most half full, asks the {@link CatchUpBudget} for bytes first, and
 * reads a page no larger than the bytes granted and the free room in the queue. When the queue is
 * full, or the budget has nothing to give, the catch-up parks without holding a thread and is
 * resumed by the drain or by the budget (bytes given back). It waits for the budget only while it
 * holds no frames; holding some, it waits for its queue to empty instead, parked where the budget
 * can take them back, so stuck clients can never hold the budget against everyone else. When the
 * cursor has reached the last fanned-out id, the subscriber goes live under the registry's monitor,
 * which fan-out holds too: every later message reaches it live, every earlier one was replayed.
 */
final class CatchUp implements Runnable {

    /**
     * What every catch-up of a hub shares: the store it reads (in pages of at most
     * {@code pageSize} rows), the threads it runs on, the byte budget, the channel floors, the
     * registry it goes live in, the subscriptions that close it on failure, the traffic counts, and
     * who each message is for.
     */
    record Parts(MessageLog log, int pageSize, Executor executor, CatchUpBudget budget, Floors floors, Registry registry,
            Subscriptions subscriptions, Traffic traffic, Audiences audiences) {
    }

    private final Parts parts;
    private final MessageLog log;
    private final CatchUpBudget budget;
    private final Subscriber subscriber;
    private long cursor;
    private boolean resetSent;

    /** {@code noticeRetention}: send {@code event: reset} when retention pruned messages after {@code after}. */
    CatchUp(Parts parts, Subscriber subscriber, long after, boolean noticeRetention) {
        this.parts = parts;
        this.log = parts.log();
        this.budget = parts.budget();
        this.subscriber = subscriber;
        this.cursor = after;
        this.resetSent = !noticeRetention;
    }

    void start() {
        parts.executor().execute(this);
    }

    /** Called by a drain or by the budget; never throws into them. */
    private void resume() {
        try {
            parts.executor().execute(this);
        } catch (RejectedExecutionException stopping) {
            // Herald is shutting down; the subscriber is being closed with reason shutdown.
        }
    }

    @Override
    public void run() {
        try {
            replay();
        } catch (RuntimeException | Error e) {
            // Closed, not left replaying for ever: the client resumes from the store when it reconnects.
            System.getLogger(CatchUp.class.getName()).log(System.Logger.Level.ERROR,
                    "catch-up of connection " + subscriber.id() + " after id " + cursor + " failed", e);
            parts.subscriptions().close(subscriber, CloseReason.SERVER_ERROR);
        }
    }

    private void replay() {
        while (true) {
            long rewound = subscriber.replay().takeRewind();
            if (rewound >= 0 && rewound < cursor) {
                cursor = rewound;
            }
            if (!subscriber.isReplaying()) {
                return;
            }
            long target = parts.registry().goLiveIfCaughtUp(subscriber, cursor);
            if (target <= cursor) {
                return;
            }
            long room = subscriber.replay().roomBytes();
            if (room == 0) {
                if (subscriber.replay().park(this::resume, subscriber.maxBytes() / 2)) {
                    return;
                }
                continue;
            }
            long granted;
            if (subscriber.replay().queuedBytes() > 0) {
                // Holding frames, it waits for its own queue to empty rather than for the budget,
                // so that those frames can be taken back if its client is stuck.
                granted = budget.acquire(subscriber, room, null);
                if (granted == 0) {
                    if (subscriber.replay().park(this::resume, 0)) {
                        return;
                    }
                    continue;
                }
            } else {
                granted = budget.acquire(subscriber, room, this::resume);
                if (granted == 0) {
                    return;
                }
            }
            Page page = new Page(granted);
            boolean goOn;
            try {
                goOn = replayPage(target, page);
            } finally {
                budget.release(page.held - page.queued);
            }
            subscriber.signal();
            if (!goOn) {
                return;
            }
        }
    }

    /** Bytes granted (plus any charged beyond) and bytes queued for one page. */
    private static final class Page {
        long held;
        long queued;

        Page(long held) {
            this.held = held;
        }
    }

    /** Reads and queues one page; false when the catch-up must stop (parked, or the subscriber left replay). */
    private boolean replayPage(long target, Page page) {
        int limit = Math.min(parts.pageSize(), subscriber.replay().roomFrames());
        MessageLog.Page read = log.readPage(subscriber.channels(), cursor, target, limit, page.held);
        List<StoredMessage> rows = read.messages();
        if (!resetSent && parts.floors().of(subscriber.channels()) > cursor) {
            // Retention deleted messages after the cursor (floors rise before deletes): say so.
            resetSent = true;
            long oldest = rows.isEmpty() ? 0 : rows.get(0).id();
            subscriber.offerNotice(Floors.resetFrame("retention", cursor, "oldest", oldest));
        }
        for (StoredMessage m : rows) {
            Audiences.Verdict verdict = subscriber.reads(m.channel()) ? parts.audiences().verdict(m, subscriber.info().viewer())
                    : Audiences.Verdict.OUT;
            if (verdict == Audiences.Verdict.UNKNOWN) {
                parts.subscriptions().close(subscriber, CloseReason.REAUTH); // judged afresh when it reconnects
                return false;
            }
            if (verdict == Audiences.Verdict.OUT) {
                cursor = m.id(); // a channel of a pattern its viewer may not read, or not its audience: skipped, as live
                continue;
            }
            byte[] frame = Frames.message(m.id(), m.event(), m.data());
            if (page.queued + frame.length > page.held) {
                if (page.queued > 0) {
                    return true; // the rest of this page is read again in the next pass
                }
                // A frame larger than the grant still goes, alone: charged beyond the grant.
                budget.charge(page.queued + frame.length - page.held);
                page.held = page.queued + frame.length;
            }
            Subscriber.Offer offer = subscriber.replay().offer(m.id(), frame);
            if (offer == Subscriber.Offer.IGNORED) {
                return false;
            }
            if (offer == Subscriber.Offer.OVERFLOW) {
                // No room for this frame (a heartbeat or notice took it): wait until there is.
                long until = Math.min(subscriber.maxBytes() / 2, Math.max(0, subscriber.maxBytes() - frame.length));
                return !subscriber.replay().park(this::resume, until);
            }
            page.queued += frame.length;
            cursor = m.id();
            parts.traffic().catchUpFrame();
        }
        if (!read.more()) {
            // Nothing more of these channels up to the target: go live next pass (or read to the new target).
            cursor = target;
        }
        return true;
    }
}
