package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.ForwardingMessageLog;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcMessageLog;
import io.herald.store.MessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Catch-up from the store with fake transports on a real H2 store: a subscriber that comes back
 * with a last id receives exactly what it missed, then live messages, with no gap and no duplicate.
 */
class HubCatchUpTest {

    private final HubFixture hubs = new HubFixture();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable r : running) {
            r.close();
        }
        hubs.close();
    }

    @Test
    void subscribersJoiningWithLastIdsWhilePublishingReceiveEveryLaterMessageOnceInOrder() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("catchup-live"));
        Hub hub = hubs.started(store, HubFixture.settings(8192, 64, 50));
        List<String> channels = List.of("c0", "c1", "c2");
        int perPublisher = 1000;
        AtomicLong published = new AtomicLong();

        ExecutorService publishers = Executors.newFixedThreadPool(2);
        running.add(publishers::shutdownNow);
        List<Future<List<CompletableFuture<StoredMessage>>>> tasks = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            long publisherSeed = random.nextLong();
            tasks.add(publishers.submit(() -> {
                Random r = new Random(publisherSeed);
                List<CompletableFuture<StoredMessage>> mine = new ArrayList<>();
                for (int n = 0; n < perPublisher; n++) {
                    CompletableFuture<StoredMessage> f = hub.publish(
                            new NewMessage(channels.get(r.nextInt(channels.size())), null, "n" + n));
                    mine.add(f);
                    published.incrementAndGet();
                    if (n % 25 == 24) {
                        f.get(10, TimeUnit.SECONDS); // let the store keep up, so joins land mid-stream
                    }
                }
                return mine;
            }));
        }

        record Joined(Subscriber subscriber, RecordingOutlet client, long after) {
        }
        List<Joined> joined = new ArrayList<>();
        List<Integer> joinPoints = random.ints(20, 0, 2 * perPublisher).sorted().boxed().toList();
        for (int point : joinPoints) {
            Wait.until(Duration.ofSeconds(10), () -> "publishing reached " + point, () -> published.get() >= point);
            Set<String> mine = random.nextBoolean()
                    ? Set.of(channels.get(random.nextInt(channels.size())))
                    : Set.of("c0", channels.get(1 + random.nextInt(channels.size() - 1)));
            long fanned = hub.gauges().lastFannedOutId();
            // Half join far back, half just behind the live edge, where replay hands over to live.
            long after = random.nextBoolean() ? random.nextInt((int) fanned + 1) : Math.max(0, fanned - random.nextInt(4));
            Subscriber s = hub.open(mine, HubFixture.info());
            RecordingOutlet client = RecordingOutlet.draining(s);
            hub.subscribe(s, client, OptionalLong.of(after));
            joined.add(new Joined(s, client, after));
        }
        for (Future<List<CompletableFuture<StoredMessage>>> task : tasks) {
            HubFixture.acknowledged(task.get(20, TimeUnit.SECONDS));
        }
        long last = store.lastId();
        Wait.until(Duration.ofSeconds(10), () -> "fan-out of " + last + ", seed " + seed,
                () -> hub.gauges().lastFannedOutId() == last);

        for (Joined j : joined) {
            List<Long> expected = HubFixture.ids(store.readAfter(j.subscriber().channels(), j.after(), last, Integer.MAX_VALUE));
            Wait.until(Duration.ofSeconds(10),
                    () -> "subscriber of " + j.subscriber().channels() + " after " + j.after() + " got "
                            + j.client().ids().size() + " of " + expected.size() + ", seed " + seed,
                    () -> j.subscriber().lastSentId() == (expected.isEmpty() ? 0 : expected.get(expected.size() - 1))
                            || j.subscriber().isClosed());
            assertEquals(expected, j.client().ids(),
                    "subscriber of " + j.subscriber().channels() + " after " + j.after() + ", seed " + seed);
            assertEquals(HubFixture.RETRY_FRAME, j.client().frames().get(0));
            assertFalse(j.subscriber().isClosed());
        }
        assertEquals(20, hub.gauges().connectionCount());
        assertEquals(0, hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER));
    }

    @Test
    void subscriberWithLastIdReceivesOnlyTheMissedMessagesOfItsChannelsThenLiveOnes() throws Exception {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("catchup-simple"));
        List<StoredMessage> before = store.append(List.of(
                new NewMessage("a", null, "a1"), new NewMessage("b", null, "b1"), new NewMessage("a", "x", "a2"),
                new NewMessage("a", null, "a3"), new NewMessage("b", null, "b2")));
        Hub hub = hubs.started(store, HubFixture.settings(64, 64, 2));
        Subscriber s = hub.open(Set.of("a"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.draining(s);

        hub.subscribe(s, client, OptionalLong.of(before.get(0).id()));
        StoredMessage live = hub.publish(new NewMessage("a", null, "a4")).get(10, TimeUnit.SECONDS);
        hub.publish(new NewMessage("b", null, "b3")).get(10, TimeUnit.SECONDS);

        Wait.until(Duration.ofSeconds(10), client::text, () -> s.lastSentId() == live.id());
        assertEquals(HubFixture.RETRY_FRAME
                + "event: x\ndata: a2\nid: " + before.get(2).id() + "\n\n"
                + "data: a3\nid: " + before.get(3).id() + "\n\n"
                + "data: a4\nid: " + live.id() + "\n\n", client.text());
    }

    @Test
    void subscriberOneMessageBehindReceivesThatMessageThenLiveOnes() throws Exception {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("one-behind"));
        List<StoredMessage> before = store.append(List.of(new NewMessage("a", null, "seen"), new NewMessage("a", null, "missed")));
        Hub hub = hubs.started(store, HubFixture.settings(64, 64, 10));
        Subscriber s = hub.open(Set.of("a"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.draining(s);

        hub.subscribe(s, client, OptionalLong.of(before.get(0).id()));
        Wait.until(Duration.ofSeconds(10), client::text, () -> !s.isReplaying());
        StoredMessage live = hub.publish(new NewMessage("a", null, "live")).get(10, TimeUnit.SECONDS);

        Wait.until(Duration.ofSeconds(10), client::text, () -> s.lastSentId() == live.id());
        assertEquals(HubFixture.RETRY_FRAME
                + "data: missed\nid: " + before.get(1).id() + "\n\n"
                + "data: live\nid: " + live.id() + "\n\n", client.text());
    }

    @Test
    void subscriberUpToDateReceivesOnlyLiveMessages() throws Exception {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("up-to-date"));
        StoredMessage seen = store.append(List.of(new NewMessage("a", null, "seen"))).get(0);
        Hub hub = hubs.started(store, HubFixture.settings(64, 64, 10));
        Subscriber s = hub.open(Set.of("a"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.draining(s);

        hub.subscribe(s, client, OptionalLong.of(seen.id()));
        StoredMessage live = hub.publish(new NewMessage("a", null, "live")).get(10, TimeUnit.SECONDS);

        Wait.until(Duration.ofSeconds(10), client::text, () -> s.lastSentId() == live.id());
        assertEquals(HubFixture.RETRY_FRAME + "data: live\nid: " + live.id() + "\n\n", client.text());
    }

    @Test
    void subscriberWithoutLastIdStartsLive() throws Exception {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("no-last-id"));
        store.append(List.of(new NewMessage("a", null, "old")));
        Hub hub = hubs.started(store, HubFixture.settings(64, 64, 10));
        Subscriber s = hub.open(Set.of("a"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.draining(s);

        hub.subscribe(s, client, OptionalLong.empty());
        StoredMessage live = hub.publish(new NewMessage("a", null, "new")).get(10, TimeUnit.SECONDS);

        Wait.until(Duration.ofSeconds(10), client::text, () -> s.lastSentId() == live.id());
        assertEquals(HubFixture.RETRY_FRAME + "data: new\nid: " + live.id() + "\n\n", client.text());
    }

    @Test
    void catchUpFromFarBackThroughASmallQueueDeliversEveryMessageInOrder() throws Exception {
        int capacity = 16;
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("far-back"));
        List<Long> expected = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<NewMessage> hundred = new ArrayList<>();
            for (int n = 0; n < 100; n++) {
                hundred.add(new NewMessage("history", null, "old " + (batch * 100 + n)));
            }
            expected.addAll(HubFixture.ids(store.append(hundred)));
        }
        store.append(List.of(new NewMessage("elsewhere", null, "not mine")));
        ReadCountingLog reads = new ReadCountingLog(store);
        Hub hub = hubs.started(reads, HubFixture.settings(capacity, 64, 100));
        Subscriber s = hub.open(Set.of("history"), HubFixture.info());
        FullQueueReader reader = new FullQueueReader(s, capacity);
        running.add(reader);

        hub.subscribe(s, reader, OptionalLong.of(0));
        Wait.until(Duration.ofSeconds(20),
                () -> "catch-up delivered " + reader.client().ids().size() + " of " + expected.size()
                        + ", queue " + s.queueDepth() + ", closed " + s.isClosed(),
                () -> s.lastSentId() == expected.get(expected.size() - 1) || s.isClosed());
        Wait.until(Duration.ofSeconds(10), () -> "live", () -> !s.isReplaying());
        for (int n = 0; n < 5; n++) {
            StoredMessage live = hub.publish(new NewMessage("history", null, "live " + n)).get(10, TimeUnit.SECONDS);
            expected.add(live.id());
            Wait.until(Duration.ofSeconds(10), () -> "live message " + live.id(), () -> s.lastSentId() == live.id());
        }

        assertFalse(s.isClosed(), () -> "closed; slow-consumer closes " + hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER)
                + ", server-error closes " + hub.gauges().traffic().closedCount(CloseReason.SERVER_ERROR));
        assertEquals(0, hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER));
        assertEquals(expected, reader.client().ids());
        assertEquals(HubFixture.RETRY_FRAME, reader.client().frames().get(0));
        assertTrue(reader.catchUpWaits() >= 10,
                "the catch-up should have filled the queue and waited many times, saw " + reader.catchUpWaits());
        assertTrue(reads.largestLimit.get() <= capacity, "a catch-up read asked for " + reads.largestLimit.get() + " rows");
        assertTrue(reads.reads.get() >= 500 / capacity, "catch-up reads: " + reads.reads.get());
    }

    /** Counts the catch-up's reads and the largest page it asked for. */
    private static final class ReadCountingLog extends ForwardingMessageLog {

        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger largestLimit = new AtomicInteger();

        ReadCountingLog(MessageLog delegate) {
            super(delegate);
        }

        @Override
        public Page readPage(Set<String> channels, long afterId, long upToId, int limit, long maxBytes) {
            reads.incrementAndGet();
            largestLimit.accumulateAndGet(limit, Math::max);
            return super.readPage(channels, afterId, upToId, limit, maxBytes);
        }
    }
}
