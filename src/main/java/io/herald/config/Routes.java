package io.herald.config;

import io.herald.access.AccessRules;
import io.herald.admin.AccessServlet;
import io.herald.admin.AdminApiAccess;
import io.herald.admin.AdminFilter;
import io.herald.admin.AnnouncementServlet;
import io.herald.admin.AuditApiServlet;
import io.herald.admin.AuditServlet;
import io.herald.admin.BansApiServlet;
import io.herald.admin.BansServlet;
import io.herald.admin.BroadcastServlet;
import io.herald.admin.ConnectionsApiServlet;
import io.herald.admin.ConnectionsServlet;
import io.herald.admin.DashboardServlet;
import io.herald.admin.HistoryServlet;
import io.herald.admin.LogoutServlet;
import io.herald.admin.ReceiptsPageServlet;
import io.herald.admin.SecurityHeadersFilter;
import io.herald.admin.Stats;
import io.herald.admin.StatsServlet;
import io.herald.admin.UsersApiServlet;
import io.herald.http.RequestIdentity;
import io.herald.store.Actor;
import io.herald.store.AuditActions;
import io.herald.web.AnnouncementsServlet;
import io.herald.web.ChannelsServlet;
import io.herald.web.CorsFilter;
import io.herald.web.HealthServlet;
import io.herald.web.MeServlet;
import io.herald.web.MessagesServlet;
import io.herald.web.MetricsServlet;
import io.herald.web.ReceiptsServlet;
import io.herald.web.SessionEnds;
import io.herald.web.StreamLimits;
import io.herald.web.StreamServlet;
import io.herald.web.TicketsServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Herald's route table: every servlet and filter with its paths, registered on the servlet
 * context at start. web.xml adds the container's security constraints (roles herald-admin and
 * herald-publisher) on the same paths; the HTTP contract is docs/api.md.
 */
final class Routes {

    private static final System.Logger LOG = System.getLogger(Routes.class.getName());

    /** A servlet at {@code paths}; {@code async}: it may hold the request open (streams, bodies read by a ReadListener). */
    private record Route(String name, HttpServlet servlet, boolean async, String... paths) {
    }

    /** A filter at {@code paths} for the {@code dispatch} types. */
    private record FilterRoute(String name, Filter filter, EnumSet<DispatcherType> dispatch, String... paths) {
    }

    private Routes() {
    }

    static void register(ServletContext context, Herald h) {
        for (FilterRoute f : filters(h)) {
            var registration = context.addFilter(f.name(), f.filter());
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(f.dispatch(), false, f.paths());
        }
        for (Route r : routes(h)) {
            var registration = context.addServlet(r.name(), r.servlet());
            registration.setAsyncSupported(r.async());
            registration.addMapping(r.paths());
        }
        context.addListener(new SessionEnds(h.nodes()));
        String sameSite = h.settings().sessionSameSite();
        if (sameSite != null) {
            // Servlet 6: the session cookie's SameSite, on Tomcat 10.1+ and Jetty 12 alike. None needs Secure.
            context.getSessionCookieConfig().setAttribute("SameSite", sameSite);
            if (sameSite.equals("None")) {
                context.getSessionCookieConfig().setSecure(true);
            }
        }
        if (h.settings().publishOpen()) {
            LOG.log(Level.WARNING, "herald.publish.open is true: anyone who can reach Herald may publish");
        }
    }

    private static List<FilterRoute> filters(Herald h) {
        EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
        List<FilterRoute> filters = new ArrayList<>(List.of(
                new FilterRoute("herald-cors", new CorsFilter(h.settings().corsOrigins()), request,
                        "/events", "/api/messages", "/api/messages/*", "/api/tickets", "/api/channels/*", "/api/announcements",
                        "/api/announcements/*"),
                new FilterRoute("herald-admin-api-access", new AdminApiAccess(h.rules(), h.credentials()), request,
                        "/api/connections", "/api/connections/*", "/api/bans", "/api/bans/*", "/api/audit", "/api/users/*"),
                new FilterRoute("herald-admin-filter", new AdminFilter(h.settings().nodeId(),
                        req -> h.audit().record(RequestIdentity.actor(req), AuditActions.SIGN_IN, "console", null, null)), request,
                        "/admin/*", "/api/connections", "/api/connections/*", "/api/bans", "/api/bans/*", "/api/audit", "/api/users/*"),
                new FilterRoute("herald-login-headers", new SecurityHeadersFilter(), EnumSet.of(DispatcherType.FORWARD,
                        DispatcherType.REQUEST), "/WEB-INF/jsp/login.jsp", "/WEB-INF/jsp/login-failed.jsp")));
        if (!demo(h)) {
            filters.add(new FilterRoute("herald-demo-off", (req, resp, chain) ->
                    ((HttpServletResponse) resp).sendError(404, "the demo is off (herald.demo.enabled)"), request, "/demo/*"));
        }
        return filters;
    }

    private static List<Route> routes(Herald h) {
        Settings s = h.settings();
        long timeout = s.publishTimeoutMillis();
        Settings.Limits limits = s.limits();
        return List.of(
                new Route("herald-stream", new StreamServlet(h.hub(), h.bans(), h.rules(), h.tickets(), h.credentials(),
                        new StreamLimits(limits.connections(), limits.connectionsPerClient(),
                                limits.channelsPerConnection(), Duration.ofSeconds(limits.streamMaxAgeSeconds())), h.announcing().receipts()),
                        true, "/events"),
                new Route("herald-messages", new MessagesServlet(h.hub(), h.history(), h.rules(), h.announcing().audiences(), h.credentials(), h.bans(),
                        new MessagesServlet.Publishing(s.publishOpen(), s.maxBodyBytes(), s.publishing().maxBatch(),
                                s.publishing().maxBatchBytes(), timeout, s.bodyTimeoutMillis(), limits.publishesPerSecond(),
                                s.publishing().idempotencyWindowSeconds()), limits.connections()),
                        true, "/api/messages", "/api/messages/*"),
                new Route("herald-metrics", new MetricsServlet(h.metrics()), false, "/metrics"),
                new Route("herald-health", new HealthServlet(h.hub(), h.log(), h.databaseDescription()), false,
                        "/health", "/health/*"),
                new Route("herald-tickets", new TicketsServlet(h.rules(), h.tickets(), h.credentials(), h.bans(),
                        s.bodyTimeoutMillis()), true, "/api/tickets"),
                new Route("herald-channels", new ChannelsServlet(h.hub(), h.rules(), h.credentials(), h.bans()), false,
                        "/api/channels/*"),
                new Route("herald-me", new MeServlet(h.bans()), false, "/api/me"),
                new Route("herald-announcements", new AnnouncementsServlet(h.announcing().announcements(), h.announcing().receipts(), h.announcing().audiences(),
                        h.rules(), h.credentials(), h.bans()), false, "/api/announcements"),
                new Route("herald-receipts", new ReceiptsServlet(h.announcing().receipts(), h.history(), h.rules(), h.credentials(), h.bans(),
                        s.bodyTimeoutMillis()), true, "/api/announcements/*"),
                // The console and the admin API; web.xml restricts these paths to role herald-admin.
                new Route("herald-admin-dashboard", new DashboardServlet(h.hub(), h.stats(), h.outboxes()), false, "/admin", "/admin/*"),
                new Route("herald-admin-stats", new StatsServlet(h.stats()), false, "/admin/stats"),
                new Route("herald-admin-broadcast", new BroadcastServlet(h.hub(), h.history(), timeout, h.audit()), false,
                        "/admin/broadcast"),
                new Route("herald-admin-announcement", new AnnouncementServlet(h.hub(), h.announcing().announcements(), timeout,
                        Clock.systemUTC(), h.audit(), h.announcing().receipts(), h.rules()), false, "/admin/broadcast/announcement",
                        "/admin/broadcast/withdraw"),
                new Route("herald-admin-receipts", new ReceiptsPageServlet(h.announcing().receipts(), h.history(), h.rules()),
                        false, "/admin/announcements/*"),
                new Route("herald-admin-connections", new ConnectionsServlet(h.nodes(), h.bans(), h.audit()), false,
                        "/admin/connections", "/admin/connections/*"),
                new Route("herald-admin-messages", new HistoryServlet(h.hub(), h.history(), timeout, h.audit()), false,
                        "/admin/messages", "/admin/messages/*"),
                new Route("herald-admin-bans", new BansServlet(h.bans()), false, "/admin/bans", "/admin/bans/*"),
                new Route("herald-admin-access", new AccessServlet(h.rules(), h.keys()), false, "/admin/access",
                        "/admin/access/*"),
                new Route("herald-admin-logout", new LogoutServlet(), false, "/admin/logout"),
                new Route("herald-admin-audit", new AuditServlet(h.audit()), false, "/admin/audit", "/admin/audit/*"),
                new Route("herald-api-audit", new AuditApiServlet(h.audit()), false, "/api/audit"),
                new Route("herald-api-users", new UsersApiServlet(h.nodes(), h.audit()), false, "/api/users/*"),
                new Route("herald-api-connections", new ConnectionsApiServlet(h.nodes(), h.audit()), false, "/api/connections",
                        "/api/connections/*"),
                new Route("herald-api-bans", new BansApiServlet(h.nodes(), h.bans()), false, "/api/bans", "/api/bans/*"),
                new Route("herald-admin-stream", StreamServlet.internal(h.hub(), Stats.CHANNEL), true, "/admin/stream"));
    }

    /**
     * The demo pages under /demo/ (herald.demo.enabled): when on, channels demo/* go to logged-in
     * users with presence unless a rule for demo/* exists; when off, /demo/ answers 404.
     */
    private static boolean demo(Herald h) {
        if (!h.settings().demo()) {
            return false;
        }
        if (h.rules().all().stream().noneMatch(r -> r.pattern().equals("demo/*"))) {
            h.rules().put("demo/*", AccessRules.AUTHENTICATED, true, Actor.HERALD);
        }
        LOG.log(Level.INFO, "The demo pages are on at /demo/ (herald.demo.enabled)");
        return true;
    }
}
