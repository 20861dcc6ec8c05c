package io.herald.config;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;

/**
 * Starts Herald with the webapp and stops it with the webapp: reads the {@link Settings}, builds
 * and starts {@link Herald}, registers the {@link Routes}; at stop, takes Herald down so that an
 * undeploy leaves nothing behind.
 */
public final class HeraldContextListener implements ServletContextListener {

    /** The context attribute that holds the running {@link Herald}, for code that embeds Herald (and its tests). */
    public static final String HERALD_ATTRIBUTE = Herald.class.getName();

    private static final System.Logger LOG = System.getLogger(HeraldContextListener.class.getName());

    private Herald herald;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            SettingsSource source = new SettingsSource(System.getProperties(), System.getenv(), context::getInitParameter);
            Settings settings = Settings.load(source);
            if (source.configFile() != null) {
                LOG.log(Level.INFO, "Herald read settings from " + source.configFile());
            }
            herald = Herald.open(settings);
            herald.start();
            Routes.register(context, herald);
            String devRealm = System.getProperty("herald.dev-realm");
            if (devRealm != null) {
                LOG.log(Level.WARNING, "Admin logins come from the development realm " + devRealm
                        + " (user admin): for development only, never use it in production");
            }
            context.setAttribute(HERALD_ATTRIBUTE, herald);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Herald failed to start: " + e.getMessage(), e);
            contextDestroyed(event);
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(HERALD_ATTRIBUTE);
        if (herald != null) {
            long started = System.nanoTime();
            herald.stop();
            herald = null;
            LOG.log(Level.INFO, "Herald stopped in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }
}
