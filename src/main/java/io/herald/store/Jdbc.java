package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * How every JDBC store reaches its database: a connection per call, the one transaction helper,
 * the {@link Dialect} found once from the first connection, and errors that name the operation.
 */
final class Jdbc {

    /** The NOTIFY channel that makes every node re-read bans, rules and keys. */
    static final String CONFIG_NOTICE = "herald_config";

    private final DataSource dataSource;
    /** Null until a first connection tells. */
    private volatile Dialect dialect;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Reads one row of a result. */
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Work on one connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The database's dialect, asked of {@code c} the first time only. */
    Dialect dialect(Connection c) throws SQLException {
        Dialect known = dialect;
        if (known == null) {
            known = Dialect.of(c);
            dialect = known;
        }
        return known;
    }

    /** Runs {@code work} on a connection of its own (auto-commit); {@code what} names it in errors. */
    <T> T withConnection(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(String what, Work<T> work) {
        return inTransaction(() -> what, work);
    }

    /** As above, with the failure's description made only when it fails (the append path's is built from the batch). */
    <T> T inTransaction(java.util.function.Supplier<String> what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException(what.get(), e);
        }
    }

    /** Runs {@code sql} with {@code args} and hands every row to {@code reader}. */
    void query(String what, String sql, RowReader reader, Object... args) {
        withConnection(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
            return null;
        });
    }

    /** The first column of the one row {@code sql} returns, as a number. */
    long single(String what, String sql, Object... args) {
        return withConnection(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Runs the statement {@code sql} with {@code args}; returns the rows it changed. */
    int update(String what, String sql, Object... args) {
        return withConnection(what, c -> update(c, sql, args));
    }

    /** Runs the statement {@code sql} with {@code args} on {@code c} (in its transaction); returns the rows it changed. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** {@code NOTIFY herald_config} on PostgreSQL (every node then re-reads bans, rules and keys); nothing on H2. */
    void announceChange() {
        withConnection("announcing a configuration change", c -> {
            dialect(c).notify(c, CONFIG_NOTICE, "");
            return null;
        });
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

    /** {@code instant} as the {@code TIMESTAMP WITH TIME ZONE} both databases take. */
    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Binds {@code args} in order; an {@link Instant} as {@link #timestamp}. */
    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i] instanceof Instant t ? timestamp(t) : args[i]);
        }
    }
}
