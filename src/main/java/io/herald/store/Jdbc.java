package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * Closes the embedded H2 database at {@code url} with {@code SHUTDOWN}: everything committed is
     * written, the file is released, and H2's own threads end, before the pool and the webapp's
     * class loader go. It runs on a connection of its own, outside the pool, so the pool finds its
     * connections closed without taking them for broken. Nothing for another database (PostgreSQL
     * outlives Herald). True when an H2 database closed cleanly.
     */
    public static boolean closeEmbeddedDatabase(String url, String user, String password) {
        if (!url.startsWith("jdbc:h2:")) {
            return false;
        }
        try (Connection c = java.sql.DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
            return true;
        } catch (SQLException e) {
            System.getLogger(Jdbc.class.getName()).log(System.Logger.Level.WARNING,
                    "closing the H2 database failed; it is closed when the pool closes", e);
            return false;
        }
    }

    /** True for an H2 database in a file that this JVM opens itself (not in memory, not an H2 server). */
    public static boolean isEmbeddedH2File(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:tcp:")
                    && !url.startsWith("jdbc:h2:ssl:");
        } catch (SQLException e) {
            throw new StoreException("reaching the database", e);
        }
    }

    /** Reads one row of a result. */
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Work on one connection inside a transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code sql} with {@code args} and hands every row to {@code reader}; {@code what} names it in errors. */
    static void query(DataSource dataSource, String what, String sql, RowReader reader, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }

    /** Runs the statement {@code sql} with {@code args}; returns the rows it changed. */
    static int update(DataSource dataSource, String what, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
