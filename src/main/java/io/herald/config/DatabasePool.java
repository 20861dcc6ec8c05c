package io.herald.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pool Herald opens when the container offers no DataSource. It heals itself: a
 * connection that reports its database closed or broken is evicted ({@link ClosedDatabaseEviction}),
 * so the next request opens a new one (H2 reopens its file; PostgreSQL reconnects once it is back).
 */
final class DatabasePool {

    private DatabasePool() {
    }

    static HikariDataSource open(Settings settings) {
        HikariConfig config = new HikariConfig();
        // One name per node, so that a stop waits for its own pool's threads only (several Heralds may share a JVM).
        config.setPoolName("herald-" + settings.nodeId());
        config.setJdbcUrl(settings.dbUrl());
        config.setDriverClassName(settings.usesH2() ? "org.h2.Driver" : "org.postgresql.Driver");
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        config.setMaximumPoolSize(settings.dbPoolSize());
        config.setExceptionOverride(new ClosedDatabaseEviction());
        return new HikariDataSource(config);
    }
}
