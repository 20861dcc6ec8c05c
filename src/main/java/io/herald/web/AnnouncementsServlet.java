package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.access.AccessRules;
import io.herald.access.BanList;
import io.herald.access.Credentials;
import io.herald.announce.Announcement;
import io.herald.announce.AnnouncementAudiences;
import io.herald.announce.Announcements;
import io.herald.announce.Receipts;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Viewer;
import io.herald.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/announcements[?channel=…]} (repeatable; default {@code announcements}): the
 * announcements in force, oldest first, and the id to subscribe after so that none is missed:
 * <pre>{"announcements":[{"id":"41","channel":"announcements","severity":"warning","title":"…",
 *  "text":"…","link":null,"expiresAt":"2026-12-01T15:00:00Z","createdAt":"…"}],"lastEventId":"57"}</pre>
 * The channels' rules apply ({@code 401}, {@code 403}) as for the stream, and each announcement's
 * audience (admins see all); a banned user or address gets {@code 403} {@code banned}. An
 * announcement that asks for acknowledgement says whether the signed-in user acknowledged it
 * ({@code "acknowledged":true}).
 */
public final class AnnouncementsServlet extends ApiServlet {

    private static final int MAX_CHANNELS = 16;

    private final transient Announcements announcements;
    private final transient Receipts receipts;
    private final transient AnnouncementAudiences audiences;
    private final transient AccessRules rules;
    private final transient Credentials credentials;
    private final transient BanList bans;

    public AnnouncementsServlet(Announcements announcements, Receipts receipts, AnnouncementAudiences audiences,
            AccessRules rules, Credentials credentials, BanList bans) {
        super("GET");
        this.announcements = announcements;
        this.receipts = receipts;
        this.audiences = audiences;
        this.rules = rules;
        this.credentials = credentials;
        this.bans = bans;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Set<String> channels = ChannelNames.checked(req.getParameterValues("channel"),
                    Set.of(Announcement.DEFAULT_CHANNEL));
            if (channels.size() > MAX_CHANNELS) {
                throw ApiError.badRequest("at most " + MAX_CHANNELS + " channels");
            }
            Viewer viewer = RequestIdentity.viewer(req, rules, credentials);
            RequestIdentity.refuseBanned(bans, viewer.user(), req);
            AccessRules.Decision decision = rules.decide(channels, viewer);
            if (decision != AccessRules.Decision.ALLOW) {
                throw RequestIdentity.refusal(decision, "a channel asked for");
            }
            Announcements.InForce found = announcements.inForce(channels);
            receipts.track(found.announcements());
            audiences.learn(found.announcements());
            List<Announcement> shown = found.announcements().stream().filter(a -> AnnouncementAudiences.shows(a, viewer)).toList();
            Set<Long> acknowledged = receipts.acknowledgedBy(viewer, shown);
            receipts.answered(viewer, shown);
            JsonArray list = new JsonArray();
            for (Announcement a : shown) {
                JsonObject o = a.toJson();
                if (a.ack()) {
                    o.addProperty("acknowledged", acknowledged.contains(a.id()));
                }
                list.add(o);
            }
            JsonObject body = new JsonObject();
            body.add("announcements", list);
            body.addProperty("lastEventId", Long.toString(found.lastEventId()));
            resp.setHeader("Cache-Control", "no-store");
            JsonReply.send(resp, HttpServletResponse.SC_OK, body);
        } catch (ApiError e) {
            JsonReply.sendError(resp, e);
        } catch (StoreException e) {
            JsonReply.sendError(resp, new ApiError(503, "unavailable", "the database did not answer: " + e.getMessage()));
        }
    }
}
