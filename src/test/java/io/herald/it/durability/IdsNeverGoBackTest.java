package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids never go back: Herald restarted on a database restored from an older backup says so
 * loudly and hands out ids above every id it acknowledged before, so a client holding one of
 * those ids is never given a different message under it.
 */
class IdsNeverGoBackTest {

    @TempDir
    Path data;

    @Test
    void aDatabaseRestoredFromAnOlderBackupNeverReusesAnAcknowledgedId() throws Exception {
        try (HeraldServer herald = HeraldServer.start(data, Map.of())) {
            for (int i = 1; i <= 4; i++) {
                assertEquals(i, herald.publish("orders", null, "before backup " + i));
            }
        }
        Path db = data.resolve("herald.mv.db");
        Path backup = data.resolve("backup.mv.db");
        Files.copy(db, backup);
        try (HeraldServer herald = HeraldServer.start(data, Map.of())) {
            for (int i = 5; i <= 10; i++) {
                assertEquals(i, herald.publish("orders", null, "after backup " + i));
            }
        }
        Files.copy(backup, db, StandardCopyOption.REPLACE_EXISTING);

        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger("io.herald.store.GuardedMessageLog");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (HeraldServer herald = HeraldServer.start(data, Map.of());
                SseSubscription resumed = SseSubscription.open(herald.uri("/events?channel=orders"),
                        Map.of("Last-Event-ID", "10"))) {
            assertEquals(1, errors.size(), "one loud error at start");
            String said = errors.get(0).getMessage();
            assertTrue(said.contains("ends at id 4") && said.contains("up to 10"), said);
            assertEquals(404, HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages/7"))
                    .header("Authorization", HeraldServer.basic(HeraldServer.ADMIN, HeraldServer.PASSWORD)).build())
                    .statusCode(), "message 7 is not in the restored database");
            assertEquals(11, herald.publish("orders", null, "after restore"), "the next id is above every id handed out");
            SseParser.Event next = resumed.next(Duration.ofSeconds(10));
            assertEquals("11", next.lastEventId(), "a client at id 10 gets the new message, not a reset");
            assertEquals("after restore", next.data());
        } finally {
            logger.removeHandler(capture);
        }
    }
}
