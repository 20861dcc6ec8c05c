package io.herald.admin;

import io.herald.access.AuditTrail;
import io.herald.cluster.ConnectionView;
import io.herald.cluster.Nodes;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.store.AuditActions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /api/connections[?channel=&address=&user=&node=]}: the live connections of every node
 * as JSON (nodes that did not answer in time are named in header {@code Herald-Silent-Nodes});
 * {@code GET} or {@code DELETE /api/connections/{id}[?node=]}: one connection, or kick it
 * ({@code 204}; {@code 404} when it is not open or there is no such node; {@code 504} when its
 * node did not answer). Without {@code node}, the connection is this node's.
 */
public final class ConnectionsApiServlet extends AdminServlet {

    static final String SILENT_HEADER = "Herald-Silent-Nodes";

    private final transient Nodes nodes;
    private final transient AuditTrail audit;

    public ConnectionsApiServlet(Nodes nodes, AuditTrail audit) {
        this.audit = audit;
        this.nodes = nodes;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String node = nodeOf(req);
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            long id = number(req.getPathInfo().substring(1));
            try {
                Optional<ConnectionView> found = id < 0 ? Optional.empty() : nodes.find(node, id);
                if (found.isEmpty()) {
                    JsonReply.sendError(resp, 404, "not found", "no open connection " + req.getPathInfo().substring(1) + " on node " + node);
                } else {
                    JsonReply.send(resp, 200, found.get().toJson());
                }
            } catch (Nodes.Unavailable e) {
                unavailable(resp, e);
            }
            return;
        }
        Nodes.Connections all = nodes.connections();
        if (!all.silent().isEmpty()) {
            resp.setHeader(SILENT_HEADER, String.join(",", all.silent()));
        }
        JsonReply.send(resp, 200, ConnectionsServlet.matching(all.all(), new ConnectionsServlet.Filter(
                param(req, "channel"), param(req, "address"), param(req, "user"), param(req, "node")))
                .stream().map(ConnectionView::toJson).toList());
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        long id = path == null ? -1 : number(path.substring(1));
        if (id < 0) {
            JsonReply.sendError(resp, 400, "bad request", "DELETE /api/connections/{id}[?node=NODE] needs a connection id");
            return;
        }
        String node = nodeOf(req);
        try {
            if (!nodes.kick(node, id)) {
                JsonReply.sendError(resp, 404, "not found", "no open connection " + id + " on node " + node);
                return;
            }
            audit.record(RequestIdentity.actor(req), AuditActions.KICK, "connection " + id + " on node " + node, null, null);
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } catch (Nodes.Unavailable e) {
            unavailable(resp, e);
        }
    }

    private String nodeOf(HttpServletRequest req) {
        String node = param(req, "node");
        return node == null ? nodes.self() : node;
    }

    private static void unavailable(HttpServletResponse resp, Nodes.Unavailable e) throws IOException {
        JsonReply.sendError(resp, e.status(), e.error(), e.getMessage());
    }
}
