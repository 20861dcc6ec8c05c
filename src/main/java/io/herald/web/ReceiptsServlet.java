package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.herald.access.AccessRules;
import io.herald.access.BanList;
import io.herald.access.Credentials;
import io.herald.access.ReceiptReport;
import io.herald.announce.Announcement;
import io.herald.announce.Receipts;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.Csv;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Viewer;
import io.herald.store.MessageHistory;
import io.herald.store.Receipt;
import io.herald.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/announcements/{id}/receipts}, for announcements that ask for acknowledgement:
 * <ul>
 * <li>{@code POST} {@code {"state":"displayed"|"acknowledged"}}: the signed-in user's widget says
 *     the announcement was on screen, or that they acknowledged it. The first time of each counts;
 *     a repeat answers the same receipt. A session login must send {@code X-Requested-With} (as
 *     herald.js does), so another site cannot acknowledge on a user's behalf; anonymous users and
 *     API keys cannot acknowledge.
 * <li>{@code GET} (admins): {@code {"announcement":{…},"counts":{"delivered":n,"displayed":n,
 *     "acknowledged":n},"receipts":[{"user","deliveredAt","displayedAt","acknowledgedAt"}],
 *     "audience":n,"notReached":["name",…]}} (not reached: members of the audience in the user
 *     directory without a receipt); with {@code format=csv} the receipts as CSV.
 * </ul>
 */
public final class ReceiptsServlet extends ApiServlet {

    private static final int MAX_BODY = 1024;

    private final transient Receipts receipts;
    private final transient MessageHistory history;
    private final transient AccessRules rules;
    private final transient Credentials credentials;
    private final transient BanList bans;
    private final long bodyTimeoutMillis;

    public ReceiptsServlet(Receipts receipts, MessageHistory history, AccessRules rules, Credentials credentials, BanList bans,
            long bodyTimeoutMillis) {
        super("GET", "POST");
        this.receipts = receipts;
        this.history = history;
        this.rules = rules;
        this.credentials = credentials;
        this.bans = bans;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    /** The id in {@code /{id}/receipts}. */
    private static long id(HttpServletRequest req) throws ApiError {
        String path = req.getPathInfo();
        if (path == null || !path.endsWith("/receipts")) {
            throw new ApiError(404, "not found", "the receipts of announcement N are at /api/announcements/N/receipts");
        }
        String number = path.substring(1, path.length() - "/receipts".length());
        try {
            long id = Long.parseLong(number);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("the announcement id must be a positive number, got " + number);
    }

    /** The announcement {@code id}, when it asks for acknowledgement (in force or not). */
    private Announcement announcement(long id) throws ApiError {
        return receipts.acknowledgeable(id, history)
                .orElseThrow(() -> new ApiError(404, "not found", "there is no announcement " + id
                        + " that asks for acknowledgement"));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long id;
        Viewer viewer;
        try {
            id = id(req);
            viewer = RequestIdentity.viewer(req, rules, credentials);
            RequestIdentity.refuseBanned(bans, viewer.user(), req);
            if (!viewer.isAuthenticated()) {
                resp.setHeader("WWW-Authenticate", "Session realm=\"" + RequestIdentity.REALM + "\"");
                throw new ApiError(401, "unauthorized", "only a signed-in user can acknowledge an announcement");
            }
            if (!Receipts.hasReceipts(viewer)) {
                throw new ApiError(403, "forbidden", "receipts are for users, not for an application's API key");
            }
            if (req.getHeader("Authorization") == null && req.getHeader(RequestIdentity.SESSION_PUBLISH_HEADER) == null) {
                throw new ApiError(403, "forbidden", "a session login sends header " + RequestIdentity.SESSION_PUBLISH_HEADER
                        + " with a receipt (herald.js does), so that no other site can send one on the user's behalf");
            }
        } catch (ApiError e) {
            RequestBody.refuse(req, resp, e, bodyTimeoutMillis);
            return;
        }
        RequestBody.read(req, resp, MAX_BODY, bodyTimeoutMillis, body -> mark(resp, id, viewer, state(body)));
    }

    private static Receipt.State state(byte[] body) throws ApiError {
        String problem = "the body must be {\"state\":\"displayed\"} or {\"state\":\"acknowledged\"}";
        try {
            JsonElement parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            JsonElement state = parsed.isJsonObject() ? parsed.getAsJsonObject().get("state") : null;
            String name = state != null && state.isJsonPrimitive() ? state.getAsString() : "";
            return switch (name) {
                case "displayed" -> Receipt.State.DISPLAYED;
                case "acknowledged" -> Receipt.State.ACKNOWLEDGED;
                default -> throw ApiError.badRequest(problem);
            };
        } catch (JsonParseException e) {
            throw ApiError.badRequest(problem);
        }
    }

    private void mark(HttpServletResponse resp, long id, Viewer viewer, Receipt.State state) throws ApiError, IOException {
        try {
            Announcement a = announcement(id);
            AccessRules.Decision decision = rules.decide(Set.of(a.channel()), viewer);
            if (decision != AccessRules.Decision.ALLOW) {
                throw RequestIdentity.refusal(decision, "the announcement's channel");
            }
            JsonReply.send(resp, HttpServletResponse.SC_OK, json(receipts.mark(a, viewer.user(), state)));
        } catch (StoreException e) {
            throw new ApiError(503, "unavailable", "the database did not answer: " + e.getMessage());
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            long id = id(req);
            Viewer viewer = RequestIdentity.viewer(req, rules, credentials);
            if (!viewer.isAuthenticated()) {
                resp.setHeader("WWW-Authenticate", "Session realm=\"" + RequestIdentity.REALM + "\"");
                throw new ApiError(401, "unauthorized", "receipts are for admins");
            }
            if (!viewer.isAdmin()) {
                throw new ApiError(403, "forbidden", "receipts are for users with role " + Viewer.ADMIN_ROLE);
            }
            ReceiptReport report = ReceiptReport.of(announcement(id), receipts, rules);
            resp.setHeader("Cache-Control", "no-store");
            if ("csv".equals(req.getParameter("format"))) {
                csv(resp, id, report.receipts());
                return;
            }
            JsonObject body = new JsonObject();
            body.add("announcement", report.announcement().toJson());
            JsonObject counts = new JsonObject();
            for (Receipt.State state : Receipt.State.values()) {
                counts.addProperty(state.wireName(), report.count(state));
            }
            body.add("counts", counts);
            JsonArray rows = new JsonArray();
            report.receipts().forEach(r -> rows.add(json(r)));
            body.add("receipts", rows);
            body.addProperty("audience", report.audience());
            JsonArray missing = new JsonArray();
            report.notReached().forEach(missing::add);
            body.add("notReached", missing);
            JsonReply.send(resp, HttpServletResponse.SC_OK, body);
        } catch (ApiError e) {
            JsonReply.sendError(resp, e);
        } catch (StoreException e) {
            JsonReply.sendError(resp, new ApiError(503, "unavailable", "the database did not answer: " + e.getMessage()));
        }
    }

    private static JsonObject json(Receipt r) {
        JsonObject o = new JsonObject();
        o.addProperty("announcement", Long.toString(r.messageId()));
        o.addProperty("user", r.user());
        for (Receipt.State state : Receipt.State.values()) {
            Instant at = r.at(state);
            o.addProperty(state.wireName() + "At", at == null ? null : at.toString());
        }
        return o;
    }

    private static void csv(HttpServletResponse resp, long id, List<Receipt> list) throws IOException {
        resp.setContentType("text/csv;charset=UTF-8");
        resp.setHeader("Content-Disposition", "attachment; filename=\"herald-receipts-" + id + ".csv\"");
        PrintWriter out = resp.getWriter();
        out.print("user,delivered,displayed,acknowledged\r\n");
        for (Receipt r : list) {
            out.print(Csv.cell(r.user()) + "," + time(r.deliveredAt()) + "," + time(r.displayedAt()) + ","
                    + time(r.acknowledgedAt()) + "\r\n");
        }
    }

    private static String time(Instant at) {
        return at == null ? "" : at.toString();
    }
}
