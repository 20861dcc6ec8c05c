package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.herald.access.AccessRules;
import io.herald.access.Credentials;
import io.herald.access.BanList;
import io.herald.access.Tickets;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /api/tickets} with {@code {"channels":["a","b"]}} (or {@code channel=} form fields),
 * by a logged-in user (session or Basic): {@code 201 {"ticket","expiresAt","channels"}}. The
 * ticket opens one stream ({@code GET /events?ticket=…}) within its validity, once, for those
 * channels, as that user. {@code 401} without a login, {@code 403} for a channel the user may not
 * see or a banned user or address (error {@code banned}).
 */
public final class TicketsServlet extends ApiServlet {

    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_CHANNELS = 32;

    private final transient AccessRules rules;
    private final transient Tickets tickets;
    private final transient Credentials credentials;
    private final transient BanList bans;
    private final long bodyTimeoutMillis;

    public TicketsServlet(AccessRules rules, Tickets tickets, Credentials credentials, BanList bans, long bodyTimeoutMillis) {
        super("POST");
        this.rules = rules;
        this.tickets = tickets;
        this.credentials = credentials;
        this.bans = bans;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    /** The login, the ban list and the API-key rule are decided before the body is read. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Viewer viewer;
        try {
            viewer = RequestIdentity.viewer(req, rules, credentials);
            RequestIdentity.refuseBanned(bans, viewer.user(), req);
            if (!viewer.isAuthenticated()) {
                resp.setHeader("WWW-Authenticate", "Session realm=\"" + RequestIdentity.REALM + "\"");
                throw new ApiError(401, "unauthorized", "a ticket is issued to a logged-in user (session cookie or HTTP Basic)");
            }
            if (viewer.apiKeyId() != 0) {
                throw new ApiError(403, "forbidden", "tickets are for users; an application opens its stream with its API key");
            }
        } catch (ApiError e) {
            RequestBody.refuse(req, resp, e, bodyTimeoutMillis);
            return;
        }
        // The raw header: Jetty's getContentType() throws on an unknown charset.
        String header = req.getHeader("Content-Type");
        String type = header == null ? "" : header.toLowerCase(Locale.ROOT).trim();
        String query = req.getQueryString();
        if (!RequestBody.mayHaveBody(req)) {
            try {
                issue(resp, viewer, channels(type, new byte[0], query), RequestIdentity.sessionKey(req, viewer));
            } catch (ApiError e) {
                JsonReply.sendError(resp, e);
            }
            return;
        }
        long session = RequestIdentity.sessionKey(req, viewer);
        RequestBody.read(req, resp, MAX_BODY, bodyTimeoutMillis, body -> issue(resp, viewer, channels(type, body, query), session));
    }

    private void issue(HttpServletResponse resp, Viewer viewer, Set<String> channels, long session)
            throws ApiError, IOException {
        AccessRules.Decision decision = rules.decide(channels, viewer);
        if (decision != AccessRules.Decision.ALLOW) {
            throw RequestIdentity.refusal(decision, "a channel asked for");
        }
        Tickets.Issued issued = tickets.issue(viewer, channels, session);
        JsonObject body = new JsonObject();
        body.addProperty("ticket", issued.ticket());
        body.addProperty("expiresAt", issued.expiresAt().toString());
        JsonArray list = new JsonArray();
        channels.forEach(list::add);
        body.add("channels", list);
        JsonReply.send(resp, HttpServletResponse.SC_CREATED, body);
    }

    /** From a JSON body, or else from the form fields of the body and the query string. */
    private static Set<String> channels(String type, byte[] body, String query) throws ApiError {
        Set<String> channels = new LinkedHashSet<>();
        if (type.startsWith("application/json")) {
            try {
                JsonElement list = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject().get("channels");
                if (list == null || !list.isJsonArray()) {
                    throw new ApiError(400, "bad request", "the body must be {\"channels\": [\"a\", \"b\"]}");
                }
                for (JsonElement e : list.getAsJsonArray()) {
                    channels.add(e.isJsonPrimitive() ? e.getAsString() : "");
                }
            } catch (JsonParseException | IllegalStateException e) {
                throw new ApiError(400, "bad request", "the body must be {\"channels\": [\"a\", \"b\"]}");
            }
        } else {
            channels.addAll(Form.parse(query, StandardCharsets.UTF_8).getOrDefault("channel", List.of()));
            if (type.startsWith("application/x-www-form-urlencoded")) {
                channels.addAll(Form.parse(body, StandardCharsets.UTF_8).getOrDefault("channel", List.of()));
            }
        }
        if (channels.isEmpty() || channels.size() > MAX_CHANNELS) {
            throw new ApiError(400, "bad request", "ask for 1 to " + MAX_CHANNELS + " channels");
        }
        for (String channel : channels) {
            ChannelNames.subscription(channel);
        }
        return channels;
    }
}
