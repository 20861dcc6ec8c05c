package io.herald.admin;

import io.herald.access.AuditTrail;
import io.herald.access.BanList;
import io.herald.cluster.ConnectionView;
import io.herald.cluster.Nodes;
import io.herald.http.RequestIdentity;
import io.herald.store.AuditActions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /admin/connections}: every live connection of every node, filterable by channel, address,
 * user or node; {@code /admin/connections/kick} and {@code /admin/connections/ban}: a confirmation
 * page (GET) and the action (POST), for a connection named by {@code node} and {@code id}.
 */
public final class ConnectionsServlet extends AdminServlet {

    private final transient Nodes nodes;
    private final transient BanList bans;
    private final transient AuditTrail audit;

    public ConnectionsServlet(Nodes nodes, BanList bans, AuditTrail audit) {
        this.audit = audit;
        this.nodes = nodes;
        this.bans = bans;
    }

    /** One row of the table, formatted for the page. */
    public record Row(String node, long id, String channels, String address, String user, String userAgent, String since,
            long lastEventId, long framesSent, int queueDepth) {
    }

    /** One node in the summary above the table. */
    public record NodeRow(String node, long connections, boolean self, boolean silent) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String action = req.getPathInfo();
        if (action == null || action.equals("/")) {
            list(req, resp);
        } else if (action.equals("/kick") || action.equals("/ban")) {
            Optional<ConnectionView> found = find(req, resp);
            if (found == null) {
                return;
            }
            req.setAttribute("connection", row(found.get()));
            req.setAttribute("action", action.substring(1));
            render(req, resp, "confirm", action.equals("/kick") ? "Kick a connection" : "Ban a connection");
        } else {
            fail(req, resp, 404, "There is no admin page /admin/connections" + action + ".");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String action = req.getPathInfo();
        if (!"/kick".equals(action) && !"/ban".equals(action)) {
            fail(req, resp, 404, "There is no action " + action + " on connections.");
            return;
        }
        String node = node(req);
        long id = number(req.getParameter("id"));
        if (action.equals("/kick")) {
            try {
                if (id >= 0 && nodes.kick(node, id)) {
                    audit.record(RequestIdentity.actor(req), AuditActions.KICK, "connection " + id + " on node " + node, null,
                            null);
                    redirect(req, resp, "/admin/connections", "Connection " + id + " on node " + node
                            + " was kicked; its browser will reconnect.");
                } else {
                    fail(req, resp, 404, "Connection " + req.getParameter("id") + " on node " + node + " is not open (any more).");
                }
            } catch (Nodes.Unavailable e) {
                fail(req, resp, e.status(), "Node " + node + " cannot be reached: " + e.getMessage() + ".");
            }
            return;
        }
        Optional<ConnectionView> found = find(req, resp);
        if (found == null) {
            return;
        }
        ConnectionView c = found.get();
        String scope = req.getParameter("scope");
        String reason = param(req, "reason");
        if (reason == null || reason.length() > 1000) {
            fail(req, resp, 400, "A ban needs a reason of at most 1,000 characters.");
        } else if ("user".equals(scope) && c.user() == null) {
            fail(req, resp, 400, "Connection " + id + " has no authenticated user: ban its address instead.");
        } else if (!"user".equals(scope) && !"address".equals(scope)) {
            fail(req, resp, 400, "Choose whether to ban the user or the address.");
        } else {
            BanList.Banned banned = "user".equals(scope)
                    ? bans.ban(c.user(), null, reason, RequestIdentity.actor(req))
                    : bans.ban(null, c.remoteAddress(), reason, RequestIdentity.actor(req));
            redirect(req, resp, "/admin/bans", "Banned " + ("user".equals(scope) ? "user " + c.user()
                    : "address " + c.remoteAddress()) + "; " + banned.connectionsClosed()
                    + " connection(s) closed on this node, and the other nodes close theirs.");
        }
    }

    /** The connection the request names, or null after answering with an error page. */
    private Optional<ConnectionView> find(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String node = node(req);
        long id = number(req.getParameter("id"));
        try {
            Optional<ConnectionView> found = id < 0 ? Optional.empty() : nodes.find(node, id);
            if (found.isPresent()) {
                return found;
            }
            fail(req, resp, 404, "Connection " + req.getParameter("id") + " on node " + node + " is not open (any more).");
        } catch (Nodes.Unavailable e) {
            fail(req, resp, e.status(), "Node " + node + " cannot be reached: " + e.getMessage() + ".");
        }
        return null;
    }

    private String node(HttpServletRequest req) {
        String node = param(req, "node");
        return node == null ? nodes.self() : node;
    }

    private void list(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Filter filter = new Filter(param(req, "channel"), param(req, "address"), param(req, "user"), param(req, "node"));
        Nodes.Connections all = nodes.connections();
        List<Row> rows = new ArrayList<>();
        for (ConnectionView c : matching(all.all(), filter)) {
            rows.add(row(c));
        }
        List<NodeRow> summary = new ArrayList<>();
        for (String node : all.nodes()) {
            summary.add(new NodeRow(node, all.all().stream().filter(c -> c.node().equals(node)).count(),
                    node.equals(nodes.self()), all.silent().contains(node)));
        }
        req.setAttribute("rows", rows);
        req.setAttribute("total", all.all().size());
        req.setAttribute("nodes", summary);
        req.setAttribute("clustered", summary.size() > 1);
        req.setAttribute("filter", filter);
        render(req, resp, "connections", "Connections");
    }

    /** The filter as typed: substring matches, case-insensitive for channel, user and node. */
    public record Filter(String channel, String address, String user, String node) {
    }

    static List<ConnectionView> matching(List<ConnectionView> all, Filter f) {
        List<ConnectionView> out = new ArrayList<>();
        for (ConnectionView c : all) {
            if (f.channel() != null && c.channels().stream().noneMatch(ch -> containsIgnoreCase(ch, f.channel()))) {
                continue;
            }
            if (f.address() != null && !c.remoteAddress().contains(f.address())) {
                continue;
            }
            if (f.user() != null && (c.user() == null || !containsIgnoreCase(c.user(), f.user()))) {
                continue;
            }
            if (f.node() != null && !containsIgnoreCase(c.node(), f.node())) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    private static boolean containsIgnoreCase(String text, String part) {
        return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    static Row row(ConnectionView c) {
        return new Row(c.node(), c.id(), String.join(", ", c.channels()), c.remoteAddress(), c.user(),
                c.userAgent(), time(c.since()), c.lastEventId(), c.framesSent(), c.queueDepth());
    }
}
