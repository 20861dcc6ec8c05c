package io.herald.admin;

import com.google.gson.JsonObject;
import io.herald.access.AuditTrail;
import io.herald.cluster.Nodes;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.CloseReason;
import io.herald.store.AuditActions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code DELETE /api/users/{name}/streams}: the deprovisioning hook. Herald cannot see a user
 * removed or disabled in the container's directory (LDAP, Active Directory); the directory's
 * deprovisioning calls this, and every open stream of that user closes at once, on every node,
 * with {@code event: close} reason {@code revoked}. Their reconnects are judged afresh (the
 * container then refuses the login). Answers {@code 200 {"user","closedOnThisNode"}}; audited.
 */
public final class UsersApiServlet extends AdminServlet {

    private static final String SUFFIX = "/streams";

    private final transient Nodes nodes;
    private final transient AuditTrail audit;

    public UsersApiServlet(Nodes nodes, AuditTrail audit) {
        this.nodes = nodes;
        this.audit = audit;
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        String user = path == null || !path.endsWith(SUFFIX) || path.length() <= SUFFIX.length() + 1 ? null
                : URLDecoder.decode(path.substring(1, path.length() - SUFFIX.length()), StandardCharsets.UTF_8);
        if (user == null || user.isBlank() || user.length() > 256 || user.contains("/")) {
            JsonReply.sendError(resp, 400, "bad request", "DELETE /api/users/{name}/streams needs a user name (at most 256"
                    + " characters)");
            return;
        }
        int closed = nodes.closeUser(user, CloseReason.REVOKED);
        audit.record(RequestIdentity.actor(req), AuditActions.USER_SIGN_OUT, "user " + user, null,
                closed + " stream(s) closed on node " + nodes.self());
        JsonObject body = new JsonObject();
        body.addProperty("user", user);
        body.addProperty("closedOnThisNode", closed);
        JsonReply.send(resp, HttpServletResponse.SC_OK, body);
    }
}
