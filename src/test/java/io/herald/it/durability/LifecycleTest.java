package io.herald.it.durability;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping Herald ends every stream cleanly and leaves nothing running; its data survives a restart. */
class LifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private static List<String> heraldThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("herald")).toList();
    }

    @Test
    void undeployingCompletesOpenStreamsWithACloseEventAndStopsEveryHeraldThread() throws Exception {
        HeraldServer herald = HeraldServer.start(dataDir, Map.of("herald.shutdown.reconnect-spread-ms", "0"));
        SseSubscription a = herald.subscribe("/events?channel=life");
        SseSubscription b = herald.subscribe("/events?channel=life&channel=other");
        Wait.until(WAIT, "both registered", () -> herald.hub().gauges().connectionCount() == 2);
        assertTrue(heraldThreads().stream().anyMatch(n -> n.startsWith("herald-sequencer")), heraldThreads().toString());

        herald.close();

        for (SseSubscription s : List.of(a, b)) {
            s.awaitEnd(WAIT);
            List<SseParser.Event> events = s.drain();
            assertEquals(new SseParser.Event("close", "{\"reason\":\"shutdown\",\"reconnectAfterMs\":3000}", ""),
                    events.get(events.size() - 1));
            assertEquals(3000, s.parser().retry(), "without spread: the retry delay");
        }
        Wait.until(WAIT, () -> "no Herald thread left: " + heraldThreads(), () -> heraldThreads().isEmpty());
    }

    @Test
    void stoppingTheWholeServerEndsOpenStreamsAndStopsEveryHeraldThread() throws Exception {
        HeraldServer herald = HeraldServer.start(dataDir);
        SseSubscription s = herald.subscribe("/events?channel=life");
        Wait.until(WAIT, "registered", () -> herald.hub().gauges().connectionCount() == 1);
        try {
            herald.stopServer();
        } catch (java.util.concurrent.TimeoutException gracefulStopWaitedForTheStream) {
            // Jetty's graceful stop waits for open connections; it then closes them and goes on stopping.
        }
        s.awaitEnd(WAIT);
        Wait.until(WAIT, () -> "no Herald thread left: " + heraldThreads(), () -> heraldThreads().isEmpty());
    }

    @Test
    void messagesAndIdsSurviveARestartOnTheSameDatabase() throws Exception {
        long first;
        long second;
        try (HeraldServer herald = HeraldServer.start(dataDir)) {
            first = herald.publish("durable", null, "one");
            second = herald.publish("durable", "e", "two");
        }
        try (HeraldServer herald = HeraldServer.start(dataDir)) {
            long third = herald.publish("durable", null, "three");
            assertTrue(third > second, "ids keep increasing across a restart");
            try (SseSubscription s = herald.subscribe("/events?channel=durable&lastEventId=" + first)) {
                List<SseParser.Event> events = s.next(2, WAIT);
                assertEquals(new SseParser.Event("e", "two", Long.toString(second)), events.get(0));
                assertEquals(new SseParser.Event("message", "three", Long.toString(third)), events.get(1));
            }
        }
    }

    @Test
    void anInvalidSettingStopsStartupWithAnErrorNamingTheSetting() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> HeraldServer.start(dataDir, Map.of("herald.stream.heartbeat-ms", "soon")).close());
        Throwable cause = e;
        StringBuilder messages = new StringBuilder();
        while (cause != null) {
            messages.append(cause.getMessage()).append(" | ");
            cause = cause.getCause();
        }
        assertTrue(messages.toString().contains("herald.stream.heartbeat-ms must be a whole number"), messages.toString());
        Wait.until(WAIT, () -> "no Herald thread left: " + heraldThreads(), () -> heraldThreads().isEmpty());
    }
}
