package io.herald.config;

import io.herald.access.AccessRules;
import io.herald.access.ApiKeys;
import io.herald.access.AuditTrail;
import io.herald.access.BanList;
import io.herald.access.Credentials;
import io.herald.access.Tickets;
import io.herald.access.TokenVerifier;
import io.herald.admin.Stats;
import io.herald.announce.Announcing;
import io.herald.cluster.Cluster;
import io.herald.cluster.LocalNodes;
import io.herald.cluster.Nodes;
import io.herald.cluster.Relay;
import io.herald.hub.Hub;
import io.herald.hub.HubObserver;
import io.herald.hub.Retention;
import io.herald.outbox.Outboxes;
import io.herald.store.JdbcAccessStore;
import io.herald.store.JdbcAuditStore;
import io.herald.store.JdbcBanStore;
import io.herald.store.JdbcHistory;
import io.herald.store.JdbcOutboxLeases;
import io.herald.store.JdbcPruning;
import io.herald.store.JdbcReceiptStore;
import io.herald.store.MessageHistory;
import io.herald.web.HeraldMetrics;
import io.herald.web.HubTimings;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

/**
 * One running Herald, built from {@link Settings} in one pass: the database, the hub, access,
 * announcements, the cluster parts on PostgreSQL, statistics, retention and metrics, each given
 * its collaborators in its constructor. {@link #start} starts their threads; {@link #stop} takes
 * them down in the order docs/reliability.md gives, losing nothing and leaving nothing running.
 */
public final class Herald {

    private static final System.Logger LOG = System.getLogger(Herald.class.getName());

    private final Settings settings;
    private final Database database;
    private final MessageHistory history;
    private final HubTimings timings = new HubTimings();
    private final Hub hub;
    private final BanList bans;
    private final AccessRules rules;
    private final ApiKeys keys;
    private final Credentials credentials;
    private final Tickets tickets;
    private final Announcing announcing;
    private final Stats stats;
    private final AuditTrail audit;
    private final Retention retention;
    private final Cluster cluster;
    private final Relay relay;
    private final Nodes nodes;
    private final HeraldMetrics metrics;
    private final OutboxConnections outboxConnections;
    private final Outboxes outboxes;

    private Herald(Settings settings, Database database) {
        this.settings = settings;
        this.database = database;
        this.history = new JdbcHistory(database.dataSource());
        boolean shared = database.shared();
        this.announcing = new Announcing(database.log(), new JdbcReceiptStore(database.dataSource()), Clock.systemUTC());
        this.hub = new Hub(database.log(), settings.hub(), HubObserver.both(timings, announcing.receipts()),
                shared ? Hub.Topology.CLUSTER : Hub.Topology.SINGLE_NODE, announcing.audiences());
        this.bans = new BanList(new JdbcBanStore(database.dataSource()), hub);
        JdbcAccessStore access = new JdbcAccessStore(database.dataSource());
        this.rules = new AccessRules(access, hub, settings.defaultAccess(), announcing.audiences()::roleNames);
        hub.presence().policy(rules::presenceOn);
        this.keys = new ApiKeys(access, hub);
        this.credentials = new Credentials(keys, settings.jwt() == null ? null : tokens(settings.jwt()));
        this.tickets = new Tickets(access, Duration.ofMillis(settings.ticketMillis()));
        this.stats = new Stats(hub, history);
        Settings.RetentionPolicy policy = settings.retention();
        this.audit = new AuditTrail(new JdbcAuditStore(database.dataSource()), Duration.ofDays(policy.auditDays()));
        this.retention = new Retention(hub, new JdbcPruning(database.dataSource()),
                policy.maxAgeSeconds() == 0 ? null : Duration.ofSeconds(policy.maxAgeSeconds()), policy.maxPerChannel(),
                Duration.ofSeconds(settings.publishing().idempotencyWindowSeconds()), audit::prune);
        if (shared) {
            this.cluster = new Cluster(database.dataSource(), hub, settings.nodeId(), Duration.ofMillis(settings.nodeTimeoutMillis()));
            this.nodes = cluster.nodes();
            this.relay = new Relay(database.dataSource(), hub, () -> {
                bans.refresh();
                rules.refresh();
                keys.refresh();
            }, cluster);
        } else {
            this.cluster = null;
            this.nodes = new LocalNodes(hub, settings.nodeId());
            this.relay = null;
        }
        this.outboxConnections = new OutboxConnections(settings);
        this.outboxes = new Outboxes(outboxConnections.sources(), hub, new JdbcOutboxLeases(database.dataSource()),
                settings.nodeId(), Duration.ofMillis(settings.nodeTimeoutMillis()));
        this.metrics = new HeraldMetrics(hub.gauges(), timings, outboxes, announcing.receipts());
    }

    /** Opens the database and builds Herald on it, not yet started; closes the database if building fails. */
    public static Herald open(Settings settings) {
        Database database = Database.open(settings);
        try {
            return new Herald(settings, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Starts every thread: the hub's, statistics, retention, and on PostgreSQL the cluster heartbeat and the relay. */
    public void start() {
        hub.start();
        announcing.start();
        stats.start();
        retention.start(settings.retention().intervalMillis());
        outboxes.start();
        if (cluster != null) {
            cluster.start();
            relay.start();
            LOG.log(Level.INFO, "PostgreSQL: cluster mode, the relay listens for other nodes' messages");
        }
        LOG.log(Level.INFO, "Herald node " + settings.nodeId() + " started on " + database.redactedUrl() + ", last id "
                + hub.gauges().lastFannedOutId());
    }

    /**
     * Takes Herald down in an order that loses nothing and leaves nothing running: the background
     * threads that use the database stop (each finishing its current task, never interrupted
     * inside JDBC), the hub appends what publishers already handed over and closes every stream
     * with {@code event: close}, then the database closes (an embedded H2 writes its last chunk
     * and releases the file), the pool closes, and the drivers are deregistered.
     */
    public void stop() {
        outboxes.close();
        outboxConnections.close();
        retention.close();
        stats.close();
        if (relay != null) {
            relay.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        hub.shutdown(settings.shutdownGraceMillis());
        announcing.stop();
        metrics.close();
        database.close();
    }

    public Settings settings() {
        return settings;
    }

    public Outboxes outboxes() {
        return outboxes;
    }

    public Hub hub() {
        return hub;
    }

    /** Announcements in force, their audiences and receipts. */
    public Announcing announcing() {
        return announcing;
    }

    /** The guarded message log (the one the hub appends to), for what reads it directly: /health, announcements. */
    io.herald.store.MessageLog log() {
        return database.log();
    }

    MessageHistory history() {
        return history;
    }

    BanList bans() {
        return bans;
    }

    /** The channel rules (tests set them here instead of through the console). */
    public AccessRules rules() {
        return rules;
    }

    private static TokenVerifier tokens(TokenVerifier.Config config) {
        try {
            return new TokenVerifier(config);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(config.jwksUrl() != null ? "herald.jwt.jwks-url" : "herald.jwt.key-file", e.getMessage());
        }
    }

    AuditTrail audit() {
        return audit;
    }

    Credentials credentials() {
        return credentials;
    }

    ApiKeys keys() {
        return keys;
    }

    Tickets tickets() {
        return tickets;
    }

    Stats stats() {
        return stats;
    }

    Nodes nodes() {
        return nodes;
    }

    HeraldMetrics metrics() {
        return metrics;
    }

    /** What /health names as the database in use. */
    String databaseDescription() {
        return database.description();
    }
}
