package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.Appended;
import io.herald.store.ForwardingMessageLog;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcHistory;
import io.herald.store.JdbcMessageLog;
import io.herald.store.MessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit through the real hub on H2: many publishers, few transactions, one id order. */
class SequencerGroupCommitTest {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 200;
    private static final Set<String> CHANNELS = Set.of("g0", "g1", "g2", "g3");

    private static final HubSettings SETTINGS = HubFixture.settings(16_384, 256, 100);

    private final HubFixture hubs = new HubFixture();
    private Hub hub;
    private ExecutorService publishers;

    @AfterEach
    void stop() {
        if (publishers != null) {
            publishers.shutdownNow();
        }
        hubs.close();
    }

    private static String channelOf(int thread) {
        return "g" + thread % 4;
    }

    private static String dataOf(int thread, int n) {
        return "thread " + thread + " message " + n;
    }

    /** Runs {@link #PER_THREAD} publishes on each of {@link #THREADS} threads that start together. */
    private List<List<CompletableFuture<StoredMessage>>> publishFromAllThreads(Runnable onceEveryThreadPublished)
            throws Exception {
        publishers = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch everyThreadPublished = new CountDownLatch(THREADS);
        List<Future<List<CompletableFuture<StoredMessage>>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Callable<List<CompletableFuture<StoredMessage>>> task = () -> {
                List<CompletableFuture<StoredMessage>> mine = new ArrayList<>(PER_THREAD);
                assertTrue(start.await(10, TimeUnit.SECONDS), "start signal");
                for (int n = 0; n < PER_THREAD; n++) {
                    mine.add(hub.publish(new NewMessage(channelOf(thread), "e" + thread, dataOf(thread, n))));
                    if (n == 0) {
                        everyThreadPublished.countDown();
                    }
                }
                return mine;
            };
            tasks.add(publishers.submit(task));
        }
        start.countDown();
        assertTrue(everyThreadPublished.await(10, TimeUnit.SECONDS), "every thread queued a first message");
        onceEveryThreadPublished.run();
        List<List<CompletableFuture<StoredMessage>>> futures = new ArrayList<>();
        for (Future<List<CompletableFuture<StoredMessage>>> task : tasks) {
            futures.add(task.get(20, TimeUnit.SECONDS));
        }
        return futures;
    }

    @Test
    void concurrentPublishersShareTransactionsAndEachGetsItsOwnIdInSubmissionOrder() throws Exception {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("groupcommit"));
        GatedMessageLog gated = new GatedMessageLog(store);
        hub = hubs.started(gated, SETTINGS);

        List<List<CompletableFuture<StoredMessage>>> futures = publishFromAllThreads(gated::open);

        assertFalse(gated.timedOut(), "the first append waited for its gate longer than the deadline");
        Map<Long, NewMessage> published = new HashMap<>();
        List<Long> allIds = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long previous = 0;
            for (int n = 0; n < PER_THREAD; n++) {
                StoredMessage stored = futures.get(t).get(n).get(10, TimeUnit.SECONDS);
                assertEquals(channelOf(t), stored.channel());
                assertEquals(dataOf(t, n), stored.data());
                assertTrue(stored.id() > previous,
                        "thread " + t + " message " + n + " got id " + stored.id() + " after " + previous);
                previous = stored.id();
                allIds.add(stored.id());
                assertNull(published.put(stored.id(), new NewMessage(stored.channel(), "e" + t, stored.data())),
                        "id " + stored.id() + " was given twice");
            }
        }
        assertEquals(THREADS * PER_THREAD, new HashSet<>(allIds).size());

        List<StoredMessage> log = store.readAfter(Set.of(), 0, Long.MAX_VALUE, 10 * THREADS * PER_THREAD);
        assertEquals(allIds.stream().sorted().toList(), log.stream().map(StoredMessage::id).toList());
        for (StoredMessage m : log) {
            NewMessage expected = published.get(m.id());
            assertEquals(expected, new NewMessage(m.channel(), m.event(), m.data()), "stored message " + m.id());
        }

        assertEquals(THREADS * PER_THREAD, hub.gauges().publishedCount());
        assertTrue(hub.gauges().traffic().appendTransactions() < THREADS * PER_THREAD,
                "appends: " + hub.gauges().traffic().appendTransactions() + " transactions for " + THREADS * PER_THREAD + " messages");
        assertTrue(hub.gauges().traffic().largestTransaction() > 1, "largest batch " + hub.gauges().traffic().largestTransaction());
        assertTrue(hub.gauges().traffic().largestTransaction() <= SETTINGS.batchMax(), "largest batch " + hub.gauges().traffic().largestTransaction());
        assertEquals(hub.gauges().traffic().appendTransactions(), gated.appends());
    }

    @Test
    void concurrentlyPublishedMessagesReachSubscribersInStrictlyIncreasingIdOrder() throws Exception {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("fanout-order"));
        hub = hubs.started(store, SETTINGS);
        Subscriber oneChannel = hub.open(Set.of("g0"), HubFixture.info());
        RecordingOutlet oneChannelClient = RecordingOutlet.draining(oneChannel);
        hub.subscribe(oneChannel, oneChannelClient, OptionalLong.empty());
        Subscriber everyChannel = hub.open(CHANNELS, HubFixture.info());
        RecordingOutlet everyChannelClient = RecordingOutlet.draining(everyChannel);
        hub.subscribe(everyChannel, everyChannelClient, OptionalLong.empty());

        List<List<CompletableFuture<StoredMessage>>> futures = publishFromAllThreads(() -> { });

        List<Long> g0 = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (List<CompletableFuture<StoredMessage>> mine : futures) {
            for (CompletableFuture<StoredMessage> f : mine) {
                StoredMessage m = f.get(10, TimeUnit.SECONDS);
                all.add(m.id());
                if (m.channel().equals("g0")) {
                    g0.add(m.id());
                }
            }
        }
        g0.sort(null);
        all.sort(null);
        Wait.until(Duration.ofSeconds(10),
                () -> "fan-out: " + oneChannelClient.ids().size() + "/" + g0.size() + " and "
                        + everyChannelClient.ids().size() + "/" + all.size(),
                () -> oneChannelClient.ids().size() >= g0.size() && everyChannelClient.ids().size() >= all.size());

        assertEquals(g0, oneChannelClient.ids());
        assertEquals(all, everyChannelClient.ids());
        assertEquals(HubFixture.RETRY_FRAME, oneChannelClient.frames().get(0));
        assertEquals(HubFixture.RETRY_FRAME, everyChannelClient.frames().get(0));
        assertEquals(1 + all.size(), everyChannelClient.frames().size());
        assertEquals(0, hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER));
    }

    @Test
    void eachFrameCarriesItsOwnMessage() throws Exception {
        hub = hubs.started(new JdbcMessageLog(InMemoryDatabase.fresh("frames")), SETTINGS);
        Subscriber s = hub.open(Set.of("news"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.draining(s);
        hub.subscribe(s, client, OptionalLong.empty());

        StoredMessage first = hub.publish(new NewMessage("news", "headline", "line 1\nline 2")).get(10, TimeUnit.SECONDS);
        StoredMessage second = hub.publish(new NewMessage("news", null, "")).get(10, TimeUnit.SECONDS);
        hub.publish(new NewMessage("sport", null, "not for this subscriber")).get(10, TimeUnit.SECONDS);
        StoredMessage third = hub.publish(new NewMessage("news", null, "last")).get(10, TimeUnit.SECONDS);

        Wait.until(Duration.ofSeconds(10), client::text, () -> client.ids().contains(third.id()));
        assertEquals(HubFixture.RETRY_FRAME
                + "event: headline\ndata: line 1\ndata: line 2\nid: " + first.id() + "\n\n"
                + "data: \nid: " + second.id() + "\n\n"
                + "data: last\nid: " + third.id() + "\n\n", client.text());
    }

    @Test
    void publishAtRestIsAppendedAloneAndAcknowledgedOnlyOnceCommitted() throws Exception {
        DataSource db = InMemoryDatabase.fresh("at-rest");
        JdbcHistory history = new JdbcHistory(db);
        hub = hubs.started(new JdbcMessageLog(db), SETTINGS);

        for (int n = 1; n <= 5; n++) {
            // Runs on the thread that completes the future: the row must already be visible to others.
            CompletableFuture<Optional<StoredMessage>> seenByAnotherConnection = hub
                    .publish(new NewMessage("quiet", null, "message " + n))
                    .thenApply(m -> history.find(m.id()));
            Optional<StoredMessage> seen = seenByAnotherConnection.get(10, TimeUnit.SECONDS);
            assertTrue(seen.isPresent(), "message " + n + " was acknowledged before it was committed");
            assertEquals("message " + n, seen.get().data());
            assertEquals(n, hub.gauges().traffic().appendTransactions());
        }
        assertEquals(1, hub.gauges().traffic().largestTransaction());
        assertEquals(5, hub.gauges().publishedCount());
    }

    /** Holds the first append until every publisher has queued a message, so the next batch is large. */
    private static final class GatedMessageLog extends ForwardingMessageLog {

        private final CountDownLatch gate = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final AtomicLong appends = new AtomicLong();
        private volatile boolean timedOut;

        GatedMessageLog(MessageLog delegate) {
            super(delegate);
        }

        void open() {
            gate.countDown();
        }

        boolean timedOut() {
            return timedOut;
        }

        long appends() {
            return appends.get();
        }

        @Override
        public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
            if (first.compareAndSet(true, false)) {
                try {
                    timedOut = !gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at the gate", e);
                }
            }
            List<List<Appended>> stored = super.appendAll(publications);
            appends.incrementAndGet();
            return stored;
        }
    }
}
