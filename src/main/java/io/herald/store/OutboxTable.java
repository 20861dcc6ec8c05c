package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * An application's outbox table (one of {@code sql/outbox/*.sql}) in the application's own
 * database, as Herald drains it: the oldest rows by id, then their delete. Portable SQL only
 * (PostgreSQL, H2, Oracle, SQL Server, MySQL/MariaDB); on PostgreSQL, the notice its trigger sends
 * at commit. Every call takes the connection the drainer holds; a failure is a {@link StoreException}.
 */
public final class OutboxTable {

    /** The channel the trigger of sql/outbox/postgresql.sql notifies at commit. */
    public static final String NOTICE = "herald_outbox";

    /** At most this many ids in one DELETE (Oracle takes 1,000 in an IN list, SQL Server 2,100 parameters). */
    public static final int MAX_ROWS = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    /** One row as the application wrote it. */
    public record Row(long id, String channel, String event, String data) {
    }

    /** How many rows wait, and when the oldest was written (null when none wait). */
    public record Backlog(long rows, Instant oldest) {
    }

    private final String table;

    /** {@code table}: the table's name, optionally with its schema ({@code app.herald_outbox}). */
    public OutboxTable(String table) {
        Optional<String> problem = problem(table);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        this.table = table;
    }

    /** Why {@code table} cannot name an outbox table, or empty. It is written into SQL, so only plain names pass. */
    public static Optional<String> problem(String table) {
        if (table == null || !NAME.matcher(table).matches()) {
            return Optional.of("must be a table name (letters, digits and _, not starting with a digit, at most 63"
                    + " characters), optionally with its schema before a dot; got '" + table + "'");
        }
        return Optional.empty();
    }

    public String name() {
        return table;
    }

    /** The oldest {@code limit} rows by id (at most {@link #MAX_ROWS}). */
    public List<Row> read(Connection c, int limit) {
        try (Statement st = c.createStatement()) {
            st.setMaxRows(limit);
            st.setFetchSize(Math.min(limit, MAX_ROWS));
            try (ResultSet rs = st.executeQuery("SELECT id, channel, event, data FROM " + table + " ORDER BY id")) {
                List<Row> rows = new ArrayList<>();
                while (rs.next() && rows.size() < limit) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException("reading outbox " + table, e);
        }
    }

    /** Deletes the rows of {@code ids} (at most {@link #MAX_ROWS}); returns how many it deleted. */
    public int delete(Connection c, List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            int deleted = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return deleted;
        } catch (SQLException e) {
            throw new StoreException("deleting " + ids.size() + " published row(s) from outbox " + table, e);
        }
    }

    /** How many rows wait and the time of the oldest. */
    public Backlog backlog(Connection c) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(created_at) FROM " + table)) {
            rs.next();
            Timestamp oldest = rs.getTimestamp(2);
            return new Backlog(rs.getLong(1), oldest == null ? null : oldest.toInstant());
        } catch (SQLException e) {
            throw new StoreException("counting the rows of outbox " + table, e);
        }
    }

    /**
     * On PostgreSQL, LISTENs for the trigger's notice on {@code c} and returns true: then
     * {@link #awaitNotice} waits for a commit. Elsewhere returns false: the outbox is polled.
     */
    public static boolean listen(Connection c) {
        try {
            if (!c.isWrapperFor(PGConnection.class)) {
                return false;
            }
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + NOTICE);
            }
            return true;
        } catch (SQLException e) {
            throw new StoreException("listening for outbox notices", e);
        }
    }

    /** Waits up to {@code millis} for a notice on a connection {@link #listen} set up; true when one came. */
    public static boolean awaitNotice(Connection c, int millis) {
        try {
            return c.unwrap(PGConnection.class).getNotifications(millis).length > 0;
        } catch (SQLException e) {
            throw new StoreException("waiting for outbox notices", e);
        }
    }
}
