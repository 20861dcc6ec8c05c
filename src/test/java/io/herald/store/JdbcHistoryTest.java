package io.herald.store;

import static io.herald.store.MessageTables.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history of messages on H2 in memory, with the schema from the real {@code sql/} files. */
class JdbcHistoryTest {

    private MessageTables tables;
    private JdbcMessageLog log;
    private JdbcHistory history;

    @BeforeEach
    void freshDatabase() {
        tables = new MessageTables(InMemoryDatabase.fresh("history"));
        log = tables.log;
        history = tables.history;
    }

    @Test
    void findReturnsTheStoredMessage() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", "created", "payload"))).get(0);

        StoredMessage found = history.find(stored.id()).orElseThrow();

        assertEquals(stored, found);
        assertEquals("a", found.channel());
        assertEquals("created", found.event());
        assertEquals("payload", found.data());
        assertEquals(stored.createdAt(), found.createdAt());
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertEquals(Optional.empty(), history.find(1));
        long id = log.append(List.of(new NewMessage("a", null, "x"))).get(0).id();
        assertEquals(Optional.empty(), history.find(id + 1));
        assertEquals(Optional.empty(), history.find(0));
        assertEquals(Optional.empty(), history.find(-1));
    }

    @Test
    void readAfterGivesTheApiTheMessagesAfterAnIdOldestFirst() {
        List<Long> a = tables.appendEach("a", "1", "2", "3");
        tables.appendEach("b", "x");
        assertEquals(a.subList(1, 3), ids(history.readAfter(Set.of("a"), a.get(0), Long.MAX_VALUE, 10)));
        assertEquals(a.subList(1, 2), ids(history.readAfter(Set.of("a"), a.get(0), Long.MAX_VALUE, 1)));
    }

    @Test
    void searchPagesNewestFirstByChannelAndLiteralText() {
        List<Long> a = tables.appendEach("a", "red 50%", "blue", "red_x", "red");
        tables.appendEach("b", "red 50%");
        assertEquals(List.of(a.get(3), a.get(2), a.get(0)), ids(history.search("a", "red", Long.MAX_VALUE, 10)));
        assertEquals(List.of(a.get(2), a.get(0)), ids(history.search("a", "red", a.get(3), 10)));
        assertEquals(List.of(a.get(0)), ids(history.search("a", "50%", Long.MAX_VALUE, 10)), "% is literal");
        assertEquals(List.of(a.get(2)), ids(history.search("a", "d_", Long.MAX_VALUE, 10)), "_ is literal");
        assertEquals(2, history.search(null, "50%", Long.MAX_VALUE, 10).size());
        assertEquals(List.of(a.get(3)), ids(history.search("a", null, Long.MAX_VALUE, 1)));
    }

    @Test
    void channelsMostRecentlyUsedFirstAndSizeIsKnown() {
        tables.appendEach("old", "x");
        tables.appendEach("new", "y");
        tables.appendEach("mid", "z");
        tables.appendEach("new", "w");
        assertEquals(List.of("new", "mid", "old"), history.channels(10));
        assertEquals(List.of("new"), history.channels(1));
    }

    @Test
    void theSizeOfAFileDatabaseIsKnown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL("jdbc:h2:file:" + dir.resolve("size") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        file.setUser("sa");
        Schema.migrate(file);
        MessageTables onDisk = new MessageTables(file);
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(new NewMessage("size", null, "x".repeat(1000)));
        }
        onDisk.log.append(batch);
        long size = onDisk.history.sizeBytes();
        assertTrue(size > 200_000, "the H2 file holds 200 KB of data: " + size);
        assertTrue(size < 50_000_000, "and not absurdly more: " + size);
    }
}
