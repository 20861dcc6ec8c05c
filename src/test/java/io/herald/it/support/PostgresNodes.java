package io.herald.it.support;

import io.herald.store.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Cluster tests' fixture ({@code @RegisterExtension static}): one real PostgreSQL per test class,
 * and Herald nodes in embedded Jetty on a fresh database per test, stopped after each test.
 */
public final class PostgresNodes implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final List<HeraldServer> nodes = new ArrayList<>();
    private Postgres pg;
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        pg = Postgres.start();
        dir = Files.createTempDirectory("herald-cluster-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (HeraldServer node : nodes) {
            node.close();
        }
        nodes.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        pg.close();
    }

    /** A fresh, empty database; returns its JDBC URL (user postgres). */
    public String freshDatabase(String database) {
        return pg.freshDatabase(database);
    }

    public DataSource dataSource(String database) {
        return pg.dataSource(database);
    }

    /** {@code count} nodes node-a, node-b… on a fresh database, each with {@code settings} too. */
    public List<HeraldServer> start(String database, int count, Map<String, String> settings) throws Exception {
        String url = freshDatabase(database);
        List<HeraldServer> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(node(url, database + "-node-" + (char) ('a' + i), "node-" + (char) ('a' + i), settings));
        }
        return started;
    }

    /** One node called {@code name} on the database at {@code url}, its data in folder {@code folder}. */
    public HeraldServer node(String url, String folder, String name, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("herald.db.url", url, "herald.db.user", "postgres", "herald.node.id", name));
        all.putAll(settings);
        HeraldServer node = HeraldServer.start(Files.createDirectories(dir.resolve(folder)), all);
        nodes.add(node);
        return node;
    }
}
