package io.herald.hub;

import io.herald.protocol.Frames;
import io.herald.store.MessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Publish = append (group commit), then fan out in id order to every subscriber of the channel.
 * Subscribers catch up from the store before they go live. Knows no servlet and no JDBC type.
 */
public final class Hub {

    private static final byte[] HEARTBEAT = Frames.comment("");

    private final MessageLog log;
    private final HubSettings settings;
    private final Registry registry = new Registry();
    private final Sequencer sequencer;
    private final Writers writers;
    private final ExecutorService catchUps;
    private final CatchUpBudget catchUpBudget;
    private final ScheduledExecutorService heartbeat;
    private final byte[] retryFrame;
    private final Traffic traffic = new Traffic();
    private final Presence presence = new Presence();
    private final Floors floors = new Floors();
    private volatile boolean clustered;
    private final StoreFanOut storeFanOut;
    private final Admissions admissions = new Admissions();
    private final ShutdownNotice shutdownNotice;
    private long lastFanned;

    public Hub(MessageLog log, HubSettings settings) {
        this.log = log;
        this.settings = settings;
        this.sequencer = new Sequencer(log, settings.batchMax(), this::appended);
        this.storeFanOut = new StoreFanOut(log, settings.replayPageSize(), this::lastFannedOutId, this::fanOut);
        this.writers = new Writers(settings.writerThreads());
        this.catchUps = Executors.newFixedThreadPool(2, new NamedThreads("catchup"));
        this.catchUpBudget = new CatchUpBudget(settings.catchUpMaxBytes());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(new NamedThreads("heartbeat"));
        this.retryFrame = Frames.retry(settings.retryMillis());
        this.shutdownNotice = new ShutdownNotice(settings.retryMillis(), settings.reconnectSpreadMillis());
    }

    public void start() {
        synchronized (registry) {
            lastFanned = log.lastId();
        }
        floors.load(log.floors());
        sequencer.start();
        long period = settings.heartbeatMillis();
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Completes with the stored message once its row is committed (before it is fanned out). */
    public CompletableFuture<StoredMessage> publish(NewMessage message) {
        return sequencer.submit(message);
    }

    /** A subscriber not yet registered; hand it to {@link #subscribe} once its outlet exists. */
    public Subscriber open(Set<String> channels, ConnectionInfo info) {
        return new Subscriber(channels, info, settings.queueCapacity(), settings.queueMaxBytes(), catchUpBudget,
                this::written);
    }

    /**
     * Registers the subscriber: first {@code retry:}, then the stored messages after
     * {@code lastEventId} (if given), then live messages. With no id it starts live.
     */
    public void subscribe(Subscriber subscriber, Subscriber.Outlet outlet, OptionalLong lastEventId) {
        subscriber.attach(outlet, retryFrame);
        traffic.connected(subscriber, lastEventId);
        if (lastEventId.isPresent() && lastEventId.getAsLong() > lastFannedOutId()) {
            // An id this database never gave out (it was replaced, or the id is made up): say so, then go live.
            subscriber.offerNotice(Floors.resetFrame("unknown-id", lastEventId.getAsLong(), "latest", lastFannedOutId()));
            lastEventId = OptionalLong.empty();
        }
        boolean replay;
        List<String> joined;
        synchronized (registry) {
            registry.add(subscriber);
            joined = presence.join(subscriber);
            replay = lastEventId.isPresent() && lastEventId.getAsLong() < lastFanned;
            if (!replay) {
                subscriber.goLive();
            }
        }
        if (replay) {
            new CatchUp(this, log, subscriber, lastEventId.getAsLong(), catchUps, catchUpBudget,
                    settings.replayPageSize()).start();
        }
        subscriber.signal();
        for (String channel : joined) {
            announcePresence(channel, subscriber.info().user(), true);
        }
    }

    /** What {@link #admit} decided. */
    public enum Admission { ADMITTED, TOO_MANY_IN_TOTAL, TOO_MANY_FOR_CLIENT }

    /**
     * Counts a stream about to be subscribed against the connection limits, or refuses it. An
     * admitted subscriber is counted until it closes.
     */
    public Admission admit(Subscriber subscriber, int maxTotal, int maxPerClient) {
        return admissions.admit(subscriber, maxTotal, maxPerClient);
    }

    /** The greatest id pruned from any of {@code channels} (0: none pruned). */
    long floorOf(Set<String> channels) {
        return floors.of(channels);
    }

    /** Raises channel floors before retention deletes below them (so a catch-up notices the gap). */
    void raiseFloors(Map<String, Long> raised) {
        floors.raise(raised);
    }

    /** Who is on which presence channel; which channels have presence; sharing it with a cluster. */
    public Presence presence() {
        return presence;
    }

    /** Sends {@code event: join} (or {@code leave}) {@code {"user":"..."}} to the channel's streams on this node. */
    public void announcePresence(String channel, String user, boolean present) {
        sendTransient(channel, Presence.frame(present ? "join" : "leave", user));
    }

    /**
     * Ends a subscription once, for a counted reason; the outlet is signalled to finish the stream.
     * A shutdown tells each stream its own reconnect delay ({@link ShutdownNotice}).
     */
    public void close(Subscriber subscriber, CloseReason reason) {
        byte[] frame = reason == CloseReason.SHUTDOWN ? shutdownNotice.next() : reason.closeFrame();
        if (subscriber.markClosed(reason, frame)) {
            closed(subscriber, reason);
        }
    }

    /** What follows a subscriber's transition to closed, whoever made it. */
    private void closed(Subscriber subscriber, CloseReason reason) {
        forget(subscriber, reason);
        subscriber.signal();
    }

    private void forget(Subscriber subscriber, CloseReason reason) {
        // Counted (and its place given back) before it leaves the registry: whoever sees it gone sees both.
        traffic.closed(subscriber, reason);
        admissions.release(subscriber);
        List<String> left;
        synchronized (registry) {
            registry.remove(subscriber);
            left = presence.leave(subscriber);
        }
        for (String channel : left) {
            announcePresence(channel, subscriber.info().user(), false);
        }
    }

    /**
     * Makes the subscriber live if its replay cursor has reached the last fanned-out id and returns
     * {@code cursor}; otherwise returns the last fanned-out id, the next replay target.
     */
    long goLiveIfCaughtUp(Subscriber subscriber, long cursor) {
        synchronized (registry) {
            if (cursor >= lastFanned) {
                subscriber.goLive();
                return cursor;
            }
            return lastFanned;
        }
    }

    /**
     * Turns on cluster mode (before {@link #start}): other nodes append to the same store, so this
     * node fans out only what it reads from the store, in id order — its own appends included —
     * through {@link #fanOutFromStore()}, which the relay also calls when other nodes append.
     */
    public void clustered(boolean on) {
        this.clustered = on;
    }

    private void appended(List<StoredMessage> stored, long[] submitted) {
        if (clustered) {
            storeFanOut.appended(stored, submitted);
        } else {
            fanOut(stored, submitted);
        }
    }

    /** Fans out, in id order, every stored message after the last one fanned out (cluster mode; the relay calls it). */
    public void fanOutFromStore() {
        storeFanOut.run();
    }

    /** A message frame reached a stream's socket, {@code nanos} after its publish was submitted. */
    private void written(long nanos) {
        sequencer.observer.written(nanos);
    }

    private void fanOut(List<StoredMessage> batch, long[] submitted) {
        byte[][] frames = new byte[batch.size()][];
        for (int i = 0; i < frames.length; i++) {
            StoredMessage m = batch.get(i);
            frames[i] = Frames.message(m.id(), m.event(), m.data());
        }
        List<Subscriber> woken = new ArrayList<>();
        List<Subscriber> slow = new ArrayList<>(0);
        long queued = 0;
        synchronized (registry) {
            for (int i = 0; i < frames.length; i++) {
                StoredMessage m = batch.get(i);
                if (m.id() <= lastFanned) {
                    continue; // fanned out already (cluster mode reads what it may have sent)
                }
                for (Subscriber s : registry.subscribersOf(m.channel())) {
                    Subscriber.Offer offer = s.offerLive(m.id(), frames[i], submitted[i]);
                    if (offer == Subscriber.Offer.WAKE) {
                        woken.add(s);
                        queued++;
                    } else if (offer == Subscriber.Offer.QUEUED) {
                        queued++;
                    } else if (offer == Subscriber.Offer.OVERFLOW) {
                        slow.add(s);
                    }
                }
                lastFanned = m.id();
            }
        }
        traffic.queued(queued);
        // offerLive already closed these, inside their own lock, the moment they overflowed; their
        // close frame goes out with the others.
        for (Subscriber s : slow) {
            forget(s, CloseReason.SLOW_CONSUMER);
            woken.add(s);
        }
        writers.wake(woken);
    }

    private void beat() {
        try {
            List<Subscriber> woken = new ArrayList<>();
            for (Subscriber s : registry.all()) {
                if (s.offerHeartbeat(HEARTBEAT) == Subscriber.Offer.WAKE) {
                    woken.add(s);
                }
            }
            writers.wake(woken);
        } catch (RuntimeException | Error e) {
            // Anything thrown out of a scheduled task would end the heartbeat (and dead-peer detection) for good.
            System.getLogger(Hub.class.getName()).log(System.Logger.Level.ERROR, "heartbeat failed (next one as scheduled)", e);
        }
    }

    /**
     * Sends {@code frame} to the live subscribers of {@code channel} without storing it: for
     * Herald's own reserved channels (names no client may use), such as the admin dashboard's.
     */
    public void sendTransient(String channel, byte[] frame) {
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

    /**
     * Runs {@code update} (an access change) and closes the streams {@code shutOut} then selects,
     * both while no message is being fanned out: no frame published after the change reaches a
     * stream the change shuts out. Returns how many streams it closed.
     */
    public int revise(Runnable update, Predicate<Subscriber> shutOut, CloseReason reason) {
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

    /** Closes every open connection that {@code which} selects; returns how many. */
    public int closeWhere(Predicate<Subscriber> which, CloseReason reason) {
        int closed = 0;
        for (Subscriber s : registry.all()) {
            if (which.test(s) && s.markClosed(reason)) {
                closed(s, reason);
                closed++;
            }
        }
        return closed;
    }

    public Optional<Subscriber> find(long subscriberId) {
        return registry.find(subscriberId);
    }

    public List<Subscriber> subscribers() {
        return registry.all();
    }

    public int connectionCount() {
        return registry.size();
    }

    public Map<String, Integer> subscriberCounts() {
        return registry.subscriberCounts();
    }

    public long closedCount(CloseReason reason) {
        return traffic.closedCount(reason);
    }

    /** Counts of what went through the hub, for the dashboard and the metrics. */
    public Traffic traffic() {
        return traffic;
    }

    /** Reports append and fan-out timings to {@code observer} (metrics). */
    public void observe(HubObserver observer) {
        sequencer.observer = observer;
    }

    /** Bytes the catch-ups hold now (queued replay frames and pages being read), within {@code herald.stream.catchup-max-bytes}. */
    public long catchUpBytes() {
        return catchUpBudget.used();
    }

    /** Bytes waiting in all streams' queues right now (a live frame shared by many streams counts for each). */
    public long queuedBytes() {
        long total = 0;
        for (Subscriber s : registry.all()) {
            total += s.queuedBytes();
        }
        return total;
    }

    /** Frames waiting in all streams' queues right now. */
    public long queuedFrames() {
        long total = 0;
        for (Subscriber s : registry.all()) {
            total += s.queueDepth();
        }
        return total;
    }

    public long publishedCount() {
        return sequencer.appended();
    }

    public long appendBatches() {
        return sequencer.batches();
    }

    public int largestAppendBatch() {
        return sequencer.largestBatch();
    }

    public long lastFannedOutId() {
        synchronized (registry) {
            return lastFanned;
        }
    }

    /** Where transports run the drains they schedule themselves. */
    public Executor writers() {
        return writers.executor();
    }

    /**
     * Appends what publishers already handed over, sends every stream {@code event: close}
     * (reason shutdown), lets the writers finish within {@code graceMillis}, and stops every thread.
     */
    public void shutdown(long graceMillis) {
        sequencer.stop(graceMillis);
        NamedThreads.stop(heartbeat, "heartbeat", graceMillis);
        // Close first, while the pools still run: a catch-up parked on a full queue may still be
        // woken by a drain. Then let the pools finish; no interrupts (they may be inside JDBC).
        for (Subscriber s : registry.all()) {
            close(s, CloseReason.SHUTDOWN);
        }
        NamedThreads.stop(writers.pool(), "writer", graceMillis);
        NamedThreads.stop(catchUps, "catchup", graceMillis);
    }
}
