package io.herald.store;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;

/**
 * Everything Herald does differently on H2 and on PostgreSQL: serialising appends across nodes,
 * change notices, forcing commits to disk, rebuilding indexes after a crash, moving the message id sequence, the size of the data,
 * and closing an embedded H2 file. The SQL both databases share lives with the stores.
 */
public enum Dialect {

    /** H2, embedded (a file or memory) or as a server: one node, no notices. */
    H2,
    /** PostgreSQL: cluster mode, appends serialised by an advisory lock, changes announced by NOTIFY. */
    POSTGRES;

    /** Key of the transaction-scoped advisory lock that serialises appends across nodes. */
    static final long APPEND_LOCK = 0x48_65_72_61_6C_64L;

    /** The dialect of the database behind {@code dataSource}; throws StoreException when it is unreachable. */
    public static Dialect of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return of(c);
        } catch (SQLException e) {
            throw new StoreException("reaching the database", e);
        }
    }

    static Dialect of(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres") ? POSTGRES : H2;
    }

    /** How many message ids H2 hands out between two writes of its sequence (its default is 32). */
    static final int H2_ID_CACHE = 1000;

    /**
     * On H2, lets the message id sequence hand out {@link #H2_ID_CACHE} ids between two writes of
     * its position: by default it writes (and commits a system transaction) every 32 ids, which
     * was a fifth of the CPU of a batch publish. H2's sequence is one for the whole database, so
     * ids still increase in append order; after a crash it starts above every id it handed out
     * (a gap, never a repeat; the id mark covers the rest). Not on PostgreSQL, where a cache is
     * per connection and ids of two connections would no longer follow commit order.
     */
    void tuneIdSequence(Connection c) throws SQLException {
        if (this == H2) {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE herald_message ALTER COLUMN id SET CACHE " + H2_ID_CACHE);
            }
        }
    }

    /**
     * Holds every other node's append until this transaction ends (PostgreSQL): identity order is
     * then commit order, so a node that reads "after my last id" never skips a row committed later.
     */
    void lockAppends(Connection c) throws SQLException {
        if (this == POSTGRES) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, APPEND_LOCK);
                lock.execute();
            }
        }
    }

    /** {@code NOTIFY channel, payload} on PostgreSQL, sent when the transaction commits; nothing on H2. */
    void notify(Connection c, String channel, String payload) throws SQLException {
        if (this == POSTGRES) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, channel);
                ps.setString(2, payload);
                ps.execute();
            }
        }
    }

    /** {@code CHECKPOINT SYNC} on H2; nothing on PostgreSQL, whose commits are on disk when they return. */
    void forceToDisk(Connection c) throws SQLException {
        if (this == H2) {
            try (Statement st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        }
    }

    /** Makes the next message id greater than {@code id}; never lowers it. */
    void continueIdsAfter(Connection c, long id) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (this == POSTGRES) {
                // setval only ever raises the sequence here: other nodes may have gone further.
                st.execute("SELECT setval(s, GREATEST(" + id + ", COALESCE(pg_sequence_last_value(s::regclass), 0)))"
                        + " FROM (SELECT pg_get_serial_sequence('herald_message', 'id') AS s) q");
                return;
            }
            long last;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM herald_message")) {
                rs.next();
                last = rs.getLong(1);
            }
            if (id >= last) {
                st.execute("ALTER TABLE herald_message ALTER COLUMN id RESTART WITH " + (id + 1));
            }
        }
    }

    /**
     * Drops and creates again every plain index of Herald's tables, for an embedded H2 file reopened
     * after the process was killed: H2 can come back with an index at another version than its
     * table (a row found by id but not by its channel, so catch-up and history skip it;
     * docs/reliability.md). Unique and primary-key indexes are left: they belong to constraints.
     * Nothing on PostgreSQL, whose indexes are WAL-logged with their tables. Returns how many it rebuilt.
     */
    int rebuildIndexes(Connection c) throws SQLException {
        if (this != H2) {
            return 0;
        }
        Map<String, String> creates = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT i.INDEX_NAME, i.TABLE_NAME, c.COLUMN_NAME, c.ORDERING_SPECIFICATION"
                        + " FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c"
                        + " ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME"
                        + " WHERE i.INDEX_SCHEMA = CURRENT_SCHEMA AND i.INDEX_TYPE_NAME = 'INDEX'"
                        + " AND i.TABLE_NAME LIKE 'herald%' ORDER BY i.INDEX_NAME, c.ORDINAL_POSITION")) {
            Map<String, String> tables = new LinkedHashMap<>();
            Map<String, List<String>> columns = new LinkedHashMap<>();
            while (rs.next()) {
                tables.put(rs.getString(1), rs.getString(2));
                columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(quote(rs.getString(3)) + ("DESC".equals(rs.getString(4)) ? " DESC" : ""));
            }
            tables.forEach((index, table) -> creates.put(index,
                    "CREATE INDEX " + quote(index) + " ON " + quote(table) + " (" + String.join(", ", columns.get(index)) + ")"));
        }
        try (Statement st = c.createStatement()) {
            for (Map.Entry<String, String> index : creates.entrySet()) {
                st.execute("DROP INDEX " + quote(index.getKey()));
                st.execute(index.getValue());
            }
        }
        return creates.size();
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The H2 database file, or the message table with its indexes on PostgreSQL; -1 when the database cannot tell. */
    long sizeBytes(Connection c) throws SQLException {
        String sql = this == POSTGRES
                ? "SELECT pg_total_relation_size('herald_message')"
                : "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_SIZE'";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
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

    /**
     * Ends the transactions that were committing when the process was killed, on an embedded H2 file
     * just opened: to be called before anything else uses the database. H2 2.5.250 and 2.5.252 find
     * such a transaction in their file (its undo log carries the commit mark) and leave it open for
     * the life of the database: its rows stay uncommitted, hidden from every other transaction and
     * locked, and it survives every restart; once an index it wrote to is dropped (rebuildIndexes),
     * {@code COUNT(*)} fails ("Unable to read the page", a NullPointerException in Record$Type.read)
     * and the next start meets "Map null(N) is closed" (upstream Transaction.commit skips a
     * transaction whose status is already COMMITTED). This does what H2 2.4 did at open: applies and
     * clears its undo log (TransactionStore.commit with recovery) and ends it. Returns how many.
     */
    public static int finishInterruptedCommits(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isWrapperFor(JdbcConnection.class)
                    || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return 0;
            }
            TransactionStore store = session.getDatabase().getStore().getTransactionStore();
            Method commit = TransactionStore.class.getDeclaredMethod("commit", Transaction.class, boolean.class);
            Method end = TransactionStore.class.getDeclaredMethod("endTransaction", Transaction.class, boolean.class);
            commit.setAccessible(true);
            end.setAccessible(true);
            int finished = 0;
            for (Transaction t : store.getOpenTransactions()) {
                if (t.getStatus() == Transaction.STATUS_COMMITTED) {
                    commit.invoke(store, t, true);
                    end.invoke(store, t, true);
                    finished++;
                }
            }
            return finished;
        } catch (SQLException | ReflectiveOperationException e) {
            throw new StoreException("ending the transactions H2 left committing", e);
        }
    }

    /**
     * Closes the embedded H2 database at {@code url} with {@code SHUTDOWN}: everything committed is
     * written, the file is released, and H2's own threads end, before the pool and the webapp's
     * class loader go. It runs on a connection of its own, outside the pool, so the pool finds its
     * connections closed without taking them for broken. Nothing for another database (PostgreSQL
     * outlives Herald). True when an H2 database closed cleanly.
     */
    public static boolean closeEmbeddedH2(String url, String user, String password) {
        if (!url.startsWith("jdbc:h2:")) {
            return false;
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
            return true;
        } catch (SQLException e) {
            System.getLogger(Dialect.class.getName()).log(System.Logger.Level.WARNING,
                    "closing the H2 database failed; it is closed when the pool closes", e);
            return false;
        }
    }
}
