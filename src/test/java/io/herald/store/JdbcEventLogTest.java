package io.herald.store;

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

/** The event log on H2 in memory, with the schema from the real {@code sql/} files. */
class JdbcEventLogTest {

    private JdbcDataSource dataSource;
    private JdbcEventLog log;

    @BeforeEach
    void freshDatabase() {
        dataSource = InMemoryDatabase.fresh("eventlog");
        log = new JdbcEventLog(dataSource);
    }

    private static List<Long> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    /** Appends one message per data string, each on its own, and returns their ids. */
    private List<Long> appendEach(String channel, String... data) {
        List<Long> ids = new ArrayList<>();
        for (String d : data) {
            ids.add(log.append(List.of(new NewMessage(channel, null, d))).get(0).id());
        }
        return ids;
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
            assertEquals(Optional.of(m), log.find(m.id()));
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
        assertEquals(0, log.count());
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
        List<Long> ids = appendEach("a", "1", "2", "3", "4", "5");

        assertEquals(ids.subList(1, 4), ids(log.readAfter(Set.of("a"), ids.get(0), ids.get(3), 100)));
        assertEquals(ids.subList(4, 5), ids(log.readAfter(Set.of("a"), ids.get(3), ids.get(4), 100)));
        assertEquals(List.of(), ids(log.readAfter(Set.of("a"), ids.get(4), ids.get(4) + 100, 100)));
        assertEquals(List.of(), ids(log.readAfter(Set.of("a"), ids.get(2), ids.get(2), 100)));
        assertEquals(List.of(), ids(log.readAfter(Set.of("a"), ids.get(3), ids.get(1), 100)));
    }

    @Test
    void aPageStopsBeforeItsMessagesPassTheBytesAskedForButAlwaysHoldsOne() {
        // "é" is two bytes in UTF-8: the sizes are counted as stored, not in characters.
        List<Long> ids = appendEach("a", "x".repeat(1000), "é".repeat(500), "x".repeat(1000), "x".repeat(5000), "x");
        long last = log.lastId();

        EventLog.Page two = log.readPage(Set.of("a"), 0, last, 100, 2500);
        assertEquals(ids.subList(0, 2), ids(two.messages()));
        assertTrue(two.more(), "cut by bytes: more may follow");
        EventLog.Page oversized = log.readPage(Set.of("a"), ids.get(2), last, 100, 10);
        assertEquals(ids.subList(3, 4), ids(oversized.messages()), "one message larger than the bytes still comes");
        assertTrue(oversized.more());
        EventLog.Page rest = log.readPage(Set.of("a"), ids.get(3), last, 100, 2500);
        assertEquals(ids.subList(4, 5), ids(rest.messages()));
        assertFalse(rest.more(), "the range is done");
        EventLog.Page byRows = log.readPage(Set.of("a"), 0, last, 2, Long.MAX_VALUE);
        assertEquals(ids.subList(0, 2), ids(byRows.messages()));
        assertTrue(byRows.more(), "cut by the row limit: more may follow");
        assertEquals(List.of(), log.readPage(Set.of("b"), 0, last, 100, 2500).messages());
        assertFalse(log.readPage(Set.of("b"), 0, last, 100, 2500).more());
    }

    @Test
    void readAfterReturnsAtMostLimitMessagesFromTheOldest() {
        List<Long> ids = appendEach("a", "1", "2", "3", "4", "5");
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
    void findReturnsTheStoredMessage() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", "created", "payload"))).get(0);

        StoredMessage found = log.find(stored.id()).orElseThrow();

        assertEquals(stored, found);
        assertEquals("a", found.channel());
        assertEquals("created", found.event());
        assertEquals("payload", found.data());
        assertEquals(stored.createdAt(), found.createdAt());
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertEquals(Optional.empty(), log.find(1));
        long id = log.append(List.of(new NewMessage("a", null, "x"))).get(0).id();
        assertEquals(Optional.empty(), log.find(id + 1));
        assertEquals(Optional.empty(), log.find(0));
        assertEquals(Optional.empty(), log.find(-1));
    }

    @Test
    void emptyLogHasLastIdZeroAndCountZero() {
        assertEquals(0, log.lastId());
        assertEquals(0, log.count());
        assertEquals(List.of(), log.readAfter(Set.of(), 0, Long.MAX_VALUE, 100));
    }

    @Test
    void lastIdAndCountFollowAppends() {
        List<StoredMessage> first = log.append(List.of(new NewMessage("a", null, "1"), new NewMessage("b", null, "2")));
        assertEquals(first.get(1).id(), log.lastId());
        assertEquals(2, log.count());

        List<StoredMessage> second = log.append(List.of(new NewMessage("c", null, "3")));
        assertEquals(second.get(0).id(), log.lastId());
        assertEquals(3, log.count());
    }

    @Test
    void nullEventRoundTripsAsNull() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", null, "x"))).get(0);

        assertNull(stored.event());
        assertNull(log.find(stored.id()).orElseThrow().event());
        assertNull(log.readAfter(Set.of("a"), 0, stored.id(), 1).get(0).event());
    }

    @Test
    void emptyDataRoundTripsAsEmptyNotNull() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", null, ""))).get(0);

        assertEquals("", log.find(stored.id()).orElseThrow().data());
    }

    @Test
    void dataOf200000CharactersRoundTrips() {
        StringBuilder big = new StringBuilder(200_000);
        for (int i = 0; big.length() < 200_000; i++) {
            big.append((char) ('a' + i % 26));
        }
        String data = big.toString();

        StoredMessage stored = log.append(List.of(new NewMessage("big", null, data))).get(0);

        String found = log.find(stored.id()).orElseThrow().data();
        assertEquals(200_000, found.length());
        assertEquals(data, found);
        assertEquals(data, log.readAfter(Set.of("big"), 0, stored.id(), 1).get(0).data());
    }

    @Test
    void unicodeAndLineBreaksRoundTrip() {
        String data = "grüße 日本 \uD83C\uDF89\r\nline\ttab";
        String event = "ünïcødé 事件 \uD83C\uDF89";

        StoredMessage stored = log.append(List.of(new NewMessage("a", event, data))).get(0);

        StoredMessage found = log.find(stored.id()).orElseThrow();
        assertEquals(data, found.data());
        assertEquals(event, found.event());
    }

    @Test
    void channelAndEventOf128CharactersFit() {
        String channel = "c".repeat(128);
        String event = "é".repeat(128);

        StoredMessage stored = log.append(List.of(new NewMessage(channel, event, "x"))).get(0);

        assertEquals(List.of(stored), log.readAfter(Set.of(channel), 0, stored.id(), 10));
        assertEquals(event, log.find(stored.id()).orElseThrow().event());
    }

    @Test
    void migratingTwiceIsHarmless() {
        StoredMessage stored = log.append(List.of(new NewMessage("a", "e", "kept"))).get(0);

        assertDoesNotThrow(() -> Schema.migrate(dataSource));

        assertEquals(Optional.of(stored), log.find(stored.id()));
        assertEquals(1, log.count());
        StoredMessage next = log.append(List.of(new NewMessage("a", null, "after"))).get(0);
        assertTrue(next.id() > stored.id());
    }

    @Test
    void searchPagesNewestFirstByChannelAndLiteralText() {
        List<Long> a = appendEach("a", "red 50%", "blue", "red_x", "red");
        appendEach("b", "red 50%");
        assertEquals(List.of(a.get(3), a.get(2), a.get(0)), ids(log.search("a", "red", Long.MAX_VALUE, 10)));
        assertEquals(List.of(a.get(2), a.get(0)), ids(log.search("a", "red", a.get(3), 10)));
        assertEquals(List.of(a.get(0)), ids(log.search("a", "50%", Long.MAX_VALUE, 10)), "% is literal");
        assertEquals(List.of(a.get(2)), ids(log.search("a", "d_", Long.MAX_VALUE, 10)), "_ is literal");
        assertEquals(2, log.search(null, "50%", Long.MAX_VALUE, 10).size());
        assertEquals(List.of(a.get(3)), ids(log.search("a", null, Long.MAX_VALUE, 1)));
    }

    @Test
    void channelsMostRecentlyUsedFirstAndSizeIsKnown() {
        appendEach("old", "x");
        appendEach("new", "y");
        appendEach("mid", "z");
        appendEach("new", "w");
        assertEquals(List.of("new", "mid", "old"), log.channels(10));
        assertEquals(List.of("new"), log.channels(1));
    }

    @Test
    void theSizeOfAFileDatabaseIsKnown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL("jdbc:h2:file:" + dir.resolve("size") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        file.setUser("sa");
        Schema.migrate(file);
        JdbcEventLog onDisk = new JdbcEventLog(file);
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(new NewMessage("size", null, "x".repeat(1000)));
        }
        onDisk.append(batch);
        long size = onDisk.sizeBytes();
        assertTrue(size > 200_000, "the H2 file holds 200 KB of data: " + size);
        assertTrue(size < 50_000_000, "and not absurdly more: " + size);
    }

    @Test
    void bansAreStoredListedNewestFirstAndRemoved() {
        JdbcBanStore bans = new JdbcBanStore(dataSource);
        Ban user = bans.add("mallory", null, "spam", "admin");
        Ban address = bans.add(null, "10.0.0.7", "scraper", "admin");
        assertEquals(List.of(address, user), bans.list());
        assertTrue(user.covers("mallory", "10.1.1.1") && !user.covers("alice", "10.1.1.1"));
        assertTrue(address.covers(null, "10.0.0.7") && !address.covers(null, "10.0.0.8"));
        assertEquals(Optional.of(user), bans.remove(user.id()));
        assertEquals(Optional.empty(), bans.remove(user.id()));
        assertEquals(List.of(address), bans.list());
    }

    @Test
    void pruningByAgeAndCountRaisesFloorsAndDeletesOnlyBelowThem() {
        List<Long> a = appendEach("a", "1", "2", "3", "4");
        List<Long> b = appendEach("b", "1");
        assertEquals(java.util.Map.of(), log.pruneCandidates(java.time.Instant.now().minusSeconds(3600), 0), "nothing is an hour old");
        assertEquals(java.util.Map.of("a", a.get(1)), log.pruneCandidates(null, 2));
        assertEquals(java.util.Map.of("a", a.get(3), "b", b.get(0)), log.pruneCandidates(java.time.Instant.now().plusSeconds(1), 0));
        log.pruneThrough("a", a.get(1));
        assertEquals(List.of(a.get(2), a.get(3)), ids(log.readAfter(Set.of("a"), 0, Long.MAX_VALUE, 10)));
        assertEquals(java.util.Map.of("a", a.get(1)), log.floors());
        assertEquals(a.get(2).longValue(), log.oldestId(Set.of("a")));
        assertEquals(Math.min(a.get(2), b.get(0)), log.oldestId(Set.of("a", "b")));
        log.pruneThrough("a", a.get(0));
        assertEquals(java.util.Map.of("a", a.get(1)), log.floors(), "a floor never goes down");
        assertEquals(0, log.oldestId(Set.of("none")));
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
            EventLog guarded = GuardedEventLog.guard(log, mark, null);
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
        log.pruneThrough("a", last);
        try (IdWatermark mark = IdWatermark.open(dir.resolve("mark"))) {
            mark.record(last);
            GuardedEventLog.guard(log, mark, null);
            assertEquals(last + 1, log.append(List.of(new NewMessage("a", null, "three"))).get(0).id());
        }
    }
}
