package io.herald.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drainer's exactly-once step on real H2 databases (Herald's, with the real migrations, and an
 * application's, with sql/outbox/h2.sql): when the delete of published rows fails (the crash
 * window between Herald's commit and the outbox's delete), the next pass finds the rows again and
 * their keys answer them: nothing is stored twice, nothing is lost, the order holds.
 */
class OutboxDrainerTest {

    private JdbcDataSource herald;
    private JdbcDataSource app;
    private Hub hub;
    private JdbcMessageLog log;
    private Outboxes outboxes;

    @BeforeEach
    void start() throws Exception {
        herald = InMemoryDatabase.fresh("herald");
        app = new JdbcDataSource();
        app.setURL("jdbc:h2:mem:app-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = app.getConnection(); Statement st = c.createStatement()) {
            st.execute(Files.readString(Path.of("sql", "outbox", "h2.sql"), StandardCharsets.UTF_8));
        }
        log = new JdbcMessageLog(herald);
        hub = new Hub(log, new HubSettings(1000, 60_000, 100, 64, 100, 2), new HubObserver() { }, Hub.Topology.SINGLE_NODE, Audiences.EVERYONE);
        hub.start();
    }

    @AfterEach
    void stop() {
        if (outboxes != null) {
            outboxes.close();
        }
        hub.shutdown(1000);
    }

    /** {@code app}, except that the first {@code failures} DELETE statements fail as a lost connection would. */
    private DataSource failingDeletes(int failures) {
        AtomicInteger left = new AtomicInteger(failures);
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            Object result = invoke(app, m, a);
            if (!m.getName().equals("getConnection")) {
                return result;
            }
            Connection real = (Connection) result;
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (cp, cm, ca) -> {
                if (cm.getName().equals("prepareStatement") && ((String) ca[0]).startsWith("DELETE")
                        && left.getAndDecrement() > 0) {
                    throw new SQLException("connection reset (thrown by the test after Herald committed)");
                }
                return invoke(real, cm, ca);
            });
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void write(int from, int to) throws SQLException {
        try (Connection c = app.getConnection(); Statement st = c.createStatement()) {
            for (int i = from; i < to; i++) {
                st.execute("INSERT INTO herald_outbox (channel, event, data) VALUES ('orders', 'row', 'r" + i + "')");
            }
        }
    }

    private long waiting() {
        try (Connection c = app.getConnection()) {
            return new OutboxTable("herald_outbox").backlog(c).rows();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rowsWhoseDeleteFailedAfterTheCommitAreNotPublishedTwice() throws Exception {
        write(0, 30);
        outboxes = new Outboxes(List.of(new OutboxSource("app", "test", failingDeletes(2), new OutboxTable("herald_outbox"), 20, 10)),
                hub, new JdbcOutboxLeases(herald), "node-a", Duration.ofSeconds(15));
        outboxes.start();

        Wait.until(Duration.ofSeconds(20), () -> "the outbox to empty, " + waiting() + " wait", () -> waiting() == 0);

        List<String> stored = new ArrayList<>();
        for (StoredMessage m : log.readAfter(Set.of("orders"), 0, Long.MAX_VALUE, 1000)) {
            stored.add(m.data());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("r" + i);
        }
        assertEquals(expected, stored, "each row once, in order, though two deletes failed after their commit");
        OutboxStatus status = outboxes.statuses().get(0);
        assertEquals(30, status.moved());
        assertTrue(status.drainingHere());
        Wait.until(Duration.ofSeconds(10), "the error cleared", () -> outboxes.statuses().get(0).lastError() == null);
        assertNull(outboxes.statuses().get(0).lastError());
    }

    @Test
    void aSecondNodeWaitsForTheLeaseAndTakesOverWhenTheFirstStops() throws Exception {
        JdbcOutboxLeases leases = new JdbcOutboxLeases(herald);
        OutboxSource source = new OutboxSource("app", "test", app, new OutboxTable("herald_outbox"), 20, 10);
        outboxes = new Outboxes(List.of(source), hub, leases, "node-a", Duration.ofSeconds(15));
        outboxes.start();
        Wait.until(Duration.ofSeconds(10), "node-a to drain", () -> outboxes.statuses().get(0).drainingHere());
        try (Outboxes second = new Outboxes(List.of(source), hub, leases, "node-b", Duration.ofSeconds(15))) {
            second.start();
            Wait.until(Duration.ofSeconds(10), "node-b to see node-a drain", () -> "node-a".equals(second.statuses().get(0).drainer()));
            assertTrue(!second.statuses().get(0).drainingHere());

            outboxes.close();
            outboxes = null;
            Wait.until(Duration.ofSeconds(10), "node-b to take over", () -> second.statuses().get(0).drainingHere());
            write(0, 3);
            Wait.until(Duration.ofSeconds(10), "node-b to drain", () -> waiting() == 0);
            assertEquals(3, second.statuses().get(0).moved());
        }
    }

    /** A node that died holds its lease until it expires; then another node takes the source over. */
    @Test
    void aDeadNodesLeaseExpiresAndAnotherNodeTakesOver() throws Exception {
        JdbcOutboxLeases leases = new JdbcOutboxLeases(herald);
        assertTrue(leases.hold("app", "node-dead", Duration.ofSeconds(4)), "the node that will die takes the lease");
        write(0, 5);
        long start = System.nanoTime();
        outboxes = new Outboxes(List.of(new OutboxSource("app", "test", app, new OutboxTable("herald_outbox"), 20, 10)),
                hub, leases, "node-b", Duration.ofSeconds(15));
        outboxes.start();
        Wait.until(Duration.ofSeconds(10), "node-b to see the dead node's lease", () -> "node-dead".equals(outboxes.statuses().get(0).drainer()));
        assertEquals(5, waiting(), "nothing moves while the dead node's lease holds");

        Wait.until(Duration.ofSeconds(10), "node-b to take over once it expired", () -> waiting() == 0);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 3000, "not before the lease expired: " + millis + " ms");
        assertEquals(5, outboxes.statuses().get(0).moved());
    }
}
