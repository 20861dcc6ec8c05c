package io.herald.store;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh H2 database in memory, in PostgreSQL mode, migrated with the real {@code sql/} files. */
public final class InMemoryDatabase {

    private InMemoryDatabase() {
    }

    /** A new, empty, migrated database; {@code purpose} only makes its name readable in errors. */
    public static JdbcDataSource fresh(String purpose) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + purpose + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Schema.migrate(dataSource);
        return dataSource;
    }
}
