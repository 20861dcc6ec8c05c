package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import io.herald.it.support.StandaloneProcess;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 can reopen after a killed process at an older version of its file (docs/reliability.md). The
 * journal puts back what it lost: Herald in its own JVM is killed with SIGKILL after six
 * acknowledged publishes, its database file is rolled back to before them (as H2's recovery does
 * when it stops at an older chunk), and the restarted Herald serves all six again.
 */
class JournalRecoveryTest {

    private static final String AUTH = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    @TempDir
    Path data;

    private static long publish(StandaloneProcess herald, String data) throws Exception {
        HttpResponse<String> r = SseSubscription.HTTP.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Authorization", AUTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"orders\",\"event\":\"created\",\"data\":\"" + data + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsLong();
    }

    private static HttpResponse<String> get(StandaloneProcess herald, String path) throws Exception {
        return SseSubscription.HTTP.send(HttpRequest.newBuilder(herald.uri(path)).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void messagesTheDatabaseLostInACrashArePutBackFromTheJournal() throws Exception {
        StandaloneProcess first = new StandaloneProcess(data, List.of());
        for (int i = 1; i <= 4; i++) {
            assertEquals(i, publish(first, "before " + i));
        }
        TortureTarget.stop(first.process()); // a clean stop: the database holds everything, the journal is emptied
        Path db = data.resolve("herald.mv.db");
        Path older = data.resolve("older.mv.db");
        Files.copy(db, older);

        StandaloneProcess second = new StandaloneProcess(data, List.of());
        for (int i = 5; i <= 10; i++) {
            assertEquals(i, publish(second, "after " + i));
        }
        TortureTarget.kill(second.process());
        Files.copy(older, db, StandardCopyOption.REPLACE_EXISTING); // H2 reopens at the version before 5..10

        StandaloneProcess third = new StandaloneProcess(data, List.of());
        try {
            for (int i = 5; i <= 10; i++) {
                HttpResponse<String> r = get(third, "/api/messages/" + i);
                assertEquals(200, r.statusCode(), "acknowledged message " + i + " is back: " + r.body());
                JsonObject m = JsonParser.parseString(r.body()).getAsJsonObject();
                assertEquals("after " + i, m.get("data").getAsString());
                assertEquals("created", m.get("event").getAsString());
            }
            assertEquals(11, publish(third, "after the crash"), "ids go on after the restored ones");
            HttpResponse<String> history = get(third, "/api/messages?channel=orders&after=0&limit=100");
            assertEquals(11, JsonParser.parseString(history.body()).getAsJsonObject().getAsJsonArray("messages").size());
            assertTrue(Files.size(data.resolve("herald-journal.a")) > 0, "the journal keeps the restored messages until a clean stop");
        } finally {
            TortureTarget.stop(third.process());
        }
        for (String segment : new String[] {"herald-journal.a", "herald-journal.b"}) {
            Path file = data.resolve(segment);
            assertEquals(0, Files.exists(file) ? Files.size(file) : 0, "a clean stop empties the journal: " + segment);
        }
    }
}
