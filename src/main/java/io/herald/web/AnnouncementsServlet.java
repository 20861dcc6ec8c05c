package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.access.AccessRules;
import io.herald.announce.Announcement;
import io.herald.announce.Announcements;
import io.herald.access.ApiKeys;
import io.herald.access.BanList;
import io.herald.hub.Viewer;
import io.herald.protocol.Names;
import io.herald.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code GET /api/announcements[?channel=…]} (repeatable; default {@code announcements}): the
 * announcements in force, oldest first, and the id to subscribe after so that none is missed:
 * <pre>{"announcements":[{"id":"41","channel":"announcements","severity":"warning","title":"…",
 *  "text":"…","link":null,"expiresAt":"2026-12-01T15:00:00Z","createdAt":"…"}],"lastEventId":"57"}</pre>
 * The channels' rules apply ({@code 401}, {@code 403}) as for the stream; a banned user or
 * address gets {@code 403} {@code banned}.
 */
public final class AnnouncementsServlet extends ApiServlet {

    static final String DEFAULT_CHANNEL = "announcements";
    private static final int MAX_CHANNELS = 16;

    private final transient Announcements announcements;
    private final transient AccessRules rules;
    private final transient ApiKeys keys;
    private final transient BanList bans;

    public AnnouncementsServlet(Announcements announcements, AccessRules rules, ApiKeys keys, BanList bans) {
        super("GET");
        this.announcements = announcements;
        this.rules = rules;
        this.keys = keys;
        this.bans = bans;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Set<String> channels = new LinkedHashSet<>();
            String[] values = req.getParameterValues("channel");
            for (String channel : values == null ? new String[] {DEFAULT_CHANNEL} : values) {
                if (!Names.isValidChannel(channel)) {
                    throw ApiError.badRequest("channel must be 1-128 characters of A-Z a-z 0-9 . _ : / -");
                }
                channels.add(channel);
            }
            if (channels.size() > MAX_CHANNELS) {
                throw ApiError.badRequest("at most " + MAX_CHANNELS + " channels");
            }
            Viewer viewer = Auth.viewer(req, rules, keys);
            Auth.refuseBanned(bans, viewer.user(), req);
            AccessRules.Decision decision = rules.decide(channels, viewer);
            if (decision != AccessRules.Decision.ALLOW) {
                throw Auth.refusal(decision, "a channel asked for");
            }
            Announcements.InForce found = announcements.inForce(channels);
            JsonArray list = new JsonArray();
            found.announcements().stream().map(Announcement::toJson).forEach(list::add);
            JsonObject body = new JsonObject();
            body.add("announcements", list);
            body.addProperty("lastEventId", Long.toString(found.lastEventId()));
            resp.setHeader("Cache-Control", "no-store");
            Json.send(resp, HttpServletResponse.SC_OK, body);
        } catch (ApiError e) {
            Json.sendError(resp, e);
        } catch (StoreException e) {
            Json.sendError(resp, new ApiError(503, "unavailable", "the database did not answer: " + e.getMessage()));
        }
    }
}
