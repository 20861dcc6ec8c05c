package io.herald.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.hub.Subscriber;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every administrative act leaves an audit entry: the test finds every servlet of the console and
 * the admin API that accepts a change (POST, PUT or DELETE), performs each of its acts over HTTP
 * as an administrator would, and reads the entry back from {@code GET /api/audit}: who, from
 * where, what, on what. A new route that changes something fails here until its act is recorded
 * and added below. The console page filters and pages the trail, and exports it as CSV.
 */
class AuditTrailTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    /**
     * The servlets that change something, and what the test does with each; a route whose only
     * change is none of Herald's (signing out) says so.
     */
    private static final Map<String, String> ACTS = Map.ofEntries(
            Map.entry("herald-admin-broadcast", "broadcast"),
            Map.entry("herald-admin-announcement", "announce, withdraw"),
            Map.entry("herald-admin-connections", "kick, ban"),
            Map.entry("herald-admin-messages", "republish"),
            Map.entry("herald-admin-bans", "ban, unban"),
            Map.entry("herald-admin-access", "rule-create, rule-change, rule-delete, key-create, key-revoke"),
            Map.entry("herald-api-connections", "kick"),
            Map.entry("herald-api-bans", "ban, unban"),
            Map.entry("herald-api-users", "user-sign-out"),
            Map.entry("herald-admin-logout", "none: it ends the administrator's own session"),
            Map.entry("herald-messages", "none: publishing, by applications (each message names its publisher)"),
            Map.entry("herald-tickets", "none: a user's ticket for their own stream"),
            Map.entry("herald-receipts", "none: a user's own receipt of an announcement (kept in the receipts)"));

    @Test
    void everyRouteThatChangesSomethingIsKnownHere() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (ServletRegistration r : herald.servletContext().getServletRegistrations().values()) {
            if (r.getClassName().startsWith("io.herald.") && changes(r.getClassName()) && !ACTS.containsKey(r.getName())) {
                unknown.add(r.getName() + " " + r.getMappings());
            }
        }
        assertEquals(List.of(), unknown, "routes that change something but leave no audit entry known to this test: "
                + "record their acts (AuditTrail) and add them to ACTS and to the test below");
    }

    private static boolean changes(String className) throws ClassNotFoundException {
        for (Class<?> c = Class.forName(className); c != null && !c.getName().startsWith("jakarta."); c = c.getSuperclass()) {
            for (String method : List.of("doPost", "doPut", "doDelete")) {
                try {
                    c.getDeclaredMethod(method, HttpServletRequest.class, HttpServletResponse.class);
                    return true;
                } catch (NoSuchMethodException e) {
                    // not this one
                }
            }
        }
        return false;
    }

    @Test
    void eachAdministrativeActIsRecordedWithWhoFromWhereWhatAndOnWhat() throws Exception {
        AdminSession admin = AdminSession.admin(herald);
        Map<String, String> done = new LinkedHashMap<>();

        assertEquals(302, admin.post("/admin/broadcast", Map.of("channel", "audit", "data", "Lunch at noon", "action", "send"))
                .statusCode());
        done.put("broadcast", "audit");

        assertEquals(302, admin.post("/admin/broadcast/announcement", Map.of("channel", "announcements", "severity", "info",
                "title", "Fire drill at 10:00", "text", "", "link", "", "minutes", "")).statusCode());
        done.put("announce", "announcements");
        Matcher withdraw = Pattern.compile("name=\"channel\" value=\"announcements\">\\s*<input type=\"hidden\" name=\"id\" value=\"(\\d+)\"")
                .matcher(admin.get("/admin/broadcast/announcement").body());
        assertTrue(withdraw.find());
        assertEquals(302, admin.post("/admin/broadcast/withdraw", Map.of("channel", "announcements", "id", withdraw.group(1)))
                .statusCode());
        done.put("withdraw", "announcements");

        long first = herald.publish("audit", null, "to publish again");
        assertEquals(302, admin.post("/admin/messages/" + first + "/republish", Map.of()).statusCode());
        done.put("republish", "audit");

        try (SseSubscription one = herald.subscribe("/events?channel=kicked");
                SseSubscription two = herald.subscribe("/events?channel=kicked")) {
            Wait.until(WAIT, "two streams", () -> herald.hub().gauges().connectionCount() == 2);
            List<Long> ids = herald.hub().subscribers().stream().map(Subscriber::id).sorted().toList();
            assertEquals(302, admin.post("/admin/connections/kick", Map.of("id", Long.toString(ids.get(0)))).statusCode());
            assertEquals(204, admin.api("DELETE", "/api/connections/" + ids.get(1), null, admin.csrf()).statusCode());
        }
        done.put("kick", "connection");

        try (SseSubscription removed = SseSubscription.open(herald.uri("/events?channel=x"),
                Map.of("Authorization", HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD)))) {
            Wait.until(WAIT, "the stream", () -> herald.hub().gauges().connectionCount() == 1);
            HttpResponse<String> signedOut = admin.api("DELETE", "/api/users/" + HeraldServer.VIEWER + "/streams", null,
                    admin.csrf());
            assertEquals(200, signedOut.statusCode(), signedOut.body());
            assertEquals(1, JsonParser.parseString(signedOut.body()).getAsJsonObject().get("closedOnThisNode").getAsInt());
            assertEquals("{\"reason\":\"revoked\"}", removed.next(WAIT).data(), "the deprovisioning hook closes the user's streams");
            assertEquals(400, admin.api("DELETE", "/api/users//streams", null, admin.csrf()).statusCode());
        }
        done.put("user-sign-out", "user " + HeraldServer.VIEWER);

        try (SseSubscription banned = SseSubscription.open(herald.uri("/events?channel=x"),
                Map.of("Authorization", HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD)))) {
            Wait.until(WAIT, "the stream", () -> herald.hub().gauges().connectionCount() == 1);
            long id = herald.hub().subscribers().get(0).id();
            assertEquals(302, admin.post("/admin/connections/ban", Map.of("id", Long.toString(id), "scope", "user",
                    "reason", "from the connections page")).statusCode());
        }
        assertEquals(302, admin.post("/admin/bans", Map.of("address", "10.6.6.6", "reason", "by hand")).statusCode());
        HttpResponse<String> apiBan = admin.api("POST", "/api/bans", "{\"user\":\"mallory\",\"reason\":\"by the API\"}", admin.csrf());
        assertEquals(201, apiBan.statusCode(), apiBan.body());
        done.put("ban", "user mallory");
        long apiBanId = JsonParser.parseString(apiBan.body()).getAsJsonObject().get("id").getAsLong();
        assertEquals(204, admin.api("DELETE", "/api/bans/" + apiBanId, null, admin.csrf()).statusCode());
        Matcher lift = Pattern.compile("name=\"id\" value=\"(\\d+)\">\\s*<button type=\"submit\" class=\"small secondary\">Lift")
                .matcher(admin.get("/admin/bans").body());
        assertTrue(lift.find());
        assertEquals(302, admin.post("/admin/bans/lift", Map.of("id", lift.group(1))).statusCode());
        done.put("unban", "user mallory");

        assertEquals(302, admin.post("/admin/access/rules", Map.of("pattern", "payroll/*", "access", "role", "role", "hr"))
                .statusCode());
        assertEquals(302, admin.post("/admin/access/rules", Map.of("pattern", "payroll/*", "access", "authenticated"))
                .statusCode());
        String access = admin.get("/admin/access").body();
        Matcher rule = Pattern.compile("rules/remove'?[^>]*>\\s*<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]*\"><input type=\"hidden\" name=\"id\" value=\"(\\d+)\"")
                .matcher(access);
        assertTrue(rule.find(), access);
        assertEquals(302, admin.post("/admin/access/rules/remove", Map.of("id", rule.group(1))).statusCode());
        done.put("rule-create", "payroll/*");
        done.put("rule-change", "payroll/*");
        done.put("rule-delete", "payroll/*");
        assertEquals(302, admin.post("/admin/access/keys", Map.of("name", "timesheets")).statusCode());
        Matcher key = Pattern.compile("name=\"id\" value=\"(\\d+)\">\\s*<button type=\"submit\" class=\"small danger\">Revoke")
                .matcher(admin.get("/admin/access").body());
        assertTrue(key.find());
        assertEquals(302, admin.post("/admin/access/keys/revoke", Map.of("id", key.group(1))).statusCode());
        done.put("key-create", "timesheets");
        done.put("key-revoke", "timesheets");
        done.put("sign-in", "console");

        HttpResponse<String> trail = admin.get("/api/audit");
        assertEquals(200, trail.statusCode(), trail.body());
        JsonArray entries = JsonParser.parseString(trail.body()).getAsJsonArray();
        TreeSet<String> actions = new TreeSet<>();
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            assertEquals(HeraldServer.ADMIN, o.get("actor").getAsString(), o.toString());
            assertEquals("127.0.0.1", o.get("address").getAsString(), o.toString());
            actions.add(o.get("action").getAsString());
        }
        for (Map.Entry<String, String> act : done.entrySet()) {
            assertTrue(entries.asList().stream().map(JsonElement::getAsJsonObject).anyMatch(o -> o.get("action").getAsString()
                    .equals(act.getKey()) && o.get("target").getAsString().contains(act.getValue())),
                    act + " not in the trail: " + trail.body());
        }
        List<String> expected = ACTS.values().stream().filter(v -> !v.startsWith("none"))
                .flatMap(v -> List.of(v.split(", ")).stream()).distinct().sorted().toList();
        assertTrue(actions.containsAll(expected), "every act of every route is in the trail: " + actions);
        JsonObject change = entries.asList().stream().map(JsonElement::getAsJsonObject)
                .filter(o -> o.get("action").getAsString().equals("rule-change")).findFirst().orElseThrow();
        assertEquals("access role:hr", change.get("before").getAsString(), "before and after of a change: " + change);
        assertEquals("access authenticated", change.get("after").getAsString());

        HttpResponse<String> bans = admin.get("/api/audit?action=ban");
        assertEquals(3, JsonParser.parseString(bans.body()).getAsJsonArray().size(), bans.body());
        assertEquals(400, admin.get("/api/audit?action=delete-everything").statusCode());
        assertEquals(400, admin.get("/api/audit?from=yesterday").statusCode());
        assertEquals(0, JsonParser.parseString(admin.get("/api/audit?to=2000-01-01").body()).getAsJsonArray().size());

        HttpResponse<String> csv = admin.get("/api/audit?format=csv&action=broadcast");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("id,at,actor,address,action,target,before,after", lines.get(0));
        assertEquals(2, lines.size(), csv.body());
        assertTrue(lines.get(1).contains(",admin,127.0.0.1,broadcast,audit,,") && lines.get(1).contains("Lunch at noon"), lines.get(1));

        String page = admin.get("/admin/audit?action=key-revoke").body();
        assertTrue(page.contains("<td>key-revoke</td>") && page.contains("<td>timesheets</td>") && !page.contains("<td>ban</td>"),
                page);
        assertEquals(401, HeraldServer.call(herald.uri("/api/audit"), "GET", null, null).statusCode());
        assertEquals(401, HeraldServer.call(herald.uri("/api/audit"), "GET",
                HeraldServer.basic(HeraldServer.ADMIN, HeraldServer.PASSWORD), null).statusCode(),
                "no Basic credentials on the admin API: a browser may send remembered ones by itself");
        AdminSession viewer = new AdminSession(herald);
        viewer.login(HeraldServer.VIEWER, HeraldServer.PASSWORD);
        assertEquals(403, viewer.get("/api/audit").statusCode(), "a signed-in user without herald-admin");
    }

    @Test
    void eachStoredMessageNamesItsPublisherInHistoryAndOnTheMessagesPage() throws Exception {
        AdminSession admin = AdminSession.admin(herald);
        assertEquals(302, admin.post("/admin/broadcast", Map.of("channel", "who", "data", "from the console", "action", "send"))
                .statusCode());
        HttpResponse<String> byUser = HeraldServer.call(herald.uri("/api/messages"), "POST",
                HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD), "{\"channel\":\"who\",\"data\":\"by basic\"}");
        assertEquals(201, byUser.statusCode(), byUser.body());
        assertEquals(302, admin.post("/admin/access/keys", Map.of("name", "erp")).statusCode());
        Matcher key = Pattern.compile("id=\"new-key\">(hk_[A-Za-z0-9_-]+)<").matcher(admin.get("/admin/access").body());
        assertTrue(key.find());
        assertEquals(201, HeraldServer.call(herald.uri("/api/messages"), "POST", "Bearer " + key.group(1),
                "{\"channel\":\"who\",\"data\":\"by key\"}").statusCode());

        HttpResponse<String> history = HeraldServer.call(herald.uri("/api/messages?channel=who"), "GET",
                HeraldServer.basic(HeraldServer.ADMIN, HeraldServer.PASSWORD), null);
        assertEquals(200, history.statusCode(), history.body());
        Map<String, String> publishers = new LinkedHashMap<>();
        for (JsonElement e : JsonParser.parseString(history.body()).getAsJsonObject().getAsJsonArray("messages")) {
            publishers.put(e.getAsJsonObject().get("data").getAsString(), e.getAsJsonObject().get("publisher").getAsString());
        }
        assertEquals(Map.of("from the console", HeraldServer.ADMIN, "by basic", HeraldServer.PUBLISHER, "by key", "apikey:erp"),
                publishers, history.body());
        String page = admin.get("/admin/messages?channel=who").body();
        assertTrue(page.contains("<th>Publisher</th>") && page.contains("<td>apikey:erp</td>")
                && page.contains("<td>" + HeraldServer.PUBLISHER + "</td>"), page);
    }
}
