package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.InMemoryMessageLog;
import io.herald.store.NewMessage;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How streams end, with fake transports on an in-memory message log: the slow-consumer policy, one counted
 * close per stream with the close frame that tells the client why, and a shutdown that leaves no
 * thread behind.
 */
class HubCloseTest {

    private static final String SLOW_CONSUMER_CLOSE = "event: close\ndata: {\"reason\":\"slow-consumer\"}\n\n";

    private final HubFixture hubs = new HubFixture();

    @AfterEach
    void stop() {
        hubs.close();
    }

    @Test
    void subscriberWhoseQueueOverflowsIsClosedAsSlowConsumerAndToldWhy() throws Exception {
        Hub hub = hubs.started(new InMemoryMessageLog(), HubFixture.settings(8, 64, 10));
        Subscriber slow = hub.open(Set.of("busy"), HubFixture.info());
        RecordingOutlet slowClient = RecordingOutlet.stalled(slow);
        hub.subscribe(slow, slowClient, OptionalLong.empty());
        Subscriber fast = hub.open(Set.of("busy"), HubFixture.info());
        RecordingOutlet fastClient = RecordingOutlet.draining(fast);
        hub.subscribe(fast, fastClient, OptionalLong.empty());
        assertEquals(2, hub.gauges().connectionCount());

        List<Long> sent = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            long id = hub.publish(new NewMessage("busy", null, "m" + n)).get(10, TimeUnit.SECONDS).id();
            sent.add(id);
            // The fast client reads each message before the next is sent, however slowly the writer
            // threads are scheduled, so only the stalled one can overflow its queue of 8.
            Wait.until(Duration.ofSeconds(10), fastClient::text, () -> fast.lastSentId() == id);
        }

        Wait.until(Duration.ofSeconds(10), () -> "slow subscriber closed, " + hub.gauges().connectionCount() + " connections",
                () -> hub.gauges().connectionCount() == 1);
        assertTrue(slow.isClosed());
        assertEquals(1, hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER));
        assertEquals(Map.of("busy", 1), hub.gauges().subscriberCounts());
        assertEquals(Optional.empty(), hub.find(slow.id()));
        assertFalse(slow.isFinished(), "the close frame is still waiting to be written");

        slowClient.drain();
        assertEquals(SLOW_CONSUMER_CLOSE, slowClient.text());
        assertTrue(slow.isFinished());

        Wait.until(Duration.ofSeconds(10), fastClient::text, () -> fast.lastSentId() == sent.get(sent.size() - 1));
        assertEquals(sent, fastClient.ids(), "a slow subscriber must not cost another one a message");
        assertFalse(fast.isClosed());
    }

    @Test
    void closedSubscriberReceivesNoMoreMessages() throws Exception {
        Hub hub = hubs.started(new InMemoryMessageLog(), HubFixture.settings(8, 64, 10));
        Subscriber s = hub.open(Set.of("busy"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.stalled(s);
        hub.subscribe(s, client, OptionalLong.empty());
        for (int n = 0; n < 8; n++) {
            hub.publish(new NewMessage("busy", null, "m" + n)).get(10, TimeUnit.SECONDS);
        }
        Wait.until(Duration.ofSeconds(10), () -> "closed", s::isClosed);
        client.drain();

        hub.publish(new NewMessage("busy", null, "after")).get(10, TimeUnit.SECONDS);
        Wait.until(Duration.ofSeconds(10), () -> "fan-out", () -> hub.gauges().publishedCount() == 9
                && hub.gauges().lastFannedOutId() == hub.gauges().publishedCount());

        assertNull(s.take(65536));
        assertEquals(SLOW_CONSUMER_CLOSE, client.text());
    }

    @Test
    void closingTwiceCountsOnceAndSendsOneCloseFrame() {
        Hub hub = hubs.started(new InMemoryMessageLog(), HubFixture.settings(8, 64, 10));
        Subscriber s = hub.open(Set.of("a"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.draining(s);
        hub.subscribe(s, client, OptionalLong.empty());
        Subscriber other = hub.open(Set.of("a"), HubFixture.info());
        hub.subscribe(other, RecordingOutlet.draining(other), OptionalLong.empty());

        hub.close(s, CloseReason.KICKED);
        hub.close(s, CloseReason.KICKED);
        hub.close(s, CloseReason.BANNED);

        assertEquals(1, hub.gauges().traffic().closedCount(CloseReason.KICKED));
        assertEquals(0, hub.gauges().traffic().closedCount(CloseReason.BANNED));
        assertEquals(1, hub.gauges().connectionCount());
        assertEquals(List.of(HubFixture.RETRY_FRAME, "event: close\ndata: {\"reason\":\"kicked\"}\n\n"), client.frames());
        assertTrue(s.isFinished());
    }

    @Test
    void closingAGoneClientSendsNothing() {
        Hub hub = hubs.started(new InMemoryMessageLog(), HubFixture.settings(8, 64, 10));
        Subscriber s = hub.open(Set.of("a"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.stalled(s);
        hub.subscribe(s, client, OptionalLong.empty());

        hub.close(s, CloseReason.CLIENT_GONE);

        client.drain();
        assertEquals("", client.text());
        assertTrue(s.isFinished());
        assertEquals(0, hub.gauges().connectionCount());
        assertEquals(1, hub.gauges().traffic().closedCount(CloseReason.CLIENT_GONE));
    }

    @Test
    void shutdownClosesEveryStreamAndStopsEveryHeraldThread() throws Exception {
        Set<Thread> before = heraldThreads();
        InMemoryMessageLog store = new InMemoryMessageLog();
        List<NewMessage> old = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            old.add(new NewMessage("a", null, "old " + n));
        }
        store.append(old);
        Hub hub = hubs.started(store, new HubSettings(HubFixture.RETRY_MILLIS, 20, 16, 64, 10, 2)); // heartbeats too
        List<Subscriber> subscribers = new ArrayList<>();
        List<RecordingOutlet> clients = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            Subscriber s = hub.open(Set.of("a"), HubFixture.info());
            RecordingOutlet client = RecordingOutlet.draining(s);
            // Drains wherever the hub signals it (its writer threads for fan-out), as the servlet transport does.
            hub.subscribe(s, client, OptionalLong.of(0));
            subscribers.add(s);
            clients.add(client);
        }
        Subscriber stalled = hub.open(Set.of("a"), HubFixture.info());
        hub.subscribe(stalled, RecordingOutlet.stalled(stalled), OptionalLong.of(0)); // its catch-up stays parked
        HubFixture.acknowledged(List.of(hub.publish(new NewMessage("a", null, "live"))));
        Wait.until(Duration.ofSeconds(10), () -> "herald threads running: " + names(newSince(before)),
                () -> names(newSince(before)).containsAll(
                        Set.of("herald-sequencer", "herald-heartbeat-1", "herald-catchup-1", "herald-writer-1")));

        hub.shutdown(2000);

        Wait.until(Duration.ofSeconds(10), () -> "herald threads still alive: " + names(newSince(before)),
                () -> newSince(before).isEmpty());
        assertEquals(0, hub.gauges().connectionCount());
        assertEquals(5, hub.gauges().traffic().closedCount(CloseReason.SHUTDOWN));
        for (int n = 0; n < subscribers.size(); n++) {
            clients.get(n).drain();
            List<String> frames = clients.get(n).frames();
            // No spread configured: every stream is told to come back after the retry delay.
            assertEquals("retry: " + HubFixture.RETRY_MILLIS + "\n", frames.get(frames.size() - 2));
            assertEquals("event: close\ndata: {\"reason\":\"shutdown\",\"reconnectAfterMs\":" + HubFixture.RETRY_MILLIS
                    + "}\n\n", frames.get(frames.size() - 1));
            assertTrue(subscribers.get(n).isFinished());
        }
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> hub.publish(new NewMessage("a", null, "too late")).get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof IllegalStateException, refused.toString());
    }

    private static Set<Thread> heraldThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("herald-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    private static Set<Thread> newSince(Set<Thread> before) {
        Set<Thread> now = heraldThreads();
        now.removeAll(before);
        return now;
    }

    private static Set<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
