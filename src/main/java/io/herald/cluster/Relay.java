package io.herald.cluster;

import io.herald.hub.Hub;
import io.herald.store.JdbcClusterStore;
import io.herald.store.JdbcMessageLog;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Brings other nodes' appends to this node's hub. One thread holds a connection that LISTENs on
 * {@code herald} (an append NOTIFYs its last id at commit) and {@code herald_config} (bans, rules
 * and keys changed); on a notification, and at least once a second whatever happens, it has the
 * hub read and fan out every message after the last one it fanned out. A missed notification
 * therefore costs at most a second, never a message. When the connection fails (database
 * restart, {@code pg_terminate_backend}) it reconnects with backoff and reads what it missed.
 * It also passes the {@link Cluster}'s notices on (presence changed, a command waits) and its tick.
 */
public final class Relay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Relay.class.getName());
    static final String CONFIG_CHANNEL = "herald_config";
    private static final int POLL_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final DataSource dataSource;
    private final Hub hub;
    private final Runnable configChanged;
    private final Cluster cluster;
    private final Thread thread;
    private volatile boolean running = true;

    public Relay(DataSource dataSource, Hub hub, Runnable configChanged, Cluster cluster) {
        this.dataSource = dataSource;
        this.hub = hub;
        this.configChanged = configChanged;
        this.cluster = cluster;
        this.thread = new Thread(this::run, "herald-relay");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + JdbcMessageLog.NOTIFY_CHANNEL);
                    st.execute("LISTEN " + CONFIG_CHANNEL);
                    st.execute("LISTEN " + JdbcClusterStore.PRESENCE_NOTICE);
                    st.execute("LISTEN " + JdbcClusterStore.COMMAND_NOTICE);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (backoff > 100) {
                    LOG.log(Level.INFO, "relay listening again; reading what was appended meanwhile");
                }
                backoff = 100;
                configChanged.run();
                cluster.listening();
                hub.fanOutFromStore();
                while (running) {
                    PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
                    boolean config = false;
                    for (PGNotification n : notes == null ? new PGNotification[0] : notes) {
                        switch (n.getName()) {
                            case CONFIG_CHANNEL -> config = true;
                            case JdbcClusterStore.PRESENCE_NOTICE -> cluster.presenceNotice(n.getParameter());
                            case JdbcClusterStore.COMMAND_NOTICE -> cluster.commandNotice(n.getParameter());
                            default -> { } // herald: read below, whatever the notices
                        }
                    }
                    if (config) {
                        configChanged.run();
                    }
                    hub.fanOutFromStore();
                    cluster.tick();
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "relay connection lost (" + e.getMessage() + "); reconnecting in " + backoff + " ms");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
