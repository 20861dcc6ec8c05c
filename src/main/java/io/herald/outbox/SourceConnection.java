package io.herald.outbox;

import io.herald.store.OutboxTable;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The drainer's one connection to an outbox's database, opened when first needed and dropped after
 * any failure (the next pass opens a new one). On PostgreSQL it listens for the outbox trigger's
 * notices, so a committed row is drained at once instead of at the next poll. Used by one thread.
 */
final class SourceConnection {

    private static final System.Logger LOG = System.getLogger(SourceConnection.class.getName());
    /** The longest single wait for a notice: a stop never waits for a long poll interval. */
    private static final int NOTICE_SLICE_MILLIS = 500;

    private final OutboxSource source;
    private Connection connection;
    private boolean listening;

    SourceConnection(OutboxSource source) {
        this.source = source;
    }

    /** The open connection (auto-commit), or a new one. */
    Connection get() throws SQLException {
        if (connection == null) {
            Connection c = source.dataSource().getConnection();
            try {
                c.setAutoCommit(true);
                listening = OutboxTable.listen(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /**
     * Whether it can wait for notices (the connection is open and its database sends them); if so,
     * waits until one comes, {@code millis} pass or {@code running} turns false.
     */
    boolean awaitNotice(long millis, BooleanSupplier running) {
        if (!listening || connection == null) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (running.getAsBoolean() && (left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
            if (OutboxTable.awaitNotice(connection, (int) Math.min(left, NOTICE_SLICE_MILLIS))) {
                return true;
            }
        }
        return true;
    }

    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "closing the connection to outbox " + source.name(), e);
            }
            connection = null;
            listening = false;
        }
    }
}
