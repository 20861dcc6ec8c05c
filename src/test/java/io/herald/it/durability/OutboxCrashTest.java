package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.OutboxDatabase;
import io.herald.it.support.StandaloneProcess;
import io.herald.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application's outbox in its own database (a second H2 over TCP; a real PostgreSQL too when
 * {@code -Dherald.outbox-crash.postgresql=true}: about a minute more, so {@code mvn verify} leaves it
 * to long runs, and OutboxTest drains a real PostgreSQL outbox in process),
 * drained by Herald in its own JVM, killed with SIGKILL in the middle of draining: after the
 * restart every committed row is published exactly once, in the order it was written, rows of
 * transactions that rolled back are never published, and the outbox ends empty.
 */
class OutboxCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHANNEL = "outbox-crash";
    private static final int TRANSACTIONS = 120;
    private static final int ROWS_PER_TRANSACTION = 10;

    @TempDir
    Path dir;

    /** The data of the messages Herald stored on the channel, in id order. */
    private static List<String> published(StandaloneProcess herald) {
        List<String> data = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonArray page = JsonParser.parseString(HeraldServer.call(herald.uri("/api/messages?channel=" + CHANNEL
                    + "&limit=1000&after=" + after), "GET", null, null).body()).getAsJsonObject().getAsJsonArray("messages");
            if (page.isEmpty()) {
                return data;
            }
            for (JsonElement e : page) {
                after = e.getAsJsonObject().get("id").getAsLong();
                data.add(e.getAsJsonObject().get("data").getAsString());
            }
        }
    }

    static Stream<String> databases() {
        return Boolean.getBoolean("herald.outbox-crash.postgresql") ? Stream.of("h2", "postgresql") : Stream.of("h2");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void everyCommittedRowIsPublishedOnceInOrderAcrossKills(String database) throws Exception {
        Path herald = Files.createDirectories(dir.resolve("herald"));
        try (OutboxDatabase app = database.equals("h2") ? OutboxDatabase.h2(Files.createDirectories(dir.resolve("app")))
                : OutboxDatabase.postgres("app")) {
            List<String> committed = new ArrayList<>();
            for (int t = 0; t < TRANSACTIONS; t++) {
                int first = t * ROWS_PER_TRANSACTION;
                List<String> rows = IntStream.range(first, first + ROWS_PER_TRANSACTION).mapToObj(i -> "row-" + i).toList();
                boolean commit = t % 7 != 3;
                app.write(CHANNEL, commit ? rows : rows.stream().map(r -> "rolled-back-" + r).toList(), commit);
                if (commit) {
                    committed.addAll(rows);
                }
            }
            // Small passes, so that draining takes a while and each kill lands in the middle of it.
            List<String> settings = app.settings("app", "20", "5");
            int total = committed.size();
            StandaloneProcess node = new StandaloneProcess(herald, settings);
            long goal = total / 3;
            Wait.until(WAIT, () -> "Herald to drain " + goal + " of " + total + " rows, " + app.waiting() + " wait",
                    () -> total - app.waiting() >= goal);
            node.kill();
            long left = app.waiting();
            assertTrue(left > 0 && left < total, "killed in the middle of draining: " + left + " rows wait");
            assertTrue(!node.process().isAlive());
            node = new StandaloneProcess(herald, settings);
            try {
                Wait.until(WAIT, () -> "the outbox to empty, " + app.waiting() + " rows wait", () -> app.waiting() == 0);
                StandaloneProcess last = node;
                Wait.until(WAIT, "every row to be stored", () -> published(last).size() >= total);
                assertEquals(committed, published(node), "every committed row once, in order, and nothing rolled back");

                app.write(CHANNEL, List.of("after-restarts"), true);
                app.write(CHANNEL, List.of("rolled-back-late"), false);
                Wait.until(WAIT, "the late row", () -> published(last).size() == total + 1);
                assertEquals("after-restarts", published(node).get(total));
            } finally {
                node.close();
            }
        }
    }
}
