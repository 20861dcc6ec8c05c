package io.herald.config;

import com.zaxxer.hikari.HikariDataSource;
import io.herald.store.Dialect;
import io.herald.store.GuardedMessageLog;
import io.herald.store.IdWatermark;
import io.herald.store.JdbcMessageLog;
import io.herald.store.MessageJournal;
import io.herald.store.MessageLog;
import io.herald.store.Schema;
import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Herald's database, opened at start and closed last: the container's DataSource at
 * {@value #JNDI_DATA_SOURCE} or a pool of Herald's own, the schema migrated, and the message log
 * guarded by the id mark and (on an embedded H2 file) the message journal. Closing it closes an
 * embedded H2 with {@code SHUTDOWN} (then empties the journal), the journal, the mark and the
 * pool, waits for the pool's threads and deregisters the JDBC drivers the webapp loaded.
 */
final class Database implements AutoCloseable {

    /** Where a container may offer Herald a DataSource (Tomcat context.xml, Jetty jetty-env.xml). */
    static final String JNDI_DATA_SOURCE = "java:comp/env/jdbc/herald";
    /** The journal's segment files in {@code herald.data-dir} (.a and .b), on an embedded H2 database only. */
    static final String JOURNAL_FILE = "herald-journal";
    /** The file in {@code herald.data-dir} that remembers the greatest id this node handed out. */
    static final String ID_MARK_FILE = "herald-last-id";

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    static final int OPEN_ATTEMPTS = 3;

    private final Settings settings;
    private HikariDataSource pool;
    private DataSource dataSource;
    private IdWatermark idMark;
    private MessageJournal journal;
    private MessageLog log;

    private Database(Settings settings) {
        this.settings = settings;
    }

    /** Opens the database {@code settings} name (or the container's), migrated and guarded; closes what it opened if that fails. */
    static Database open(Settings settings) {
        Database db = new Database(settings);
        try {
            db.dataSource = containerDataSource();
            if (db.dataSource == null) {
                db.pool = DatabasePool.open(settings);
                db.dataSource = db.pool;
            } else {
                LOG.log(Level.INFO, "Herald uses the container's DataSource " + JNDI_DATA_SOURCE
                        + " (herald.db.* settings are not used)");
            }
            if (Dialect.isEmbeddedH2File(db.dataSource)) {
                int finished = Dialect.finishInterruptedCommits(db.dataSource);
                if (finished > 0) {
                    LOG.log(Level.WARNING, "H2 reopened its file with " + finished + " transaction(s) the killed process"
                            + " was committing; Herald ended them (H2 2.5 leaves them open)");
                }
            }
            whileH2Reopens("migrating the schema", () -> {
                Schema.migrate(db.dataSource);
                return null;
            }, db.pool == null ? null : db::reopenPool);
            db.idMark = IdWatermark.open(settings.dataDir().resolve(ID_MARK_FILE));
            if (Dialect.isEmbeddedH2File(db.dataSource)) {
                db.journal = MessageJournal.open(settings.dataDir().resolve(JOURNAL_FILE), settings.fsync());
            }
            db.log = whileH2Reopens("checking the log against the journal", () -> GuardedMessageLog.guard(
                    new JdbcMessageLog(db.dataSource, Duration.ofSeconds(settings.publishing().idempotencyWindowSeconds())),
                    db.idMark, db.journal), db.pool == null ? null : db::reopenPool);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Runs {@code work}, again (at most {@value #OPEN_ATTEMPTS} times in all) when H2 closes its
     * database under it: after a killed process H2 can reopen its file, fail in its own background
     * work (a page of a map it removed) and close the database; the pool then drops the connection
     * and the next one opens the file again, which then works (the torture run of 2026-12-03 met
     * it once in 112 restarts, and the start failed for good).
     */
    static <T> T whileH2Reopens(String what, Supplier<T> work) {
        return whileH2Reopens(what, work, () -> { });
    }

    /**
     * As {@link #whileH2Reopens(String, Supplier)}, running {@code reopen} before each new attempt.
     * H2's "database has been closed" (90098) after a crash is often not a closed database at all but
     * a broken one (an MVStore map of its transaction store closed under a live {@code Database}):
     * another connection from the same pool reaches the same broken instance, and there a statement
     * can spin for ever (H2 2.5.252, MVStore.registerVersionUsage). {@code reopen} must make the next
     * attempt open the file again in a new H2 instance: {@link #reopenPool()}. Without it (null: the
     * container's DataSource, which Herald cannot close) the first failure is final.
     */
    static <T> T whileH2Reopens(String what, Supplier<T> work, Runnable reopen) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= OPEN_ATTEMPTS || reopen == null || !ClosedDatabaseEviction.databaseGone(e)) {
                    throw e;
                }
                LOG.log(Level.WARNING, "H2 closed the database while Herald was " + what + " (" + e.getMessage()
                        + "); opening it again in a new pool, attempt " + (attempt + 1) + " of " + OPEN_ATTEMPTS);
                reopen.run();
            }
        }
    }

    /**
     * Closes Herald's pool and opens a new one: once its last connection is closed, H2 drops its
     * {@code Database} instance, and the new pool's first connection reads the file again. Never a
     * statement on the old instance ({@code SHUTDOWN} included), which may be the one that hangs.
     */
    private void reopenPool() {
        String poolName = pool.getPoolName();
        pool.close();
        awaitPoolThreads(poolName);
        pool = DatabasePool.open(settings);
        dataSource = pool;
        if (Dialect.isEmbeddedH2File(dataSource)) {
            Dialect.finishInterruptedCommits(dataSource);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The message log the hub appends to: guarded by the id mark and the journal. */
    MessageLog log() {
        return log;
    }

    /** PostgreSQL: several nodes may share it (cluster mode). */
    boolean shared() {
        return Dialect.of(dataSource) == Dialect.POSTGRES;
    }

    /** What /health names as the database in use. */
    String description() {
        return pool == null ? JNDI_DATA_SOURCE : "herald pool";
    }

    /** The database's URL with any password hidden, for the log. */
    String redactedUrl() {
        return settings.dbUrl().replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public void close() {
        if (pool != null && Dialect.closeEmbeddedH2(settings.dbUrl(), settings.dbUser(), settings.dbPassword())
                && journal != null) {
            // H2 closed cleanly: its file holds everything, and reopens at its newest version.
            journal.clear();
        }
        if (journal != null) {
            journal.close();
            journal = null;
        }
        if (idMark != null) {
            idMark.close();
            idMark = null;
        }
        if (pool != null) {
            String poolName = pool.getPoolName();
            pool.close();
            pool = null;
            awaitPoolThreads(poolName);
        }
        deregisterDrivers();
    }

    /** The container's DataSource, or null when it offers none (no JNDI, or nothing bound there). */
    private static DataSource containerDataSource() {
        try {
            Object found = new InitialContext().lookup(JNDI_DATA_SOURCE);
            if (found instanceof DataSource ds) {
                return ds;
            }
            LOG.log(Level.WARNING, JNDI_DATA_SOURCE + " is a " + found.getClass().getName() + ", not a DataSource: ignored");
            return null;
        } catch (NamingException | RuntimeException none) {
            return null;
        }
    }

    /**
     * HikariCP's own threads ({@code POOL:housekeeper}, {@code POOL:connection-closer}) are told
     * to stop when the pool closes but may still be on their way out when the container looks for
     * threads the webapp left behind: wait for them (briefly), so none is reported or leaked.
     */
    static void awaitPoolThreads(String poolName) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(poolName + ":") && t != Thread.currentThread()) {
                try {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (t.isAlive()) {
                    LOG.log(Level.WARNING, "the pool's thread " + t.getName() + " did not end within 5 s of the stop");
                }
            }
        }
    }

    /** Drivers this webapp loaded stay in DriverManager otherwise and pin its class loader. */
    private static void deregisterDrivers() {
        ClassLoader ours = Database.class.getClassLoader();
        if (ours == ClassLoader.getSystemClassLoader()) {
            // Not a webapp class loader (Herald embedded in a test or an application): the drivers
            // belong to the whole JVM, and others may still use them.
            return;
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.log(Level.WARNING, "deregistering JDBC driver " + driver.getClass().getName() + " failed", e);
                }
            }
        }
    }
}
