package io.herald.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.herald.access.BanList;
import io.herald.cluster.ConnectionView;
import io.herald.cluster.Nodes;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.store.Ban;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/bans}; {@code POST /api/bans} with JSON {@code {"user"|"address", "reason"}}
 * or {@code {"connection": id, "node": "web2-1f3a" (default: this node), "scope": "user"|"address", "reason"}} ({@code 201}, the ban);
 * {@code DELETE /api/bans/{id}} lifts one ({@code 204}).
 */
public final class BansApiServlet extends AdminServlet {

    private static final int MAX_BODY = 8192;

    private final transient Nodes nodes;
    private final transient BanList bans;

    public BansApiServlet(Nodes nodes, BanList bans) {
        this.nodes = nodes;
        this.bans = bans;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<JsonObject> list = new ArrayList<>();
        for (Ban b : bans.all()) {
            list.add(BanJson.of(b));
        }
        JsonReply.send(resp, 200, list);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            JsonReply.sendError(resp, 413, "payload too large", "a ban request is at most " + MAX_BODY + " bytes");
            return;
        }
        JsonObject o;
        try {
            JsonElement parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new JsonParseException("not an object");
            }
            o = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            JsonReply.sendError(resp, 400, "bad request", "the body must be a JSON object: {\"user\" or \"address\", \"reason\"}");
            return;
        }
        String user = text(o, "user");
        String address = text(o, "address");
        String reason = text(o, "reason");
        if (o.has("connection")) {
            long id = o.get("connection").isJsonPrimitive() ? number(o.get("connection").getAsString()) : -1;
            String node = o.has("node") ? text(o, "node") : nodes.self();
            Optional<ConnectionView> s;
            try {
                s = id < 0 || node == null ? Optional.empty() : nodes.find(node, id);
            } catch (Nodes.Unavailable e) {
                JsonReply.sendError(resp, e.status(), e.error(), e.getMessage());
                return;
            }
            if (s.isEmpty()) {
                JsonReply.sendError(resp, 404, "not found", "no open connection " + o.get("connection") + " on node " + node);
                return;
            }
            String scope = text(o, "scope");
            if ("user".equals(scope)) {
                user = s.get().user();
                if (user == null) {
                    JsonReply.sendError(resp, 400, "bad request", "connection " + id + " has no authenticated user; ban its address");
                    return;
                }
                address = null;
            } else if ("address".equals(scope)) {
                address = s.get().remoteAddress();
                user = null;
            } else {
                JsonReply.sendError(resp, 400, "bad request", "scope must be \"user\" or \"address\"");
                return;
            }
        }
        String problem = BanRequest.problem(user, address, reason);
        if (problem != null) {
            JsonReply.sendError(resp, 400, "bad request", problem);
            return;
        }
        BanList.Banned banned = bans.ban(user, address, reason, RequestIdentity.actor(req));
        JsonObject out = BanJson.of(banned.ban());
        out.addProperty("connectionsClosed", banned.connectionsClosed());
        resp.setHeader("Location", req.getContextPath() + "/api/bans/" + banned.ban().id());
        JsonReply.send(resp, 201, out);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        long id = path == null ? -1 : number(path.substring(1));
        if (id < 0) {
            JsonReply.sendError(resp, 400, "bad request", "DELETE /api/bans/{id} needs a ban id");
            return;
        }
        if (bans.lift(id, RequestIdentity.actor(req)).isEmpty()) {
            JsonReply.sendError(resp, 404, "not found", "no ban " + id);
            return;
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
            return null;
        }
        String s = e.getAsString().trim();
        return s.isEmpty() ? null : s;
    }
}
