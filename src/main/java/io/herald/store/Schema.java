package io.herald.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a database to the current schema from the migrations in {@code sql/} (db/migration), then
 * sets what differs by database and cannot be one migration ({@link Dialect#tuneIdSequence}).
 */
public final class Schema {

    private Schema() {
    }

    public static void migrate(DataSource dataSource) {
        try {
            Flyway.configure(Schema.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .table("herald_schema_history")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("schema migration", e);
        }
        try (Connection c = dataSource.getConnection()) {
            Dialect.of(c).tuneIdSequence(c);
        } catch (SQLException e) {
            throw new StoreException("setting the message id sequence's cache", e);
        }
    }
}
