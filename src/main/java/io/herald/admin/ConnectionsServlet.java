package io.herald.admin;

import io.herald.hub.BanList;
import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.hub.Subscriber;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/connections}: every live connection, filterable by channel, address or user;
 * {@code /admin/connections/kick} and {@code /admin/connections/ban}: a confirmation page (GET)
 * and the action (POST).
 */
public final class ConnectionsServlet extends AdminServlet {

    private final transient Hub hub;
    private final transient BanList bans;

    public ConnectionsServlet(Hub hub, BanList bans) {
        this.hub = hub;
        this.bans = bans;
    }

    /** One row of the table, formatted for the page. */
    public record Row(long id, String channels, String address, String user, String userAgent, String since,
            long lastEventId, long framesSent, int queueDepth) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String action = req.getPathInfo();
        if (action == null || action.equals("/")) {
            list(req, resp);
        } else if (action.equals("/kick") || action.equals("/ban")) {
            Optional<Subscriber> s = hub.find(number(req.getParameter("id")));
            if (s.isEmpty()) {
                fail(req, resp, 404, "Connection " + req.getParameter("id") + " is not open (any more).");
                return;
            }
            req.setAttribute("connection", row(s.get()));
            req.setAttribute("action", action.substring(1));
            render(req, resp, "confirm", action.equals("/kick") ? "Kick a connection" : "Ban a connection");
        } else {
            fail(req, resp, 404, "There is no admin page /admin/connections" + action + ".");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String action = req.getPathInfo();
        long id = number(req.getParameter("id"));
        Optional<Subscriber> found = hub.find(id);
        if (!"/kick".equals(action) && !"/ban".equals(action)) {
            fail(req, resp, 404, "There is no action " + action + " on connections.");
        } else if (found.isEmpty()) {
            fail(req, resp, 404, "Connection " + req.getParameter("id") + " is not open (any more).");
        } else if (action.equals("/kick")) {
            hub.close(found.get(), CloseReason.KICKED);
            redirect(req, resp, "/admin/connections", "Connection " + id + " was kicked; its browser will reconnect.");
        } else {
            Subscriber s = found.get();
            String scope = req.getParameter("scope");
            String reason = param(req, "reason");
            String user = s.info().user();
            if (reason == null || reason.length() > 1000) {
                fail(req, resp, 400, "A ban needs a reason of at most 1,000 characters.");
            } else if ("user".equals(scope) && user == null) {
                fail(req, resp, 400, "Connection " + id + " has no authenticated user: ban its address instead.");
            } else if (!"user".equals(scope) && !"address".equals(scope)) {
                fail(req, resp, 400, "Choose whether to ban the user or the address.");
            } else {
                BanList.Banned banned = "user".equals(scope)
                        ? bans.ban(user, null, reason, req.getRemoteUser())
                        : bans.ban(null, s.info().remoteAddress(), reason, req.getRemoteUser());
                redirect(req, resp, "/admin/bans", "Banned " + ("user".equals(scope) ? "user " + user
                        : "address " + s.info().remoteAddress()) + "; " + banned.connectionsClosed()
                        + " connection(s) closed.");
            }
        }
    }

    private void list(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String channel = param(req, "channel");
        String address = param(req, "address");
        String user = param(req, "user");
        List<Row> rows = new ArrayList<>();
        List<Subscriber> all = new ArrayList<>(hub.subscribers());
        all.sort(Comparator.comparingLong(Subscriber::id));
        for (Subscriber s : matching(all, channel, address, user)) {
            rows.add(row(s));
        }
        req.setAttribute("rows", rows);
        req.setAttribute("total", all.size());
        req.setAttribute("filter", new Filter(channel, address, user));
        render(req, resp, "connections", "Connections");
    }

    /** The filter as typed: substring matches, case-insensitive for channel and user. */
    public record Filter(String channel, String address, String user) {
    }

    static List<Subscriber> matching(List<Subscriber> all, String channel, String address, String user) {
        List<Subscriber> out = new ArrayList<>();
        for (Subscriber s : all) {
            if (channel != null && s.channels().stream().noneMatch(c -> containsIgnoreCase(c, channel))) {
                continue;
            }
            if (address != null && !s.info().remoteAddress().contains(address)) {
                continue;
            }
            if (user != null && (s.info().user() == null || !containsIgnoreCase(s.info().user(), user))) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    private static boolean containsIgnoreCase(String text, String part) {
        return text.toLowerCase(java.util.Locale.ROOT).contains(part.toLowerCase(java.util.Locale.ROOT));
    }

    static Row row(Subscriber s) {
        return new Row(s.id(), String.join(", ", s.channels()), s.info().remoteAddress(), s.info().user(),
                s.info().userAgent(), time(s.info().since()), s.lastSentId(), s.framesSent(), s.queueDepth());
    }
}
