package io.herald.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys in the message log on H2, with the real {@code sql/} files: a repeat is answered
 * with the first publish and stores nothing, a reused key is a conflict that stores nothing of its
 * publication, keys expire with their window and come back with a journal restore.
 */
class PublishKeysTest {

    private static final PublishKey KEY = new PublishKey("apikey:orders-app", "order-17-created");

    private DataSource dataSource;
    private JdbcMessageLog log;

    @BeforeEach
    void freshDatabase() {
        dataSource = InMemoryDatabase.fresh("keys");
        log = new JdbcMessageLog(dataSource, Duration.ofHours(1));
    }

    private List<Appended> publish(NewMessage... messages) {
        return log.appendAll(List.of(List.of(messages))).get(0);
    }

    private static NewMessage keyed(String channel, String data, PublishKey key) {
        return new NewMessage(channel, "created", data, key);
    }

    private long rows(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRepeatIsAnsweredWithTheFirstMessageAndStoresNothing() throws SQLException {
        Appended first = publish(keyed("orders", "{\"id\":17}", KEY)).get(0);
        Appended again = publish(keyed("orders", "{\"id\":17}", KEY)).get(0);

        assertEquals(Appended.Outcome.STORED, first.outcome());
        assertEquals(Appended.Outcome.REPLAYED, again.outcome());
        assertEquals(first.message(), again.message(), "same id, channel, event, data and time");
        assertEquals(1, rows("herald_message"));
        assertEquals(1, rows("herald_publish_key"));
    }

    @Test
    void theSameKeyOfAnotherPublisherIsAnotherMessage() throws SQLException {
        Appended mine = publish(keyed("orders", "x", KEY)).get(0);
        Appended theirs = publish(keyed("orders", "x", new PublishKey("alice", KEY.key()))).get(0);

        assertEquals(Appended.Outcome.STORED, theirs.outcome());
        assertEquals(mine.message().id() + 1, theirs.message().id());
        assertEquals(2, rows("herald_message"));
    }

    @Test
    void aKeyReusedForOtherContentIsAConflictNamingWhatDiffers() throws SQLException {
        Appended first = publish(keyed("orders", "one", KEY)).get(0);

        Appended other = publish(keyed("invoices", "two", KEY)).get(0);

        assertEquals(Appended.Outcome.CONFLICT, other.outcome());
        assertEquals("channel, data", other.differs());
        assertEquals(first.message().id(), other.message().id(), "names the message the key stored");
        assertEquals(1, rows("herald_message"));
    }

    @Test
    void aBatchWithOneConflictStoresNoneOfItsMessagesAndLeavesTheOthersOfTheTransactionAlone() throws SQLException {
        publish(keyed("orders", "one", KEY));
        PublishKey fresh = new PublishKey(KEY.publisher(), "fresh");
        List<NewMessage> batch = List.of(new NewMessage("orders", null, "a"), keyed("orders", "b", fresh),
                keyed("orders", "not one", KEY));
        List<NewMessage> neighbour = List.of(new NewMessage("other", null, "c"));

        List<List<Appended>> results = log.appendAll(List.of(batch, neighbour));

        assertEquals(List.of(Appended.Outcome.WITHHELD, Appended.Outcome.WITHHELD, Appended.Outcome.CONFLICT),
                results.get(0).stream().map(Appended::outcome).toList());
        assertEquals("data", results.get(0).get(2).differs());
        assertEquals(Appended.Outcome.STORED, results.get(1).get(0).outcome());
        assertEquals(2, rows("herald_message"));
        assertEquals(1, rows("herald_publish_key"), "the withheld message's key is not taken");
        assertEquals(Appended.Outcome.STORED, publish(keyed("orders", "b", fresh)).get(0).outcome());
    }

    @Test
    void oneKeyTwiceInOneTransactionIsStoredOnce() throws SQLException {
        List<List<Appended>> results = log.appendAll(List.of(List.of(keyed("orders", "x", KEY)),
                List.of(keyed("orders", "x", KEY)), List.of(keyed("orders", "y", KEY))));

        assertEquals(Appended.Outcome.STORED, results.get(0).get(0).outcome());
        assertEquals(Appended.Outcome.REPLAYED, results.get(1).get(0).outcome());
        assertEquals(results.get(0).get(0).message(), results.get(1).get(0).message());
        assertEquals(Appended.Outcome.CONFLICT, results.get(2).get(0).outcome());
        assertEquals("data", results.get(2).get(0).differs());
        assertEquals(1, rows("herald_message"));
    }

    @Test
    void aBatchGetsConsecutiveIdsInOrder() {
        List<Appended> results = publish(new NewMessage("a", null, "1"), keyed("b", "2", KEY), new NewMessage("a", null, "3"));

        long first = results.get(0).message().id();
        assertEquals(List.of(first, first + 1, first + 2), results.stream().map(a -> a.message().id()).toList());
    }

    @Test
    void aKeyOlderThanTheWindowIsFreeAgainAndRetentionPrunesIt() throws SQLException {
        Appended first = publish(keyed("orders", "x", KEY)).get(0);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE herald_publish_key SET created_at = created_at - INTERVAL '2' HOUR");
        }

        Appended later = publish(keyed("orders", "x", KEY)).get(0);

        assertEquals(Appended.Outcome.STORED, later.outcome(), "the window of an hour has passed");
        assertEquals(first.message().id() + 1, later.message().id());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE herald_publish_key SET created_at = created_at - INTERVAL '2' HOUR");
        }
        assertEquals(1, new JdbcPruning(dataSource).pruneKeys(Instant.now().minus(Duration.ofHours(1))));
        assertEquals(0, rows("herald_publish_key"));
    }

    @Test
    void aRestoredMessageBringsItsKeyBack() {
        StoredMessage lost = new StoredMessage(41, "orders", "created", "x",
                Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS));

        assertEquals(List.of(lost), log.restore(List.of(new Journaled(lost, KEY))));
        Appended retry = publish(keyed("orders", "x", KEY)).get(0);

        assertEquals(Appended.Outcome.REPLAYED, retry.outcome());
        assertEquals(41, retry.message().id());
        assertNull(retry.differs());
    }

    /**
     * Many publishes of one key at once, through two logs on one PostgreSQL database (two nodes of a
     * cluster, serialized by the append lock): one is stored, every other is answered with it. Run
     * by {@link PostgresStoreTest}. (On H2 one node appends from one thread, its sequencer; the
     * same race through it is IdempotentPublishTest's.)
     */
    static void concurrentRepeatsStoreOneMessage(DataSource dataSource) throws Exception {
        List<JdbcMessageLog> nodes = List.of(new JdbcMessageLog(dataSource), new JdbcMessageLog(dataSource));
        int publishers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Appended>> answers = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                JdbcMessageLog node = nodes.get(i % 2);
                answers.add(pool.submit(() -> {
                    go.await();
                    return node.appendAll(List.of(List.of(keyed("orders", "same", KEY)))).get(0).get(0);
                }));
            }
            go.countDown();
            List<Appended> all = new ArrayList<>();
            for (Future<Appended> f : answers) {
                all.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, all.stream().filter(Appended::isStored).count(), () -> "outcomes " + all);
            assertEquals(Set.of(all.get(0).message().id()), all.stream().map(a -> a.message().id()).collect(
                    Collectors.toSet()), "every answer names the one stored message");
            assertEquals(1, nodes.get(0).readAfter(Set.of("orders"), 0, Long.MAX_VALUE, 100).size());
        } finally {
            pool.shutdownNow();
        }
    }
}
