package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import javax.sql.DataSource;

/** What the JDBC stores share: which database this is, generated ids, timestamps, change notices. */
public final class Jdbc {

    private Jdbc() {
    }

    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    /** True for PostgreSQL (cluster mode), false for H2; throws StoreException when the database is unreachable. */
    public static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return isPostgres(c);
        } catch (SQLException e) {
            throw new StoreException("reaching the database", e);
        }
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the driver returned no generated id");
            }
            return keys.getLong(1);
        }
    }

    /** The timestamp in {@code column}, or null. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** {@code NOTIFY herald_config} on PostgreSQL (every node then re-reads bans, rules and keys); nothing on H2. */
    static void announceChange(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (isPostgres(c)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('herald_config', '')")) {
                    ps.execute();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("announcing a configuration change", e);
        }
    }
}
