package io.herald.config;

import io.herald.access.AccessRules;
import io.herald.access.TokenVerifier;
import io.herald.hub.HubSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every setting, read once at start and validated; see docs/configuration.md for the list.
 *
 * @param dbUrl    JDBC URL; the default is an H2 file under {@code dataDir}
 * @param dataDir  where the default H2 database lives
 * @param bodyTimeoutMillis how long a request body (a publish, a ticket request) may take to arrive
 */
public record Settings(String dbUrl, String dbUser, String dbPassword, int dbPoolSize, Path dataDir,
        HubSettings hub, int maxBodyBytes, long publishTimeoutMillis, long bodyTimeoutMillis, long shutdownGraceMillis,
        String defaultAccess, long ticketMillis, Set<String> corsOrigins, boolean publishOpen, Limits limits,
        RetentionPolicy retention, String nodeId, long nodeTimeoutMillis, boolean demo, boolean fsync, Publishing publishing,
        List<Outbox> outboxes, TokenVerifier.Config jwt, String sessionSameSite) {

    /**
     * How publishing behaves beyond one message: an idempotency key answers a repeat for
     * {@code idempotencyWindowSeconds}; a batch holds at most {@code maxBatch} messages in a body of
     * at most {@code maxBatchBytes}.
     */
    public record Publishing(long idempotencyWindowSeconds, int maxBatch, int maxBatchBytes) {
    }

    /**
     * An application's outbox Herald drains ({@code herald.outbox.sources} names them;
     * {@code herald.outbox.NAME.*} describes each): the database by JDBC {@code url} (with
     * {@code user}, {@code password}) or by a JNDI DataSource name ({@code jndi}), the outbox
     * {@code table}, the poll interval and the rows moved in one pass.
     */
    public record Outbox(String name, String url, String user, String password, String jndi, String table,
            long pollMillis, int batch) {

        /** Where the rows come from, for logs and the console: never the password. */
        public String description() {
            return jndi != null ? "JNDI " + jndi : url.replaceAll("(?i)(password=)[^;&]*", "$1***");
        }

        @Override
        public String toString() {
            return "outbox " + name + " (" + description() + ", table " + table + ")";
        }
    }

    /**
     * Messages older than {@code maxAgeSeconds} (0: forever) or beyond {@code maxPerChannel} (0: no
     * limit) are pruned every {@code intervalMillis}; audit entries older than {@code auditDays}.
     */
    public record RetentionPolicy(long maxAgeSeconds, int maxPerChannel, long intervalMillis, int auditDays) {
    }

    /**
     * Per-request limits; each refusal is a clear 4xx or 503 (docs/configuration.md). A stream
     * lives at most {@code streamMaxAgeSeconds} (0: no limit), less up to a tenth at random.
     */
    public record Limits(int connections, int connectionsPerClient, int channelsPerConnection, int publishesPerSecond,
            long streamMaxAgeSeconds) {
    }

    /**
     * WRITE_DELAY=0: each commit writes its chunk before it returns. DB_CLOSE_ON_EXIT=FALSE: H2's
     * own JVM shutdown hook would close the database while the container is still stopping Herald
     * (publishes then fail, and a close cut short by the webapp's class loader going away leaves
     * the file to be recovered); Herald closes it itself, in order (docs/reliability.md).
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
            + ";DB_CLOSE_ON_EXIT=FALSE";

    /** The largest body a publish may send: the data column holds at most 1,000,000 characters. */
    static final int MAX_BODY_LIMIT = 1_000_000;
    static final int MAX_BATCH_BODY_LIMIT = 16 * 1_048_576;

    static Settings load(SettingsSource source) {
        Path dataDir = Path.of(source.get("herald.data-dir", defaultDataDir().toString()));
        String dbUrl = source.get("herald.db.url", "jdbc:h2:file:" + dataDir.resolve("herald").toAbsolutePath() + H2_OPTIONS);
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new InvalidSettingException("herald.db.url", "must start with jdbc:h2: or jdbc:postgresql:, got '"
                    + dbUrl + "'");
        }
        boolean h2 = dbUrl.startsWith("jdbc:h2:");
        if (h2 && !dbUrl.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            dbUrl += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        HubSettings hub = new HubSettings(
                source.number("herald.stream.retry-ms", 3000, 0, 3_600_000),
                source.number("herald.stream.heartbeat-ms", 15_000, 10, 3_600_000),
                (int) source.number("herald.stream.queue-capacity", 1000, 8, 1_000_000),
                (int) source.number("herald.store.batch-max", 2000, 1, 10_000),
                (int) source.number("herald.stream.replay-page-size", 500, 1, 10_000),
                (int) source.number("herald.stream.writer-threads", 2, 1, 256),
                source.number("herald.stream.queue-max-bytes", HubSettings.DEFAULT_QUEUE_MAX_BYTES, 16 * 1024, 1L << 30),
                source.number("herald.stream.catchup-max-bytes", HubSettings.DEFAULT_CATCHUP_MAX_BYTES, 1024 * 1024, 1L << 40),
                source.number("herald.shutdown.reconnect-spread-ms", 10_000, 0, 3_600_000));
        return new Settings(dbUrl,
                source.get("herald.db.user", h2 ? "sa" : null),
                source.get("herald.db.password", h2 ? "" : null),
                (int) source.number("herald.db.pool-size", 10, 2, 500),
                dataDir,
                hub,
                (int) source.number("herald.publish.max-body-bytes", 65_536, 64, MAX_BODY_LIMIT),
                source.number("herald.publish.timeout-ms", 10_000, 100, 600_000),
                source.number("herald.publish.body-timeout-ms", 10_000, 100, 600_000),
                source.number("herald.shutdown.grace-ms", 5000, 0, 600_000),
                defaultAccess(source.get("herald.access.default", AccessRules.AUTHENTICATED)),
                source.number("herald.ticket.ttl-ms", 60_000, 1000, 3_600_000),
                origins(source.get("herald.cors.allowed-origins", "")),
                bool(source, "herald.publish.open", false),
                new Limits((int) source.number("herald.limits.connections", 20_000, 1, 10_000_000),
                        (int) source.number("herald.limits.connections-per-client", 200, 1, 10_000_000),
                        (int) source.number("herald.limits.channels-per-connection", 32, 1, 10_000),
                        (int) source.number("herald.limits.publishes-per-second", 500, 1, 10_000_000),
                        source.number("herald.stream.max-age-seconds", 3600, 0, 30L * 24 * 3600)),
                new RetentionPolicy(source.number("herald.retention.max-age-seconds", 30L * 24 * 3600, 0, 100L * 365 * 24 * 3600),
                        (int) source.number("herald.retention.max-per-channel", 100_000, 0, 1_000_000_000),
                        source.number("herald.retention.interval-ms", 60_000, 100, 86_400_000),
                        (int) source.number("herald.audit.retention-days", 365, 1, 36_500)),
                nodeId(source.get("herald.node.id", defaultNodeId())),
                source.number("herald.cluster.node-timeout-ms", 15_000, 3000, 600_000),
                bool(source, "herald.demo.enabled", false),
                bool(source, "herald.store.fsync", true),
                new Publishing(source.number("herald.publish.idempotency-window-seconds", 86_400, 1, 366L * 24 * 3600),
                        (int) source.number("herald.publish.max-batch", 1000, 1, 10_000),
                        (int) source.number("herald.publish.max-batch-bytes", 1_048_576, 64, MAX_BATCH_BODY_LIMIT)),
                OutboxSettings.load(source),
                JwtSettings.load(source),
                sameSite(source.get("herald.session.same-site", "")));
    }

    /** {@code None}, {@code Lax} or {@code Strict} (any case), or null to leave the container's default. */
    private static String sameSite(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return null;
        }
        for (String known : List.of("None", "Lax", "Strict")) {
            if (known.equalsIgnoreCase(v)) {
                return known;
            }
        }
        throw new InvalidSettingException("herald.session.same-site", "must be None, Lax or Strict (or empty), got '" + value + "'");
    }

    /** Names this node in the admin console and to the other nodes of a cluster. */
    private static String nodeId(String value) {
        if (!value.matches("[A-Za-z0-9._:-]{1,200}")) {
            throw new InvalidSettingException("herald.node.id", "must be 1-200 characters of A-Z a-z 0-9 . _ : -, got '" + value + "'");
        }
        return value;
    }

    /** The host name and four random hex digits: unique even for two nodes on one host. */
    static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._:-]", "");
        } catch (java.io.IOException e) {
            host = "";
        }
        host = host.isEmpty() ? "node" : host.substring(0, Math.min(host.length(), 150));
        return host + "-" + String.format("%04x", new java.security.SecureRandom().nextInt(0x10000));
    }

    private static String defaultAccess(String value) {
        if (!AccessRules.isValidAccess(value)) {
            throw new InvalidSettingException("herald.access.default",
                    "must be public, authenticated or role:NAME, got '" + value + "'");
        }
        return value;
    }

    /** Comma-separated origins, each {@code scheme://host[:port]} with no path. */
    static Set<String> origins(String value) {
        Set<String> origins = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(origin);
            } catch (java.net.URISyntaxException e) {
                throw new InvalidSettingException("herald.cors.allowed-origins", "'" + origin + "' is not an origin");
            }
            if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
                    || uri.getQuery() != null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new InvalidSettingException("herald.cors.allowed-origins",
                        "'" + origin + "' is not an origin like https://intranet.example.com or http://host:8080");
            }
            origins.add(origin.toLowerCase(Locale.ROOT));
        }
        return origins;
    }

    private static boolean bool(SettingsSource source, String name, boolean fallback) {
        String value = source.get(name, Boolean.toString(fallback)).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidSettingException(name, "must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
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
