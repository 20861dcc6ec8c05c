package io.herald.config;

import com.zaxxer.hikari.HikariDataSource;
import io.herald.access.AccessRules;
import io.herald.access.ApiKeys;
import io.herald.access.BanList;
import io.herald.access.Tickets;
import io.herald.admin.AccessServlet;
import io.herald.admin.AdminFilter;
import io.herald.admin.BansApiServlet;
import io.herald.admin.BansServlet;
import io.herald.admin.BroadcastServlet;
import io.herald.admin.ConnectionsApiServlet;
import io.herald.admin.ConnectionsServlet;
import io.herald.admin.DashboardServlet;
import io.herald.admin.HistoryServlet;
import io.herald.admin.LogoutServlet;
import io.herald.admin.SecurityHeadersFilter;
import io.herald.admin.Stats;
import io.herald.admin.StatsServlet;
import io.herald.cluster.LocalNodes;
import io.herald.cluster.Nodes;
import io.herald.hub.Hub;
import io.herald.store.Dialect;
import io.herald.store.GuardedMessageLog;
import io.herald.store.JdbcAccessStore;
import io.herald.store.JdbcBanStore;
import io.herald.store.JdbcHistory;
import io.herald.store.JdbcMessageLog;
import io.herald.store.JdbcPruning;
import io.herald.store.MessageHistory;
import io.herald.store.MessageLog;
import io.herald.store.Schema;
import io.herald.web.ChannelsServlet;
import io.herald.web.CorsFilter;
import io.herald.web.HealthServlet;
import io.herald.web.HeraldMetrics;
import io.herald.web.HubTimings;
import io.herald.web.MessagesServlet;
import io.herald.web.MetricsServlet;
import io.herald.web.StreamServlet;
import io.herald.web.TicketsServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumSet;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Wires Herald when the webapp starts (settings, pool, schema, store, hub, servlets) and takes it
 * down in reverse order when it stops: streams closed, threads stopped, pool closed, drivers
 * deregistered, so an undeploy leaves nothing behind.
 */
public final class HeraldContextListener implements ServletContextListener {

    /** The context attribute that holds the running {@link Hub}. */
    public static final String HUB_ATTRIBUTE = Hub.class.getName();

    private static final System.Logger LOG = System.getLogger(HeraldContextListener.class.getName());

    private HikariDataSource pool;
    private Hub hub;
    private Stats stats;
    private HeraldMetrics metrics;
    private io.herald.cluster.Relay relay;
    private io.herald.cluster.Cluster cluster;
    private io.herald.announce.Announcements announcements;
    private io.herald.hub.Retention retention;
    private Settings settings;
    private io.herald.store.IdWatermark idMark;
    private io.herald.store.MessageJournal journal;

    /** The journal's segment files in {@code herald.data-dir} (.a and .b), on an embedded H2 database only. */
    static final String JOURNAL_FILE = "herald-journal";

    /** The file in {@code herald.data-dir} that remembers the greatest id this node handed out. */
    static final String ID_MARK_FILE = "herald-last-id";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            SettingsSource source = new SettingsSource(System.getProperties(), System.getenv(), context::getInitParameter);
            settings = Settings.load(source);
            if (source.configFile() != null) {
                LOG.log(Level.INFO, "Herald read settings from " + source.configFile());
            }
            DataSource dataSource = containerDataSource();
            if (dataSource == null) {
                pool = pool(settings);
                dataSource = pool;
            } else {
                LOG.log(Level.INFO, "Herald uses the container's DataSource " + JNDI_DATA_SOURCE
                        + " (herald.db.* settings are not used)");
            }
            context.setAttribute(DATA_SOURCE_ATTRIBUTE, pool == null ? JNDI_DATA_SOURCE : "herald pool");
            Schema.migrate(dataSource);
            idMark = io.herald.store.IdWatermark.open(settings.dataDir().resolve(ID_MARK_FILE));
            if (Dialect.isEmbeddedH2File(dataSource)) {
                journal = io.herald.store.MessageJournal.open(settings.dataDir().resolve(JOURNAL_FILE), settings.fsync());
            }
            MessageLog log = GuardedMessageLog.guard(new JdbcMessageLog(dataSource), idMark, journal);
            MessageHistory history = new JdbcHistory(dataSource);
            boolean postgres = Dialect.of(dataSource) == Dialect.POSTGRES;
            HubTimings timings = new HubTimings();
            hub = new Hub(log, settings.hub(), timings, postgres ? Hub.Topology.CLUSTER : Hub.Topology.SINGLE_NODE);
            hub.start();
            BanList bans = new BanList(new JdbcBanStore(dataSource), hub);
            JdbcAccessStore access = new JdbcAccessStore(dataSource);
            AccessRules rules = new AccessRules(access, hub, settings.defaultAccess());
            hub.presence().policy(rules::presenceOn);
            ApiKeys keys = new ApiKeys(access, hub);
            Tickets tickets = new Tickets(access, java.time.Duration.ofMillis(settings.ticketMillis()));
            stats = new Stats(hub, history);
            stats.start();
            Settings.RetentionPolicy policy = settings.retention();
            retention = new io.herald.hub.Retention(hub, new JdbcPruning(dataSource),
                    policy.maxAgeSeconds() == 0 ? null : java.time.Duration.ofSeconds(policy.maxAgeSeconds()),
                    policy.maxPerChannel());
            retention.start(policy.intervalMillis());
            announcements = new io.herald.announce.Announcements(log, java.time.Clock.systemUTC());
            Nodes nodes = new LocalNodes(hub, settings.nodeId());
            if (postgres) {
                cluster = new io.herald.cluster.Cluster(dataSource, hub, settings.nodeId(),
                        java.time.Duration.ofMillis(settings.nodeTimeoutMillis()));
                cluster.start();
                nodes = cluster.nodes();
            }
            register(context, log, history, bans, rules, keys, tickets, timings);
            registerAdmin(context, history, bans, rules, keys, nodes);
            if (postgres) {
                relay = new io.herald.cluster.Relay(dataSource, hub, () -> {
                    bans.refresh();
                    rules.refresh();
                    keys.refresh();
                }, cluster);
                relay.start();
                LOG.log(Level.INFO, "PostgreSQL: cluster mode, the relay listens for other nodes' messages");
            }
            String devRealm = System.getProperty("herald.dev-realm");
            if (devRealm != null) {
                LOG.log(Level.WARNING, "Admin logins come from the development realm " + devRealm
                        + " (user admin): for development only, never use it in production");
            }
            context.setAttribute(HUB_ATTRIBUTE, hub);
            context.setAttribute("io.herald.node", settings.nodeId());
            LOG.log(Level.INFO, "Herald node " + settings.nodeId() + " started on " + redacted(settings.dbUrl()) + ", last id " + hub.lastFannedOutId());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Herald failed to start: " + e.getMessage(), e);
            stop();
            throw e;
        }
    }

    private void register(ServletContext context, MessageLog log, MessageHistory history, BanList bans, AccessRules rules,
            ApiKeys keys, Tickets tickets, HubTimings timings) {
        FilterRegistration.Dynamic cors = context.addFilter("herald-cors", new CorsFilter(settings.corsOrigins()));
        cors.setAsyncSupported(true);
        cors.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
                "/events", "/api/messages", "/api/messages/*", "/api/tickets", "/api/channels/*", "/api/announcements");
        ServletRegistration.Dynamic stream = context.addServlet("herald-stream", new StreamServlet(hub, bans, rules, tickets, keys)
                .limits(settings.limits().connections(), settings.limits().connectionsPerClient(),
                        settings.limits().channelsPerConnection()));
        stream.setAsyncSupported(true);
        stream.addMapping("/events");
        ServletRegistration.Dynamic messages = context.addServlet("herald-messages",
                new MessagesServlet(hub, history, rules, keys, bans, settings.publishOpen(), settings.maxBodyBytes(),
                        settings.publishTimeoutMillis(), settings.bodyTimeoutMillis(), settings.limits().publishesPerSecond()));
        // Async: bodies are read by a ReadListener, holding no thread while they arrive.
        messages.setAsyncSupported(true);
        messages.addMapping("/api/messages", "/api/messages/*");
        metrics = new HeraldMetrics(hub, timings);
        add(context, "herald-metrics", new MetricsServlet(metrics), "/metrics");
        add(context, "herald-health", new HealthServlet(hub, log), "/health", "/health/*");
        ServletRegistration.Dynamic ticketRequests = context.addServlet("herald-tickets",
                new TicketsServlet(rules, tickets, keys, bans, settings.bodyTimeoutMillis()));
        ticketRequests.setAsyncSupported(true);
        ticketRequests.addMapping("/api/tickets");
        add(context, "herald-channels", new ChannelsServlet(hub, rules, keys, bans), "/api/channels/*");
        add(context, "herald-me", new io.herald.web.MeServlet(bans), "/api/me");
        add(context, "herald-announcements", new io.herald.web.AnnouncementsServlet(announcements, rules, keys, bans), "/api/announcements");
        demo(context, rules);
        if (settings.publishOpen()) {
            LOG.log(Level.WARNING, "herald.publish.open is true: anyone who can reach Herald may publish");
        }
    }

    /** The console and the admin API; web.xml restricts these paths to role herald-admin. */
    /**
     * The demo pages under /demo/ (herald.demo.enabled): served, with a rule giving channels demo/*
     * to logged-in users with presence unless a rule for demo/* exists; otherwise 404.
     */
    private void demo(ServletContext context, AccessRules rules) {
        if (settings.demo()) {
            if (rules.all().stream().noneMatch(r -> r.pattern().equals("demo/*"))) {
                rules.put("demo/*", AccessRules.AUTHENTICATED, true, "herald.demo.enabled");
            }
            LOG.log(Level.INFO, "The demo pages are on at /demo/ (herald.demo.enabled)");
            return;
        }
        FilterRegistration.Dynamic off = context.addFilter("herald-demo-off", (jakarta.servlet.Filter) (request, response, chain) ->
                ((jakarta.servlet.http.HttpServletResponse) response).sendError(404, "the demo is off (herald.demo.enabled)"));
        off.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/demo/*");
    }

    private void registerAdmin(ServletContext context, MessageHistory history, BanList bans, AccessRules rules, ApiKeys keys,
            Nodes nodes) {
        FilterRegistration.Dynamic filter = context.addFilter("herald-admin-filter", new AdminFilter());
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
                "/admin/*", "/api/connections", "/api/connections/*", "/api/bans", "/api/bans/*");
        FilterRegistration.Dynamic login = context.addFilter("herald-login-headers", new SecurityHeadersFilter());
        login.addMappingForUrlPatterns(EnumSet.of(DispatcherType.FORWARD, DispatcherType.REQUEST), false,
                "/WEB-INF/jsp/login.jsp", "/WEB-INF/jsp/login-failed.jsp");
        long timeout = settings.publishTimeoutMillis();
        add(context, "herald-admin-dashboard", new DashboardServlet(hub, stats), "/admin", "/admin/*");
        add(context, "herald-admin-stats", new StatsServlet(stats), "/admin/stats");
        add(context, "herald-admin-broadcast", new BroadcastServlet(hub, history, timeout), "/admin/broadcast");
        add(context, "herald-admin-announcement", new io.herald.admin.AnnouncementServlet(hub, announcements, timeout,
                java.time.Clock.systemUTC()), "/admin/broadcast/announcement", "/admin/broadcast/withdraw");
        add(context, "herald-admin-connections", new ConnectionsServlet(nodes, bans), "/admin/connections", "/admin/connections/*");
        add(context, "herald-admin-messages", new HistoryServlet(hub, history, timeout), "/admin/messages", "/admin/messages/*");
        add(context, "herald-admin-bans", new BansServlet(bans), "/admin/bans", "/admin/bans/*");
        add(context, "herald-admin-access", new AccessServlet(rules, keys), "/admin/access", "/admin/access/*");
        add(context, "herald-admin-logout", new LogoutServlet(), "/admin/logout");
        add(context, "herald-api-connections", new ConnectionsApiServlet(nodes), "/api/connections", "/api/connections/*");
        add(context, "herald-api-bans", new BansApiServlet(nodes, bans), "/api/bans", "/api/bans/*");
        ServletRegistration.Dynamic stream = context.addServlet("herald-admin-stream", StreamServlet.internal(hub, Stats.CHANNEL));
        stream.setAsyncSupported(true);
        stream.addMapping("/admin/stream");
    }

    private static void add(ServletContext context, String name, Servlet servlet, String... paths) {
        context.addServlet(name, servlet).addMapping(paths);
    }

    /** Where a container may offer Herald a DataSource (Tomcat context.xml, Jetty jetty-env.xml). */
    public static final String JNDI_DATA_SOURCE = "java:comp/env/jdbc/herald";
    /** Context attribute naming the DataSource in use, for /health. */
    public static final String DATA_SOURCE_ATTRIBUTE = "io.herald.dataSource";

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

    private static HikariDataSource pool(Settings settings) {
        return DatabasePool.open(settings);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(HUB_ATTRIBUTE);
        long started = System.nanoTime();
        stop();
        LOG.log(Level.INFO, "Herald stopped in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * Takes Herald down in an order that loses nothing and leaves nothing running: the background
     * threads that use the database stop (each finishing its current task, never interrupted
     * inside JDBC), the hub appends what publishers already handed over and closes every stream
     * with {@code event: close}, then the database is closed explicitly (H2 writes its last chunk
     * and releases the file), the pool closes, and the drivers are deregistered.
     */
    private void stop() {
        if (retention != null) {
            retention.close();
            retention = null;
        }
        if (stats != null) {
            stats.close();
            stats = null;
        }
        if (relay != null) {
            relay.close();
            relay = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (hub != null) {
            hub.shutdown(settings.shutdownGraceMillis());
            hub = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
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

    /**
     * HikariCP's own threads ({@code POOL:housekeeper}, {@code POOL:connection-closer}) are told
     * to stop when the pool closes but may still be on their way out when the container looks for
     * threads the webapp left behind: wait for them (briefly), so none is reported or leaked.
     */
    private static void awaitPoolThreads(String poolName) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
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
        ClassLoader ours = HeraldContextListener.class.getClassLoader();
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

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
