package io.herald.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.hub.Audiences;
import io.herald.hub.Hub;
import io.herald.hub.HubObserver;
import io.herald.hub.HubSettings;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcMessageLog;
import io.herald.store.JdbcOutboxLeases;
import io.herald.store.OutboxTable;
import io.herald.store.StoredMessage;
import io.herald.testing.Wait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped outbox DDL that H2 can run: its own, and Oracle's and MySQL's in H2's compatibility
 * mode for those databases (which checks the syntax and the columns an application leaves out, not
 * the real servers; sql/outbox/sqlserver.sql uses SYSDATETIMEOFFSET, which H2 lacks, and
 * postgresql.sql runs on a real PostgreSQL in OutboxTest). Rows inserted the way the file's header
 * says (channel, event and data only) are drained in order.
 */
class OutboxDdlTest {

    @ParameterizedTest
    @CsvSource({"h2.sql, Regular", "oracle.sql, Oracle", "mysql.sql, MySQL"})
    void theShippedTableTakesChannelEventAndDataAndIsDrained(String file, String mode) throws Exception {
        JdbcDataSource app = new JdbcDataSource();
        app.setURL("jdbc:h2:mem:ddl-" + mode + "-" + System.nanoTime() + ";MODE=" + mode + ";DB_CLOSE_DELAY=-1");
        try (Connection c = app.getConnection(); Statement st = c.createStatement()) {
            st.execute(Files.readString(Path.of("sql", "outbox", file), StandardCharsets.UTF_8));
            st.execute("INSERT INTO herald_outbox (channel, event, data) VALUES ('orders', 'created', '{\"id\":1}')");
            st.execute("INSERT INTO herald_outbox (channel, event, data) VALUES ('orders', NULL, 'two')");
        }
        JdbcMessageLog log = new JdbcMessageLog(InMemoryDatabase.fresh("herald"));
        Hub hub = new Hub(log, new HubSettings(1000, 60_000, 100, 64, 100, 2), new HubObserver() { }, Hub.Topology.SINGLE_NODE, Audiences.EVERYONE);
        hub.start();
        try (Outboxes outboxes = new Outboxes(List.of(new OutboxSource("app", mode, app, new OutboxTable("herald_outbox"), 20, 10)),
                hub, new JdbcOutboxLeases(InMemoryDatabase.fresh("leases")), "node", Duration.ofSeconds(15))) {
            outboxes.start();
            Wait.until(Duration.ofSeconds(10), "both rows moved", () -> outboxes.statuses().get(0).moved() == 2);
            List<StoredMessage> stored = log.readAfter(Set.of("orders"), 0, Long.MAX_VALUE, 10);
            assertEquals(List.of("{\"id\":1}", "two"), stored.stream().map(StoredMessage::data).toList());
            assertEquals("created", stored.get(0).event());
            Wait.until(Duration.ofSeconds(10), "the count of rows waiting", () -> outboxes.statuses().get(0).waiting() == 0);
        } finally {
            hub.shutdown(1000);
        }
    }
}
