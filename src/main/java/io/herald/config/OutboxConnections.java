package io.herald.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.herald.outbox.OutboxSource;
import io.herald.store.OutboxTable;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The databases of the configured outboxes: a container's DataSource found by its JNDI name, or a
 * pool of one connection (the drainer holds it) for a JDBC URL, opened lazily so that a source
 * that is down at start does not stop Herald (its drainer reports and retries). Closing closes
 * the pools this made.
 */
final class OutboxConnections implements AutoCloseable {

    private final List<OutboxSource> sources = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    OutboxConnections(Settings settings) {
        try {
            for (Settings.Outbox o : settings.outboxes()) {
                sources.add(new OutboxSource(o.name(), o.description(), dataSource(o, settings.nodeId()), new OutboxTable(o.table()),
                        o.pollMillis(), o.batch()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    List<OutboxSource> sources() {
        return sources;
    }

    private DataSource dataSource(Settings.Outbox o, String nodeId) {
        if (o.jndi() != null) {
            try {
                Object found = new InitialContext().lookup(o.jndi());
                if (found instanceof DataSource ds) {
                    return ds;
                }
                throw new InvalidSettingException("herald.outbox." + o.name() + ".jndi", o.jndi() + " is a "
                        + found.getClass().getName() + ", not a DataSource");
            } catch (NamingException e) {
                throw new InvalidSettingException("herald.outbox." + o.name() + ".jndi", "nothing is bound at " + o.jndi()
                        + " (" + e.getMessage() + ")");
            }
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("herald-outbox-" + o.name() + "-" + nodeId);
        config.setJdbcUrl(o.url());
        config.setUsername(o.user());
        config.setPassword(o.password());
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        // Start even when the source is down: its drainer says so in the console and keeps trying.
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public void close() {
        for (HikariDataSource pool : pools) {
            String name = pool.getPoolName();
            pool.close();
            Database.awaitPoolThreads(name);
        }
        pools.clear();
    }
}
