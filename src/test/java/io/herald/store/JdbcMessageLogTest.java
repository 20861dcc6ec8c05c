package io.herald.store;

import static io.herald.store.MessageTables.ids;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The message log on H2 in memory, with the schema from the real {@code sql/} files; the history reads back what it stored. */
class JdbcMessageLogTest {

    private JdbcDataSource dataSource;
    private MessageTables tables;
    private JdbcMessageLog log;
    private JdbcHistory history;
    private JdbcPruning pruning;

    @BeforeEach
    void freshDatabase() {
        dataSource = InMemoryDatabase.fresh("messagelog");
        tables = new MessageTables(dataSource);
        log = tables.log;
        history = tables.history;
        pruning = tables.pruning;
    }

    @Test
    void appendReturnsIdsAscendingInBatchOrder() {
        List<NewMessage> batch = List.of(
                new NewMessage("a", "e1", "one"),
                new NewMessage("b", null, "two"),
                new NewMessage("a", "e3", "three"));

        List<StoredMessage> stored = log.append(batch);

        assertEquals(3, stored.size());
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(batch.get(i).channel(), stored.get(i).channel());
            assertEquals(batch.get(i).event(), stored.get(i).event());
            assertEquals(batch.get(i).data(), stored.get(i).data());
        }
        assertTrue(stored.get(0).id() < stored.get(1).id() && stored.get(1).id() < stored.get(2).id(),
                () -> "ids " + ids(stored));
        List<StoredMessage> next = log.append(List.of(new NewMessage("a", null, "four"), new NewMessage("a", null, "five")));
        assertTrue(stored.get(2).id() < next.get(0).id() && next.get(0).id() < next.get(1).id(),
                () -> "first batch " + ids(stored) + ", second " + ids(next));
    }

    @Test
    void appendedIdsAreTheIdsTheRowsWereStoredUnder() {
        List<StoredMessage> stored = log.append(List.of(
                new NewMessage("a", null, "one"), new NewMessage("b", null, "two"), new NewMessage("c", null, "three")));

        for (StoredMessage m : stored) {
            assertEquals(Optional.of(m), history.find(m.id()));
        }
    }

    @Test
    void appendIsCommittedAndVisibleFromAnotherConnection() throws SQLException {
        List<StoredMessage> stored = log.append(List.of(new NewMessage("orders", "created", "{\"n\":1}"),
                new NewMessage("orders", null, "{\"n\":2}")));

        try (Connection other = dataSource.getConnection();
                PreparedStatement ps = other.prepareStatement(
                        "SELECT id, channel, event, data FROM herald_message ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(stored.get(0).id(), rs.getLong(1));
            assertEquals("orders", rs.getString(2));
            assertEquals("created", rs.getString(3));
            assertEquals("{\"n\":1}", rs.getString(4));
            assertTrue(rs.next());
            assertEquals(stored.get(1).id(), rs.getLong(1));
            assertNull(rs.getString(3));
            assertFalse(rs.next());
        }
    }

    @Test
    void appendOfAnEmptyBatchStoresNothing() {
        assertEquals(List.of(), log.append(List.of()));
        assertEquals(0, history.count());
    }

    @Test
    void readAfterReturnsOnlyTheRequestedChannelsInIdOrder() {
        List<StoredMessage> stored = log.append(List.of(
                new NewMessage("a", null, "a1"), new NewMessage("b", null, "b1"), new NewMessage("c", null, "c1"),
                new NewMessage("a", null, "a2"), new NewMessage("c", null, "c2"), new NewMessage("b", null, "b2")));
        long last = log.lastId();

        List<StoredMessage> ac = log.readAfter(Set.of("a", "c"), 0, last, 100);

        assertEquals(List.of("a1", "c1", "a2", "c2"), ac.stream().map(StoredMessage::data).toList());
        assertEquals(List.of(stored.get(0), stored.get(2), stored.get(3), stored.get(4)), ac);
        assertEquals(List.of("b1", "b2"),
                log.readAfter(Set.of("b"), 0, last, 100).stream().map(StoredMessage::data).toList());
        assertEquals(List.of(), log.readAfter(Set.of("nobody"), 0, last, 100));
    }

    @Test
    void readAfterWithNoChannelsReadsEveryChannel() {
        List<StoredMessage> stored = log.append(List.of(
                new NewMessage("a", null, "1"), new NewMessage("b", null, "2"), new NewMessage("c", null, "3")));

        assertEquals(stored, log.readAfter(Set.of(), 0, log.lastId(), 100));
    }

    @Test
    void readAfterExcludesTheAfterIdAndIncludesTheUpToId() {
        List<Long> ids = tables.appendEach("a", "1", "2", "3", "4", "5");

        assertEquals(ids.subList(1, 4), ids(log.readAfter(Set.of("a"), ids.get(0), ids.get(3), 100)));
        assertEquals(ids.subList(4, 5), ids(log.readAfter(Set.of("a"), ids.get(3), ids.get(4), 100)));
        assertEquals(List.of(), ids(log.readAfter(Set.of("a"), ids.get(4), ids.get(4) + 100, 100)));
        assertEquals(List.of(), ids(log.readAfter(Set.of("a"), ids.get(2), ids.get(2), 100)));
        assertEquals(List.of(), ids(log.readAfter(Set.of("a"), ids.get(3), ids.get(1), 100)));
    }

    @Test
    void aPageStopsBeforeItsMessagesPassTheBytesAskedForButAlwaysHoldsOne() {
        // "é" is two bytes in UTF-8: the sizes are counted as stored, not in characters.
        List<Long> ids = tables.appendEach("a", "x".repeat(1000), "é".repeat(500), "x".repeat(1000), "x".repeat(5000), "x");
        long last = log.lastId();

        MessageLog.Page two = log.readPage(Set.of("a"), 0, last, 100, 2500);
        assertEquals(ids.subList(0, 2), ids(two.messages()));
        assertTrue(two.more(), "cut by bytes: more may follow");
        MessageLog.Page oversized = log.readPage(Set.of("a"), ids.get(2), last, 100, 10);
        assertEquals(ids.subList(3, 4), ids(oversized.messages()), "one message larger than the bytes still comes");
        assertTrue(oversized.more());
        MessageLog.Page rest = log.readPage(Set.of("a"), ids.get(3), last, 100, 2500);
        assertEquals(ids.subList(4, 5), ids(rest.messages()));
        assertFalse(rest.more(), "the range is done");
        MessageLog.Page byRows = log.readPage(Set.of("a"), 0, last, 2, Long.MAX_VALUE);
        assertEquals(ids.subList(0, 2), ids(byRows.messages()));
        assertTrue(byRows.more(), "cut by the row limit: more may follow");
        assertEquals(List.of(), log.readPage(Set.of("b"), 0, last, 100, 2500).messages());
        assertFalse(log.readPage(Set.of("b"), 0, last, 100, 2500).more());
    }

    @Test
    void readAfterReturnsAtMostLimitMessagesFromTheOldest() {
        List<Long> ids = tables.appendEach("a", "1", "2", "3", "4", "5");
        long last = log.lastId();

        assertEquals(ids.subList(0, 2), ids(log.readAfter(Set.of("a"), 0, last, 2)));
        assertEquals(ids.subList(2, 4), ids(log.readAfter(Set.of("a"), ids.get(1), last, 2)));
        assertEquals(ids.subList(4, 5), ids(log.readAfter(Set.of("a"), ids.get(3), last, 2)));
        assertEquals(ids.subList(0, 1), ids(log.readAfter(Set.of(), 0, last, 1)));
        assertEquals(List.of(), log.readAfter(Set.of("a"), 0, last, 0));
    }

    @Test
    void readAfterPagesThroughInterleavedChannelsWithoutGapsOrRepeats() {
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<StoredMessage> pair = log.append(List.of(new NewMessage("mine", null, "m" + i),
                    new NewMessage("other", null, "o" + i)));
            expected.add(pair.get(0).id());
        }
        long last = log.lastId();

        List<Long> read = new ArrayList<>();
        long cursor = 0;
        List<StoredMessage> page;
        while (!(page = log.readAfter(Set.of("mine"), cursor, last, 7)).isEmpty()) {
            read.addAll(ids(page));
            cursor = page.get(page.size() - 1).id();
            assertTrue(read.size() <= expected.size(), () -> "paging does not end: " + read);
        }

        assertEquals(expected, read);
    }

    @Test
    void emptyLogHasLastIdZeroAndCountZero() {
        assertEquals(0, log.lastId());
        assertEquals(0, history.count());
        assertEquals(List.of(), log.readAfter(Set.of(), 0, Long.MAX_VALUE, 100));
    }

    @Test
    void lastIdAndCountFollowAppends() {
        List<StoredMessage> first = log.append(List.of(new NewMessage("a", null, "1"), new NewMessage("b", null, "2")));
        assertEquals(first.get(1).id(), log.lastId());
        assertEquals(2, history.count());

        List<StoredMessage> second = log.append(List.of(new NewMessage("c", null, "3")));
        assertEquals(second.get(0).id(), log.lastId());
        assertEquals(3, history.count());
    }

    @Test
    void nullEventRoundTripsAsNull() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", null, "x"))).get(0);

        assertNull(stored.event());
        assertNull(history.find(stored.id()).orElseThrow().event());
        assertNull(log.readAfter(Set.of("a"), 0, stored.id(), 1).get(0).event());
    }

    @Test
    void emptyDataRoundTripsAsEmptyNotNull() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", null, ""))).get(0);

        assertEquals("", history.find(stored.id()).orElseThrow().data());
    }

    @Test
    void dataOf200000CharactersRoundTrips() {
        StringBuilder big = new StringBuilder(200_000);
        for (int i = 0; big.length() < 200_000; i++) {
            big.append((char) ('a' + i % 26));
        }
        String data = big.toString();

        StoredMessage stored = log.append(List.of(new NewMessage("big", null, data))).get(0);

        String found = history.find(stored.id()).orElseThrow().data();
        assertEquals(200_000, found.length());
        assertEquals(data, found);
        assertEquals(data, log.readAfter(Set.of("big"), 0, stored.id(), 1).get(0).data());
    }

    @Test
    void unicodeAndLineBreaksRoundTrip() {
        String data = "grüße 日本 \uD83C\uDF89\r\nline\ttab";
        String event = "ünïcødé 事件 \uD83C\uDF89";

        StoredMessage stored = log.append(List.of(new NewMessage("a", event, data))).get(0);

        StoredMessage found = history.find(stored.id()).orElseThrow();
        assertEquals(data, found.data());
        assertEquals(event, found.event());
    }

    @Test
    void channelAndEventOf128CharactersFit() {
        String channel = "c".repeat(128);
        String event = "é".repeat(128);

        StoredMessage stored = log.append(List.of(new NewMessage(channel, event, "x"))).get(0);

        assertEquals(List.of(stored), log.readAfter(Set.of(channel), 0, stored.id(), 10));
        assertEquals(event, history.find(stored.id()).orElseThrow().event());
    }

    @Test
    void migratingTwiceIsHarmless() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", "e", "kept"))).get(0);

        assertDoesNotThrow(() -> Schema.migrate(dataSource));

        assertEquals(Optional.of(stored), history.find(stored.id()));
        assertEquals(1, history.count());
        StoredMessage next = log.append(List.of(new NewMessage("a", null, "after"))).get(0);
        assertTrue(next.id() > stored.id());
    }

    @Test
    void continueAfterMovesIdsPastTheGivenIdAndNeverBack() {
        log.append(List.of(new NewMessage("a", null, "one")));
        log.continueAfter(100);
        assertEquals(101, log.append(List.of(new NewMessage("a", null, "two"))).get(0).id());
        log.continueAfter(50);
        assertEquals(102, log.append(List.of(new NewMessage("a", null, "three"))).get(0).id());
    }

    @Test
    void aGuardedLogBehindItsMarkContinuesAboveTheMark(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        log.append(List.of(new NewMessage("a", null, "one"), new NewMessage("a", null, "two")));
        try (IdWatermark mark = IdWatermark.open(dir.resolve("mark"))) {
            mark.record(40);
            MessageLog guarded = GuardedMessageLog.guard(log, mark, null);
            assertEquals(40, guarded.lastId());
            assertEquals(41, guarded.append(List.of(new NewMessage("a", null, "three"))).get(0).id());
            assertEquals(41, mark.value());
        }
        try (IdWatermark reopened = IdWatermark.open(dir.resolve("mark"))) {
            assertEquals(41, reopened.value(), "the mark survives a restart");
        }
    }

    @Test
    void aLogEmptiedByRetentionIsNotMistakenForALostOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        long last = log.append(List.of(new NewMessage("a", null, "one"), new NewMessage("a", null, "two"))).get(1).id();
        pruning.pruneThrough("a", last);
        try (IdWatermark mark = IdWatermark.open(dir.resolve("mark"))) {
            mark.record(last);
            GuardedMessageLog.guard(log, mark, null);
            assertEquals(last + 1, log.append(List.of(new NewMessage("a", null, "three"))).get(0).id());
        }
    }
}
