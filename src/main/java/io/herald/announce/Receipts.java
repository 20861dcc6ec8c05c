package io.herald.announce;

import io.herald.hub.HubObserver;
import io.herald.hub.Subscriber;
import io.herald.hub.Viewer;
import io.herald.store.KnownUser;
import io.herald.store.MessageHistory;
import io.herald.store.Receipt;
import io.herald.store.ReceiptStore;
import io.herald.store.StoredMessage;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Receipts of the announcements that ask for acknowledgement ({@code "ack":true}), and the
 * directory of users who connected. Herald tracks such announcements while they are in force
 * (from fan-out, and from every read of the announcements in force), and records:
 * <ul>
 * <li><b>delivered</b> when a stream's write that held one completed ({@link #written}, on a
 *     writer thread: a look-up in the tracked ids, nothing more, when none is tracked), or when
 *     the announcements API answered it to the user ({@link #answered});
 * <li><b>displayed</b> and <b>acknowledged</b> when the user's widget says so ({@link #mark}).
 * </ul>
 * Delivered receipts and directory entries are queued (bounded: beyond {@value #QUEUE_MAX} waiting,
 * new ones are dropped and counted) and written in batches by a thread of their own, so the
 * message path never waits for the database.
 */
public final class Receipts implements HubObserver {

    private static final System.Logger LOG = System.getLogger(Receipts.class.getName());
    static final int QUEUE_MAX = 10_000;
    private static final int BATCH = 500;
    private static final int TRACKED_MAX = 10_000;

    private final ReceiptStore store;
    private final Clock clock;
    private final long flushMillis;
    private final ConcurrentNavigableMap<Long, Announcement> tracked = new ConcurrentSkipListMap<>();
    private final BlockingQueue<ReceiptStore.Mark> delivered = new ArrayBlockingQueue<>(QUEUE_MAX);
    private final Sightings sightings = new Sightings();
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean running = true;

    /** Writes what it queued every {@code flushMillis}; {@link #start} it. */
    public Receipts(ReceiptStore store, Clock clock, long flushMillis) {
        this.store = store;
        this.clock = clock;
        this.flushMillis = flushMillis;
        this.writer = new Thread(this::run, "herald-receipts");
        writer.setDaemon(true);
    }

    public void start() {
        writer.start();
    }

    /** Writes what is queued, then stops the thread. */
    public void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** Tracks the announcements among {@code found} that ask for acknowledgement. */
    public void track(Collection<Announcement> found) {
        for (Announcement a : found) {
            if (a.ack() && a.inForceAt(clock.instant()) && (tracked.size() < TRACKED_MAX || tracked.containsKey(a.id()))) {
                tracked.put(a.id(), a);
            }
        }
    }

    /** Fan-out: tracks new announcements that ask for acknowledgement, forgets withdrawn ones. */
    @Override
    public void fannedOut(List<StoredMessage> messages) {
        for (StoredMessage m : messages) {
            if (Announcement.EVENT.equals(m.event())) {
                Announcement.of(m).ifPresent(a -> track(List.of(a)));
            } else if (Announcement.WITHDRAWN_EVENT.equals(m.event())) {
                tracked.remove(Announcement.withdrawn(m.data()));
            }
        }
    }

    /** The tracked announcement {@code id} (one that asks for acknowledgement and is in force). */
    public Optional<Announcement> tracked(long id) {
        return Optional.ofNullable(tracked.get(id)).filter(a -> a.inForceAt(clock.instant()));
    }

    /** Announcement {@code id} if it asks for acknowledgement: tracked, or else read from {@code history} (in force or not). */
    public Optional<Announcement> acknowledgeable(long id, MessageHistory history) {
        return tracked(id).or(() -> history.find(id).flatMap(Announcement::of)).filter(Announcement::ack);
    }

    /**
     * A write to {@code subscriber}'s stream completed, and it held every message it was sent
     * after {@code after} up to {@code through}: each tracked announcement among them that the
     * stream receives is delivered to its user (anonymous streams and API keys have no receipts).
     */
    public void written(Subscriber subscriber, long after, long through) {
        if (tracked.isEmpty()) {
            return;
        }
        ConcurrentNavigableMap<Long, Announcement> sent = tracked.subMap(after, false, through, true);
        if (sent.isEmpty()) {
            return;
        }
        Viewer viewer = subscriber.info().viewer();
        if (!hasReceipts(viewer)) {
            return;
        }
        Instant now = clock.instant();
        for (Announcement a : sent.values()) {
            if (subscriber.receives(a.channel())
                    && !delivered.offer(new ReceiptStore.Mark(a.id(), a.channel(), viewer.user(), Receipt.State.DELIVERED, now))) {
                dropped.increment();
            }
        }
    }

    /**
     * The announcements API answered {@code shown} to {@code viewer} (a page's first load): those
     * that ask for acknowledgement are delivered, as they would be on a stream.
     */
    public void answered(Viewer viewer, Collection<Announcement> shown) {
        if (!hasReceipts(viewer)) {
            return;
        }
        Instant now = clock.instant();
        for (Announcement a : shown) {
            if (a.ack() && !delivered.offer(new ReceiptStore.Mark(a.id(), a.channel(), viewer.user(), Receipt.State.DELIVERED, now))) {
                dropped.increment();
            }
        }
    }

    /** A stream was opened by {@code viewer}: the directory learns of it (at most once a minute per user). */
    public void opened(Viewer viewer) {
        if (!hasReceipts(viewer)) {
            return;
        }
        if (!sightings.seen(viewer, clock.instant())) {
            dropped.increment();
        }
    }

    /** Whether {@code viewer} is someone receipts are kept for: a signed-in user, not an application's key. */
    public static boolean hasReceipts(Viewer viewer) {
        return viewer.isAuthenticated() && viewer.apiKeyId() == 0;
    }

    /**
     * Records that {@code user} reached {@code state} of the tracked announcement {@code a} now;
     * returns the receipt as it stands (the first time of each step counts).
     */
    public Receipt mark(Announcement a, String user, Receipt.State state) {
        Instant now = clock.instant();
        List<ReceiptStore.Mark> marks = new ArrayList<>(2);
        if (state == Receipt.State.ACKNOWLEDGED) {
            marks.add(new ReceiptStore.Mark(a.id(), a.channel(), user, Receipt.State.DISPLAYED, now));
        }
        marks.add(new ReceiptStore.Mark(a.id(), a.channel(), user, state, now));
        store.markAll(marks);
        return store.receipt(a.id(), user).orElseThrow(() -> new IllegalStateException("the receipt just written is not there"));
    }

    /** Which of {@code found} (those that ask for acknowledgement) {@code viewer} acknowledged; none for anonymous users. */
    public Set<Long> acknowledgedBy(Viewer viewer, Collection<Announcement> found) {
        List<Long> ids = found.stream().filter(Announcement::ack).map(Announcement::id).toList();
        return ids.isEmpty() || !hasReceipts(viewer) ? Set.of() : store.acknowledgedBy(viewer.user(), ids);
    }

    /** The receipts of announcement {@code id}, by user name. */
    public List<Receipt> receipts(long id) {
        return store.receipts(id);
    }

    /** Every user who ever opened a stream, by name. */
    public List<KnownUser> users() {
        return store.users();
    }

    /** Receipts and directory entries dropped because the queue was full (the database too slow or away). */
    public long dropped() {
        return dropped.sum();
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(flushMillis);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
            flush();
            tracked.values().removeIf(a -> !a.inForceAt(clock.instant()));
        }
    }

    /** Writes what is queued now; on a failure the batch is dropped, counted and logged (the next ones are tried). */
    void flush() {
        List<ReceiptStore.Mark> marks = new ArrayList<>();
        List<KnownUser> users = new ArrayList<>();
        do {
            marks.clear();
            users.clear();
            delivered.drainTo(marks, BATCH);
            sightings.drainTo(users, BATCH);
            try {
                store.markAll(marks);
                store.seen(users);
            } catch (RuntimeException e) {
                dropped.add(marks.size() + users.size());
                LOG.log(Level.WARNING, "writing " + marks.size() + " delivered receipts and " + users.size()
                        + " directory entries failed, they are lost: " + e.getMessage());
            }
        } while (marks.size() == BATCH || users.size() == BATCH);
    }
}
