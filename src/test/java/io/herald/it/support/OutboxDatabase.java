package io.herald.it.support;

import io.herald.store.Postgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.tools.Server;

/**
 * An application's own database with Herald's outbox in it, made from the real
 * {@code sql/outbox/*.sql} file: a second H2 database served over TCP on loopback (so the
 * application and Herald use it at once, as they would), or a database of an embedded
 * PostgreSQL. The test writes rows as an application does, in transactions it commits or rolls back.
 */
public final class OutboxDatabase implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final Server h2Server;
    private final Postgres postgres;
    private Path h2Dir;
    private Server h2Restarted;

    private OutboxDatabase(String url, String user, String password, Server h2Server, Postgres postgres) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.h2Server = h2Server;
        this.postgres = postgres;
    }

    /** An H2 database in {@code dir}, served on a free loopback port, with sql/outbox/h2.sql applied. */
    public static OutboxDatabase h2(Path dir) throws SQLException {
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        OutboxDatabase db = new OutboxDatabase("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/app", "sa", "", server, null);
        db.h2Dir = dir;
        db.apply("h2.sql");
        return db;
    }

    /** A fresh database {@code name} on an embedded PostgreSQL of its own, with sql/outbox/postgresql.sql applied. */
    public static OutboxDatabase postgres(String name) throws SQLException {
        Postgres pg = Postgres.start();
        try {
            OutboxDatabase db = new OutboxDatabase(pg.freshDatabase(name), "postgres", "", null, pg);
            db.apply("postgresql.sql");
            return db;
        } catch (RuntimeException | SQLException e) {
            closeQuietly(pg);
            throw e;
        }
    }

    /** The PostgreSQL database at {@code url} (user postgres, another's server), with sql/outbox/postgresql.sql applied. */
    public static OutboxDatabase postgresAt(String url) throws SQLException {
        OutboxDatabase db = new OutboxDatabase(url, "postgres", "", null, null);
        db.apply("postgresql.sql");
        return db;
    }

    /** The settings that name this database to Herald as outbox {@code name}, as context parameters. */
    public java.util.Map<String, String> settingsMap(String name, String pollMillis, String batch) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (String s : settings(name, pollMillis, batch)) {
            int eq = s.indexOf('=');
            map.put(s.substring(2, eq), s.substring(eq + 1));
        }
        return map;
    }

    /** Stops the H2 server (the application's database goes down) or, with {@code up}, starts it again on its port. */
    public void h2Server(boolean up) throws SQLException {
        if (up) {
            h2Restarted = Server.createTcpServer("-tcpPort", Integer.toString(h2Server.getPort()), "-ifNotExists", "-baseDir",
                    h2Dir.toString()).start();
        } else {
            (h2Restarted != null ? h2Restarted : h2Server).stop();
        }
    }

    private static void closeQuietly(Postgres pg) {
        try {
            pg.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs one file of sql/outbox/ as it is shipped (both drivers take a whole script in one execute). */
    private void apply(String file) throws SQLException {
        String script;
        try {
            script = Files.readString(Path.of("sql", "outbox", file), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(script);
        }
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** The settings that name this database to Herald as outbox {@code name}. */
    public List<String> settings(String name, String pollMillis, String batch) {
        String p = "herald.outbox." + name + ".";
        return List.of("-Dherald.outbox.sources=" + name, "-D" + p + "url=" + url, "-D" + p + "user=" + user,
                "-D" + p + "password=" + password, "-D" + p + "poll-ms=" + pollMillis, "-D" + p + "batch=" + batch);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Writes {@code data} as rows of {@code channel} in one transaction, then commits it or rolls it back. */
    public void write(String channel, List<String> data, boolean commit) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_outbox (channel, event, data) VALUES (?, ?, ?)")) {
                for (String d : data) {
                    ps.setString(1, channel);
                    ps.setString(2, "row");
                    ps.setString(3, d);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        }
    }

    /** Runs one statement of the application's (a bad row, a fix). */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Rows waiting in the outbox. */
    public long waiting() {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM herald_outbox")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (h2Server != null) {
            h2Server.stop();
        }
        if (h2Restarted != null) {
            h2Restarted.stop();
        }
        if (postgres != null) {
            closeQuietly(postgres);
        }
    }
}
