package io.herald.store;

import static io.herald.store.MessageTables.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the guarded log does at start after an unclean stop (the message journal is not empty):
 * every journaled message the database does not hold is put back, wherever it lost it, and the
 * indexes are rebuilt, on a real H2 file that came back from a {@code kill -9} with its channel
 * index behind its table.
 */
class GuardedMessageLogTest {

    @TempDir
    Path dir;

    private static void execute(JdbcDataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private MessageJournal journalOf(List<StoredMessage> messages) {
        MessageJournal journal = MessageJournal.open(dir.resolve("journal"), false);
        journal.append(messages.stream().map(m -> new Journaled(m, null)).toList());
        return journal;
    }

    @Test
    void aMessageTheDatabaseLostBelowItsNewestIsPutBackFromTheJournal() throws Exception {
        JdbcDataSource dataSource = InMemoryDatabase.fresh("guarded");
        MessageTables tables = new MessageTables(dataSource);
        List<StoredMessage> stored = tables.log.append(List.of(new NewMessage("orders", "created", "one"),
                new NewMessage("orders", null, "two"), new NewMessage("orders", null, "three"),
                new NewMessage("orders", null, "four"), new NewMessage("orders", null, "five")));
        execute(dataSource, "DELETE FROM herald_message WHERE id = " + stored.get(2).id());

        try (MessageJournal journal = journalOf(stored); IdWatermark mark = IdWatermark.open(dir.resolve("mark"))) {
            GuardedMessageLog guarded = GuardedMessageLog.guard(tables.log, mark, journal);

            List<StoredMessage> back = guarded.readAfter(Set.of("orders"), 0, Long.MAX_VALUE, 100);
            assertEquals(ids(stored), ids(back), "the message lost below the newest is back, in its place");
            assertEquals("three", back.get(2).data());
            assertEquals(stored.get(4).id() + 1, guarded.append(List.of(new NewMessage("orders", null, "six"))).get(0).id());
        }
    }

    @Test
    void whatRetentionPrunedStaysPruned() throws Exception {
        JdbcDataSource dataSource = InMemoryDatabase.fresh("guarded-pruned");
        MessageTables tables = new MessageTables(dataSource);
        List<StoredMessage> stored = tables.log.append(List.of(new NewMessage("orders", null, "one"),
                new NewMessage("orders", null, "two"), new NewMessage("orders", null, "three")));
        tables.pruning.pruneThrough("orders", stored.get(1).id());

        try (MessageJournal journal = journalOf(stored); IdWatermark mark = IdWatermark.open(dir.resolve("mark"))) {
            GuardedMessageLog guarded = GuardedMessageLog.guard(tables.log, mark, journal);

            assertEquals(List.of(stored.get(2).id()), ids(guarded.readAfter(Set.of("orders"), 0, Long.MAX_VALUE, 100)));
        }
    }

    /**
     * {@code h2-index-behind-table.mv.db}: the H2 file of a torture run (docs/reliability.md), cut
     * down to the four rows around the loss. After a {@code kill -9} H2 reopened it with row 133910
     * in the table (found by id) but not in the index on (channel, id), so catch-up skipped it; the
     * journal held it, and the old recovery left it, as the table had it.
     */
    @Test
    void aChannelIndexThatCameBackBehindItsTableIsRebuilt() throws Exception {
        try (InputStream fixture = getClass().getResourceAsStream("h2-index-behind-table.mv.db")) {
            Files.copy(fixture, dir.resolve("herald.mv.db"));
        }
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("herald").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        dataSource.setUser("sa");
        JdbcMessageLog log = new JdbcMessageLog(dataSource);
        Set<String> channel = Set.of("t/7");
        assertEquals(List.of(133894L, 133929L), ids(log.readAfter(channel, 133881, Long.MAX_VALUE, 100)),
                "the fixture still shows the crash: the index misses 133910");
        // As at start: the migrations first (a later one may rewrite the table), then the guard.
        Schema.migrate(dataSource);
        List<StoredMessage> journaled = List.of(
                new StoredMessage(133881, "t/7", null, "r149-p7-47", Instant.parse("2026-12-02T18:02:18.317Z")),
                new StoredMessage(133894, "t/7", null, "r149-p7-48", Instant.parse("2026-12-02T18:02:18.478Z")),
                new StoredMessage(133910, "t/7", null, "r149-p7-49", Instant.parse("2026-12-02T18:02:18.581Z")),
                new StoredMessage(133929, "t/7", null, "r150-p7-0", Instant.parse("2026-12-02T18:02:36.369Z")));

        try (MessageJournal journal = journalOf(journaled); IdWatermark mark = IdWatermark.open(dir.resolve("mark"))) {
            GuardedMessageLog guarded = GuardedMessageLog.guard(log, mark, journal);

            List<StoredMessage> caughtUp = guarded.readAfter(channel, 133881, Long.MAX_VALUE, 100);
            assertEquals(List.of(133894L, 133910L, 133929L), ids(caughtUp), "catch-up finds every acknowledged message");
            assertEquals("r149-p7-49", caughtUp.get(1).data());
        } finally {
            execute(dataSource, "SHUTDOWN");
        }
    }
}
