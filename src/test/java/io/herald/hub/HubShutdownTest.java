package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.protocol.Frames;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcHistory;
import io.herald.store.JdbcMessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shutting down answers every publisher and loses no frame that a stream was already given. */
class HubShutdownTest {

    private final HubFixture hubs = new HubFixture();

    @AfterEach
    void stop() {
        hubs.close();
    }

    @Test
    void everyPublishRacingAShutdownIsAnsweredStoredOrRefusedNeverLeftHanging() throws Exception {
        for (int round = 0; round < 5; round++) {
            DataSource db = InMemoryDatabase.fresh("shutdown-race-" + round);
            JdbcMessageLog log = new JdbcMessageLog(db);
            Hub hub = hubs.started(log, HubFixture.settings(64, 16, 16));
            ConcurrentLinkedQueue<CompletableFuture<StoredMessage>> futures = new ConcurrentLinkedQueue<>();
            CountDownLatch someStored = new CountDownLatch(50);
            ExecutorService publishers = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                publishers.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        CompletableFuture<StoredMessage> f = hub.publish(new NewMessage("race", null, "m" + i));
                        futures.add(f);
                        f.thenRun(someStored::countDown);
                        if (f.isCompletedExceptionally()) {
                            return;
                        }
                    }
                });
            }
            assertTrue(someStored.await(10, TimeUnit.SECONDS), "publishing got going");
            hub.shutdown(5000);
            publishers.shutdown();
            assertTrue(publishers.awaitTermination(10, TimeUnit.SECONDS));

            int stored = 0;
            for (CompletableFuture<StoredMessage> f : futures) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                    stored++;
                } catch (ExecutionException refused) {
                    assertTrue(refused.getCause().getMessage().contains("shutting down"), refused.getCause().toString());
                } catch (TimeoutException e) {
                    throw new AssertionError("a publish racing the shutdown was never answered (round " + round + ")");
                }
            }
            assertEquals(stored, new JdbcHistory(db).count(), "every acknowledged publish is stored, and nothing else");
        }
    }

    @Test
    void aDrainThatWakesAParkedCatchUpAfterThePoolsStoppedStillDeliversWhatItTook() throws Exception {
        JdbcMessageLog log = new JdbcMessageLog(InMemoryDatabase.fresh("parked-catch-up"));
        List<NewMessage> backlog = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            backlog.add(new NewMessage("backlog", null, "m" + i));
        }
        List<StoredMessage> stored = log.append(backlog);
        ExecutorService catchUps = Executors.newSingleThreadExecutor();
        Hub hub = hubs.created(new Hub(log, HubFixture.settings(8, 16, 100), new HubObserver() { },
                Hub.Topology.SINGLE_NODE, Audiences.EVERYONE, catchUps));
        hub.start();

        Subscriber s = hub.open(Set.of("backlog"), HubFixture.info());
        RecordingOutlet client = RecordingOutlet.stalled(s);
        hub.subscribe(s, client, OptionalLong.of(0));
        // The catch-up runs until the queue is full and parks; then its thread stops.
        catchUps.shutdown();
        assertTrue(catchUps.awaitTermination(10, TimeUnit.SECONDS), "the catch-up parked");
        assertEquals(8, s.queueDepth(), "the catch-up filled the queue and parked");

        client.drain();

        String text = client.text();
        StringBuilder expected = new StringBuilder(HubFixture.RETRY_FRAME);
        for (StoredMessage m : stored.subList(0, 7)) {
            expected.append(new String(Frames.message(m.id(), null, m.data()), StandardCharsets.UTF_8));
        }
        assertEquals(expected.toString(), text);
    }
}
