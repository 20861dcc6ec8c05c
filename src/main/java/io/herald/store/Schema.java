package io.herald.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings a database to the current schema from the migrations in {@code sql/} (db/migration). */
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
    }
}
