package io.herald.config;

import io.herald.hub.HubSettings;
import java.nio.file.Path;

/**
 * Every setting, read once at start and validated; see docs/configuration.md for the list.
 *
 * @param dbUrl    JDBC URL; the default is an H2 file under {@code dataDir}
 * @param dataDir  where the default H2 database lives
 */
public record Settings(String dbUrl, String dbUser, String dbPassword, int dbPoolSize, Path dataDir,
        HubSettings hub, int maxBodyBytes, long publishTimeoutMillis, long shutdownGraceMillis) {

    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    /** The largest body a publish may send: the data column holds at most 1,000,000 characters. */
    static final int MAX_BODY_LIMIT = 1_000_000;

    static Settings load(SettingsSource source) {
        Path dataDir = Path.of(source.get("herald.data-dir", defaultDataDir().toString()));
        String dbUrl = source.get("herald.db.url", "jdbc:h2:file:" + dataDir.resolve("herald").toAbsolutePath() + H2_OPTIONS);
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new InvalidSettingException("herald.db.url", "must start with jdbc:h2: or jdbc:postgresql:, got '"
                    + dbUrl + "'");
        }
        boolean h2 = dbUrl.startsWith("jdbc:h2:");
        HubSettings hub = new HubSettings(
                source.number("herald.stream.retry-ms", 3000, 0, 3_600_000),
                source.number("herald.stream.heartbeat-ms", 15_000, 10, 3_600_000),
                (int) source.number("herald.stream.queue-capacity", 1000, 8, 1_000_000),
                (int) source.number("herald.store.batch-max", 500, 1, 10_000),
                (int) source.number("herald.stream.replay-page-size", 500, 1, 10_000),
                (int) source.number("herald.stream.writer-threads", 2, 1, 256));
        return new Settings(dbUrl,
                source.get("herald.db.user", h2 ? "sa" : null),
                source.get("herald.db.password", h2 ? "" : null),
                (int) source.number("herald.db.pool-size", 10, 2, 500),
                dataDir,
                hub,
                (int) source.number("herald.publish.max-body-bytes", 65_536, 64, MAX_BODY_LIMIT),
                source.number("herald.publish.timeout-ms", 10_000, 100, 600_000),
                source.number("herald.shutdown.grace-ms", 5000, 0, 600_000));
    }

    boolean usesH2() {
        return dbUrl.startsWith("jdbc:h2:");
    }

    /**
     * {@code $catalina.base/herald-data} inside Tomcat (always writable by the Tomcat user), else
     * {@code ~/.herald} (under {@code mvn jetty:run}, Jetty's distribution or a test).
     */
    static Path defaultDataDir() {
        String catalinaBase = System.getProperty("catalina.base");
        if (catalinaBase != null && !catalinaBase.isBlank()) {
            return Path.of(catalinaBase, "herald-data");
        }
        return Path.of(System.getProperty("user.home"), ".herald");
    }
}
