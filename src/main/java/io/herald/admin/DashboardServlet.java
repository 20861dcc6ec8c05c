package io.herald.admin;

import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.outbox.Outboxes;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code /admin/}: the dashboard. Filled on the server (works without JavaScript); admin.js keeps it live. */
public final class DashboardServlet extends AdminServlet {

    private final transient Hub hub;
    private final transient Stats stats;
    private final transient Outboxes outboxes;

    public DashboardServlet(Hub hub, Stats stats, Outboxes outboxes) {
        this.hub = hub;
        this.stats = stats;
        this.outboxes = outboxes;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (req.getServletPath().equals("/admin") && req.getPathInfo() == null) {
            resp.sendRedirect(req.getContextPath() + "/admin/");
            return;
        }
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            fail(req, resp, 404, "There is no admin page " + req.getPathInfo() + ".");
            return;
        }
        Map<String, Integer> channels = new TreeMap<>(hub.gauges().subscriberCounts());
        channels.remove(Stats.CHANNEL);
        Map<String, Long> closes = new LinkedHashMap<>();
        for (CloseReason reason : CloseReason.values()) {
            closes.put(reason.wireName(), hub.gauges().traffic().closedCount(reason));
        }
        req.setAttribute("now", stats.now());
        req.setAttribute("channels", channels);
        req.setAttribute("closes", closes);
        req.setAttribute("published", hub.gauges().publishedCount());
        req.setAttribute("outboxes", outboxes.statuses());
        req.setAttribute("at", Instant.now());
        render(req, resp, "dashboard", "Dashboard");
    }
}
