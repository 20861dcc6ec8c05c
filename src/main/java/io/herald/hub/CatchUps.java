package io.herald.hub;

import io.herald.store.MessageLog;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * The catch-ups of one hub: the threads they run on and what they share. A stream that resumes
 * after a {@code Last-Event-ID} gets a {@link CatchUp} that replays what it missed, then goes live.
 */
final class CatchUps {

    private static final System.Logger LOG = System.getLogger(CatchUps.class.getName());
    /** How many pages of positions a first state reads at most, looking for messages its stream may read. */
    private static final int NEWEST_PAGES = 10;

    private final ExecutorService threads;
    private final CatchUp.Parts parts;
    private final MessageLog log;
    private final Registry registry;

    CatchUps(ExecutorService threads, MessageLog log, int pageSize, CatchUpBudget budget, Floors floors, Registry registry,
            Subscriptions subscriptions, Traffic traffic, Audiences audiences) {
        this.threads = threads;
        this.parts = new CatchUp.Parts(log, pageSize, threads, budget, floors, registry, subscriptions, traffic, audiences);
        this.log = log;
        this.registry = registry;
    }

    /**
     * The id {@code subscriber} resumes after: {@code lastEventId}, or none when this store never
     * gave that id out (the database was replaced, or the id is made up). Then the stream gets
     * {@code event: reset} with reason {@code unknown-id} and {@code latest}, the newest id of its
     * own channels (never of others: no subscriber learns how busy a channel it may not read is),
     * and starts live.
     */
    OptionalLong resumable(Subscriber subscriber, OptionalLong lastEventId) {
        long fanned = registry.lastFanned();
        if (lastEventId.isEmpty() || lastEventId.getAsLong() <= fanned) {
            return lastEventId;
        }
        long latest;
        try {
            latest = Math.min(fanned, log.newestId(subscriber.channels()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reading the newest id of " + subscriber.channels() + " for a reset failed: " + e);
            latest = 0;
        }
        subscriber.offerNotice(Floors.resetFrame("unknown-id", lastEventId.getAsLong(), "latest", latest));
        return OptionalLong.empty();
    }

    /**
     * The id after which the newest {@code last} messages {@code subscriber} may read lie, among
     * those fanned out already; the last fanned-out id when there are none (it starts live).
     */
    long beforeNewest(Subscriber subscriber, int last) {
        try {
            Scan scan = scanNewest(subscriber.channels(), subscriber::reads, last);
            return scan.found() > 0 ? scan.nth() - 1 : registry.lastFanned();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reading the newest messages of " + subscriber.channels() + " failed; the stream starts live: " + e);
            return registry.lastFanned();
        }
    }

    /** See {@link Hub#newestReadable}. */
    long newestReadable(Set<String> channels, ChannelGate gate) {
        Scan scan = scanNewest(channels, channel -> channels.contains(channel) || gate.mayRead(channel), 1);
        return scan.found() > 0 ? scan.nth() : scan.below();
    }

    /**
     * {@code found} readable messages (at most the {@code wanted}), the {@code nth}: the id of the
     * oldest of them, and {@code below}: every id above it up to the last fanned out was looked at
     * (0: all were).
     */
    private record Scan(int found, long nth, long below) {
    }

    /**
     * Reads ids and channels only, newest first, in pages, at most {@value #NEWEST_PAGES} of them,
     * until {@code wanted} messages of {@code channels} that {@code readable} lets through are found.
     */
    private Scan scanNewest(Set<String> channels, Predicate<String> readable, int wanted) {
        long upTo = registry.lastFanned();
        int pageSize = Math.max(wanted, 100);
        int found = 0;
        long nth = 0;
        for (int pages = 0; pages < NEWEST_PAGES; pages++) {
            List<MessageLog.Position> page = log.newestPositions(channels, upTo, pageSize);
            for (MessageLog.Position p : page) {
                if (readable.test(p.channel())) {
                    nth = p.id();
                    if (++found == wanted) {
                        return new Scan(found, nth, p.id() - 1);
                    }
                }
            }
            if (page.size() < pageSize) {
                return new Scan(found, nth, 0);
            }
            upTo = page.get(page.size() - 1).id() - 1;
        }
        return new Scan(found, nth, upTo);
    }

    /**
     * Replays to {@code subscriber} what was stored after {@code after}, then makes it live;
     * {@code noticeRetention}: say {@code event: reset} when retention pruned part of it.
     */
    void start(Subscriber subscriber, long after, boolean noticeRetention) {
        new CatchUp(parts, subscriber, after, noticeRetention).start();
    }

    /** Lets running catch-ups finish within {@code graceMillis}, then stops the threads. */
    void stop(long graceMillis) {
        NamedThreads.stop(threads, "catchup", graceMillis);
    }
}
