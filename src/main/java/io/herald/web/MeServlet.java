package io.herald.web;

import com.google.gson.JsonObject;
import io.herald.access.BanList;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/me}: who the container says is asking, for pages that show it:
 * {@code {"user":"alice","publisher":true,"admin":false}}, or {@code {"user":null,...}} when nobody
 * is logged in; {@code 403} {@code banned} for a banned user or address. Never asks for credentials.
 */
public final class MeServlet extends ApiServlet {

    private final transient BanList bans;

    public MeServlet(BanList bans) {
        super("GET");
        this.bans = bans;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonObject body = new JsonObject();
        String user = req.getRemoteUser();
        try {
            RequestIdentity.refuseBanned(bans, user, req);
        } catch (ApiError e) {
            JsonReply.sendError(resp, e);
            return;
        }
        body.addProperty("user", user);
        body.addProperty("publisher", user != null && (req.isUserInRole(RequestIdentity.PUBLISHER_ROLE) || req.isUserInRole(Viewer.ADMIN_ROLE)));
        body.addProperty("admin", user != null && req.isUserInRole(Viewer.ADMIN_ROLE));
        resp.setHeader("Cache-Control", "no-store");
        JsonReply.send(resp, HttpServletResponse.SC_OK, body);
    }
}
