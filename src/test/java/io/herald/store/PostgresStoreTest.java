package io.herald.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same sql/ migrations and store code on a real PostgreSQL. */
class PostgresStoreTest {

    private static Postgres pg;

    @BeforeAll
    static void start() {
        pg = Postgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void migrationsAndEveryStoreOperationRunOnPostgres() {
        pg.freshDatabase("store");
        DataSource ds = pg.dataSource("store");
        Schema.migrate(ds);
        MessageTables tables = new MessageTables(ds);
        JdbcMessageLog log = tables.log;
        JdbcHistory history = tables.history;
        JdbcPruning pruning = tables.pruning;
        List<StoredMessage> stored = log.append(List.of(new NewMessage("a", "e", "one"), new NewMessage("b", null, "two"),
                new NewMessage("a", null, "three")));
        assertEquals(3, stored.size());
        assertTrue(stored.get(0).id() < stored.get(1).id() && stored.get(1).id() < stored.get(2).id());
        assertEquals(2, log.readAfter(Set.of("a"), 0, Long.MAX_VALUE, 10).size());
        assertEquals(List.of(stored.get(0).id()), log.readPage(Set.of("a"), 0, Long.MAX_VALUE, 10, 4)
                .messages().stream().map(StoredMessage::id).toList(), "a page bounded in bytes (event and data as stored)");
        assertEquals(3, history.count());
        assertEquals(stored.get(2).id(), log.lastId());
        assertEquals(List.of(stored.get(2).id()), history.search("a", "thr", Long.MAX_VALUE, 10).stream().map(StoredMessage::id).toList());
        assertEquals(List.of("a", "b"), history.channels(10));
        assertTrue(history.sizeBytes() > 0);
        assertEquals(Map.of("a", stored.get(0).id()), pruning.pruneCandidates(null, 1));
        pruning.pruneThrough("a", stored.get(0).id());
        assertEquals(Map.of("a", stored.get(0).id()), log.floors());
        assertEquals(stored.get(1).id(), log.oldestId(Set.of("a", "b")));

        JdbcBanStore bans = new JdbcBanStore(ds);
        Ban ban = bans.add(null, "10.0.0.1", "test", new Actor("admin", null));
        assertEquals(List.of(ban), bans.list());
        JdbcAccessStore access = new JdbcAccessStore(ds);
        Actor admin = new Actor("admin", "10.0.0.9");
        access.putRule("orders/*", "role:sales", true, admin);
        access.putRule("orders/*", "role:sales", false, admin);
        assertEquals("role:sales", access.rules().get(0).access());
        ApiKey key = access.addKey("app", "hk_abc", "0".repeat(64), admin);
        assertTrue(access.revokeKey(key.id(), admin).orElseThrow().isRevoked());
        JdbcAuditStore audit = new JdbcAuditStore(ds);
        assertEquals(List.of("key-revoke app", "key-create app", "rule-change orders/*", "rule-create orders/*", "ban address 10.0.0.1"),
                audit.find(AuditQuery.ALL, 0, 10).stream().map(e -> e.action() + " " + e.target()).toList());
        assertEquals(1, audit.find(new AuditQuery("admin", "rule-change", null, null), 0, 10).size());
        assertEquals(0, audit.pruneBefore(Instant.now().minusSeconds(3600)));
        assertEquals(5, audit.pruneBefore(Instant.now().plusSeconds(1)));
        access.addTicket(new Ticket("1".repeat(64), "alice", Set.of("r"), Set.of("c"), Instant.now().plusSeconds(60), 0, null));
        assertEquals("alice", access.takeTicket("1".repeat(64), Instant.now()).orElseThrow().user());
        assertTrue(access.takeTicket("1".repeat(64), Instant.now()).isEmpty());
    }

    @Test
    void receiptsAndTheDirectoryRunOnPostgres() throws Exception {
        pg.freshDatabase("receipts");
        DataSource ds = pg.dataSource("receipts");
        Schema.migrate(ds);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            JdbcReceiptStoreTest.checkOn(ds, threads);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentPublishesOfOneKeyOnTwoNodesStoreOneMessage() throws Exception {
        pg.freshDatabase("keys");
        DataSource ds = pg.dataSource("keys");
        Schema.migrate(ds);
        PublishKeysTest.concurrentRepeatsStoreOneMessage(ds);
    }

    @Test
    void continueAfterRaisesTheSequenceAndNeverLowersIt() {
        pg.freshDatabase("ids");
        DataSource ds = pg.dataSource("ids");
        Schema.migrate(ds);
        JdbcMessageLog log = new JdbcMessageLog(ds);
        log.append(List.of(new NewMessage("a", null, "one")));
        log.continueAfter(100);
        assertEquals(101, log.append(List.of(new NewMessage("a", null, "two"))).get(0).id());
        log.continueAfter(50);
        assertEquals(102, log.append(List.of(new NewMessage("a", null, "three"))).get(0).id());
    }
}
