package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.access.AccessRules;
import io.herald.access.Credentials;
import io.herald.access.BanList;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Hub;
import io.herald.hub.Viewer;
import io.herald.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * {@code GET /api/channels/{name}}: where the channel (or pattern) is now,
 * {@code {"channel":"orders/17","lastId":4711}}: the newest message of it the caller may read (0:
 * none), so that a page rendered from that state subscribes with {@code lastEventId=4711} and
 * misses nothing published in between.
 *
 * <p>{@code GET /api/channels/{name}/presence}: the users with an open stream on a presence channel,
 * {@code {"channel":"chat","users":["alice","bob"]}}. Both for whoever may see the channel and is not banned.
 */
public final class ChannelsServlet extends ApiServlet {

    private static final String PRESENCE = "/presence";

    private final transient Hub hub;
    private final transient AccessRules rules;
    private final transient Credentials credentials;
    private final transient BanList bans;

    public ChannelsServlet(Hub hub, AccessRules rules, Credentials credentials, BanList bans) {
        super("GET");
        this.hub = hub;
        this.rules = rules;
        this.credentials = credentials;
        this.bans = bans;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String path = req.getPathInfo();
            if (path == null || path.length() <= 1) {
                throw new ApiError(404, "not found", "ask for /api/channels/{name} or /api/channels/{name}/presence");
            }
            boolean presence = path.endsWith(PRESENCE) && path.length() > PRESENCE.length() + 1;
            String channel = presence ? ChannelNames.checked(path.substring(1, path.length() - PRESENCE.length()))
                    : ChannelNames.subscription(path.substring(1));
            Viewer viewer = RequestIdentity.viewer(req, rules, credentials);
            RequestIdentity.refuseBanned(bans, viewer.user(), req);
            AccessRules.Decision decision = rules.decide(channel, viewer);
            if (decision != AccessRules.Decision.ALLOW) {
                throw RequestIdentity.refusal(decision, "this channel");
            }
            if (!presence) {
                JsonObject body = new JsonObject();
                body.addProperty("channel", channel);
                body.addProperty("lastId", hub.newestReadable(Set.of(channel), rules.gate(viewer)));
                JsonReply.send(resp, HttpServletResponse.SC_OK, body);
                return;
            }
            if (!rules.presenceOn(channel)) {
                throw new ApiError(404, "not found", "presence is off for channel " + channel
                        + " (an administrator turns it on in its channel rule)");
            }
            JsonObject body = new JsonObject();
            body.addProperty("channel", channel);
            JsonArray users = new JsonArray();
            hub.presence().users(channel).forEach(users::add);
            body.add("users", users);
            JsonReply.send(resp, HttpServletResponse.SC_OK, body);
        } catch (ApiError e) {
            JsonReply.sendError(resp, e);
        } catch (StoreException e) {
            JsonReply.sendError(resp, new ApiError(503, "store unavailable", e.getMessage()));
        }
    }
}
