package io.herald.hub;

import io.herald.store.Appended;
import io.herald.store.MessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The message path of one node, behind one facade: publish = append (group commit, {@link
 * Sequencer}), then fan out in id order ({@link LocalFanOut}, or {@link StoreFanOut} in a cluster)
 * to the subscriptions of the channel ({@link Subscriptions}), whose queues the writers drain
 * ({@link Writers}). Subscribers catch up from the store before they go live ({@link CatchUps}).
 * Knows no servlet and no JDBC type.
 */
public final class Hub {

    /**
     * Alone with its store, fanning out its appends as they commit; or sharing it in a {@code CLUSTER},
     * fanning out what it reads back from the store in id order, its own included ({@link #fanOutFromStore()}).
     */
    public enum Topology { SINGLE_NODE, CLUSTER }

    private final MessageLog log;
    private final HubSettings settings;
    private final HubObserver observer;
    private final Registry registry = new Registry();
    private final Presence presence = new Presence();
    private final Floors floors = new Floors();
    private final Traffic traffic = new Traffic();
    private final Admissions admissions = new Admissions();
    private final Waiters waiters = new Waiters();
    private final CatchUpBudget catchUpBudget;
    private final Writers writers;
    private final Announcer announcer;
    private final Subscriptions subscriptions;
    private final StoreFanOut storeFanOut;
    private final Sequencer sequencer;
    private final CatchUps catchUps;
    private final Heartbeat heartbeat;
    private final Entrance entrance;
    private final Gauges gauges;

    /**
     * A hub on {@code log}, reporting its timings to {@code observer}, where {@code audiences} may
     * narrow a message down to some of its channel's readers; {@link #start} it.
     */
    public Hub(MessageLog log, HubSettings settings, HubObserver observer, Topology topology, Audiences audiences) {
        this(log, settings, observer, topology, audiences, Executors.newFixedThreadPool(2, new NamedThreads("catchup")));
    }

    /** As the public constructors, with the threads catch-ups run on ({@link #shutdown} stops them). */
    Hub(MessageLog log, HubSettings settings, HubObserver observer, Topology topology, Audiences audiences,
            ExecutorService catchUpThreads) {
        this.log = log;
        this.settings = settings;
        this.observer = observer;
        this.catchUpBudget = new CatchUpBudget(settings.catchUpMaxBytes());
        this.writers = new Writers(settings.writerThreads());
        this.announcer = new Announcer(registry, writers);
        this.subscriptions = new Subscriptions(registry, presence, admissions, traffic, announcer,
                new ShutdownNotice(settings.retryMillis(), settings.reconnectSpreadMillis()));
        LocalFanOut localFanOut = new LocalFanOut(registry, subscriptions, traffic, writers, waiters, observer,
                audiences);
        this.storeFanOut = new StoreFanOut(log, settings.replayPageSize(), registry, localFanOut);
        this.sequencer = new Sequencer(log, settings.batchMax(),
                topology == Topology.CLUSTER ? storeFanOut : localFanOut, observer, traffic);
        this.catchUps = new CatchUps(catchUpThreads, log, settings.replayPageSize(), catchUpBudget, floors, registry,
                subscriptions, traffic, audiences);
        this.heartbeat = new Heartbeat(registry, writers, subscriptions, waiters, settings.heartbeatMillis());
        this.entrance = new Entrance(settings.retryMillis(), subscriptions, catchUps, announcer);
        this.gauges = new Gauges(registry, traffic, catchUpBudget, waiters);
    }

    public void start() {
        registry.startAfter(log.lastId());
        floors.load(log.floors());
        sequencer.start();
        heartbeat.start();
    }

    /** Completes with the stored message once its row is committed and it is fanned out on this node. For a message without a key. */
    public CompletableFuture<StoredMessage> publish(NewMessage message) {
        return sequencer.submit(List.of(message)).thenApply(results -> results.get(0).message());
    }

    /**
     * Publishes the messages together: all are appended in one transaction (or none), new ones
     * with consecutive ids in list order; completes, once committed, with what became of each
     * (stored, or answered from its idempotency key). Only the stored ones are fanned out.
     */
    public CompletableFuture<List<Appended>> publishAll(List<NewMessage> messages) {
        return sequencer.submit(List.copyOf(messages));
    }

    /** A subscriber not yet registered; hand it to {@link #subscribe} once its outlet exists. */
    public Subscriber open(Set<String> channels, ConnectionInfo info) {
        return open(channels, ChannelGate.EVERY, info);
    }

    /**
     * A stream of {@code channels}, which may hold patterns ({@code orders/*}); {@code gate}
     * decides, message by message, each channel that reaches it through one.
     */
    public Subscriber open(Set<String> channels, ChannelGate gate, ConnectionInfo info) {
        return new Subscriber(channels, gate, info, settings.queueCapacity(), settings.queueMaxBytes(), catchUpBudget,
                observer::written);
    }

    /**
     * Registers the subscriber: first {@code retry:}, then the stored messages after
     * {@code lastEventId} (if given), then live messages. With no id it starts live.
     */
    public void subscribe(Subscriber subscriber, Subscriber.Outlet outlet, OptionalLong lastEventId) {
        entrance.resume(subscriber, outlet, lastEventId);
    }

    /**
     * Registers a first connect that asks for recent state: first {@code retry:}, then the newest
     * {@code last} stored messages of its channels that it may read, oldest first, then live ones,
     * with no gap between them. Retention cannot have cut into what it asked for, so no
     * {@code event: reset} is sent.
     */
    public void subscribeWithNewest(Subscriber subscriber, Subscriber.Outlet outlet, int last) {
        entrance.newest(subscriber, outlet, last);
    }

    /**
     * Counts a stream about to be subscribed against the connection limits, or refuses it. An
     * admitted subscriber is counted until it closes.
     */
    public Admission admit(Subscriber subscriber, int maxTotal, int maxPerClient) {
        return admissions.admit(subscriber, maxTotal, maxPerClient);
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
        announcer.presence(List.of(channel), user, present);
    }

    /**
     * Sends {@code frame} to the live subscribers of {@code channel} without storing it: for
     * Herald's own reserved channels (names no client may use), such as the admin dashboard's.
     */
    public void sendTransient(String channel, byte[] frame) {
        announcer.send(channel, frame);
    }

    /** Fans out, in id order, every stored message after the last one fanned out (cluster mode; the relay calls it). */
    public void fanOutFromStore() {
        storeFanOut.readAll();
    }

    /**
     * Ends a subscription once, for a counted reason; the outlet is signalled to finish the stream.
     * A shutdown tells each stream its own reconnect delay ({@link ShutdownNotice}).
     */
    public void close(Subscriber subscriber, CloseReason reason) {
        subscriptions.close(subscriber, reason);
    }

    /**
     * Runs {@code update} (an access change) and closes the streams {@code shutOut} then selects,
     * both while no message is being fanned out: no frame published after the change reaches a
     * stream the change shuts out. Returns how many streams it closed.
     */
    public int revise(Runnable update, Predicate<Subscriber> shutOut, CloseReason reason) {
        return subscriptions.revise(update, shutOut, reason);
    }

    /** Closes every open connection that {@code which} selects; returns how many. */
    public int closeWhere(Predicate<Subscriber> which, CloseReason reason) {
        return subscriptions.closeWhere(which, reason);
    }

    public Optional<Subscriber> find(long subscriberId) {
        return registry.find(subscriberId);
    }

    public List<Subscriber> subscribers() {
        return registry.all();
    }

    /**
     * The newest id of {@code channels} (patterns allowed; each channel through one let in by
     * {@code gate}) among the messages fanned out already; 0 when there is none. Subscribing after
     * it misses nothing published later. Looks at the newest 1,000 at most: when none of them may
     * be read, the id below them (nothing readable lies above it).
     */
    public long newestReadable(Set<String> channels, ChannelGate gate) {
        return catchUps.newestReadable(channels, gate);
    }

    /**
     * For a long-poll: a future completed once a message of {@code channels} (patterns allowed;
     * empty: every channel) that {@code gate} lets through has been fanned out after this call,
     * or {@code wait} has passed (to within a second), or Herald stops; cancel it to stop waiting.
     * Empty when {@code max} long-polls wait already.
     */
    public Optional<CompletableFuture<Void>> nextMessage(Set<String> channels, ChannelGate gate, Duration wait, int max) {
        return waiters.add(channels, gate, wait, max);
    }

    /** What the hub holds and has done, for the dashboard, the metrics and the health check. */
    public Gauges gauges() {
        return gauges;
    }

    /** Where transports run the drains they schedule themselves; once the hub is shut down, a drain handed here is dropped. */
    public Executor writers() {
        return writers.executor();
    }

    /**
     * Appends what publishers already handed over, sends every stream {@code event: close}
     * (reason shutdown), lets the writers finish within {@code graceMillis}, and stops every thread.
     */
    public void shutdown(long graceMillis) {
        sequencer.stop(graceMillis);
        heartbeat.stop(graceMillis);
        // Close first, while the pools still run: a catch-up parked on a full queue may still be
        // woken by a drain. Then let the pools finish; no interrupts (they may be inside JDBC).
        for (Subscriber s : registry.all()) {
            subscriptions.close(s, CloseReason.SHUTDOWN);
        }
        waiters.releaseAll(); // long-polls answer with what they have
        writers.stop(graceMillis);
        catchUps.stop(graceMillis);
    }
}
