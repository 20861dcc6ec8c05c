package io.herald.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.herald.hub.Hub;
import io.herald.store.EventLog;
import io.herald.store.JdbcEventLog;
import io.herald.store.Schema;
import io.herald.web.MessagesServlet;
import io.herald.web.StreamServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;

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
    private Settings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            settings = Settings.load(new SettingsSource(System.getProperties(), System.getenv(),
                    context::getInitParameter));
            pool = pool(settings);
            Schema.migrate(pool);
            EventLog log = new JdbcEventLog(pool);
            hub = new Hub(log, settings.hub());
            hub.start();
            register(context, log);
            context.setAttribute(HUB_ATTRIBUTE, hub);
            LOG.log(Level.INFO, "Herald started on " + redacted(settings.dbUrl()) + ", last id " + hub.lastFannedOutId());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Herald failed to start: " + e.getMessage(), e);
            stop();
            throw e;
        }
    }

    private void register(ServletContext context, EventLog log) {
        ServletRegistration.Dynamic stream = context.addServlet("herald-stream", new StreamServlet(hub));
        stream.setAsyncSupported(true);
        stream.addMapping("/events");
        ServletRegistration.Dynamic messages = context.addServlet("herald-messages",
                new MessagesServlet(hub, log, settings.maxBodyBytes(), settings.publishTimeoutMillis()));
        messages.addMapping("/api/messages", "/api/messages/*");
    }

    private static HikariDataSource pool(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("herald");
        config.setJdbcUrl(settings.dbUrl());
        config.setDriverClassName(settings.usesH2() ? "org.h2.Driver" : "org.postgresql.Driver");
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        config.setMaximumPoolSize(settings.dbPoolSize());
        return new HikariDataSource(config);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(HUB_ATTRIBUTE);
        stop();
        LOG.log(Level.INFO, "Herald stopped");
    }

    private void stop() {
        if (hub != null) {
            hub.shutdown(settings.shutdownGraceMillis());
            hub = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
        deregisterDrivers();
    }

    /** Drivers this webapp loaded stay in DriverManager otherwise and pin its class loader. */
    private static void deregisterDrivers() {
        ClassLoader ours = HeraldContextListener.class.getClassLoader();
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
