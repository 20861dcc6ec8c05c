package io.herald.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin console over real HTTP: container FORM login, the role check, CSRF refusals that
 * change nothing, escaping of hostile values on every page, kick and ban through forms and API.
 */
class AdminConsoleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SCRIPT = "<script>alert('x')</script>";
    private static final String IMG = "\"><img src=x onerror=alert(1)>";

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    @Test
    void pagesAskForALoginThatNeverSaysWhetherTheUserExists() {
        AdminSession anonymous = new AdminSession(herald);
        HttpResponse<String> page = anonymous.get("/admin/connections");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("j_security_check"), "login form expected: " + page.body());
        assertFalse(page.body().contains("Open connections"));

        String wrongPassword = new AdminSession(herald).login(HeraldServer.ADMIN, "wrong").body();
        String noSuchUser = new AdminSession(herald).login("nobody-" + System.nanoTime(), "wrong").body();
        assertTrue(wrongPassword.contains("Wrong user name or password."), wrongPassword);
        assertEquals(wrongPassword, noSuchUser);
    }

    @Test
    void aUserWithoutTheAdminRoleIsForbidden() {
        HttpResponse<String> page = new AdminSession(herald).login(HeraldServer.VIEWER, HeraldServer.PASSWORD);
        assertEquals(403, page.statusCode());
    }

    @Test
    void everyPageRendersWithSecurityHeadersUnderTheLogin() {
        AdminSession admin = AdminSession.admin(herald);
        for (String path : new String[] {"/admin/", "/admin/broadcast", "/admin/connections", "/admin/messages", "/admin/bans"}) {
            HttpResponse<String> page = admin.get(path);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.body().contains("Signed in as"), path);
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), path + ": " + csp);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertTrue(page.headers().firstValue("Referrer-Policy").isPresent(), path);
            assertFalse(page.body().contains("<script>"), path + " has an inline script");
        }
        HttpResponse<String> login = new AdminSession(herald).get("/admin/");
        assertTrue(login.headers().firstValue("Content-Security-Policy").isPresent(), "login page CSP");
    }

    @Test
    void broadcastStoresOnceAndRedirectsWithTheIdAndAForgedPostChangesNothing() {
        AdminSession admin = AdminSession.admin(herald);
        try (SseSubscription sub = herald.subscribe("/events?channel=bc")) {
            long before = herald.hub().gauges().publishedCount();
            HttpResponse<String> forged = admin.postWithoutToken("/admin/broadcast",
                    Map.of("channel", "bc", "data", "forged", "action", "send"));
            assertEquals(403, forged.statusCode());
            HttpResponse<String> wrongToken = admin.postWithoutToken("/admin/broadcast",
                    Map.of("channel", "bc", "data", "forged", "action", "send", "_csrf", "not-the-token"));
            assertEquals(403, wrongToken.statusCode());
            assertEquals(before, herald.hub().gauges().publishedCount());

            HttpResponse<String> preview = admin.post("/admin/broadcast",
                    Map.of("channel", "bc", "event", "note", "data", "line 1\nline 2", "action", "preview"));
            assertEquals(200, preview.statusCode());
            assertTrue(preview.body().contains("event: note\ndata: line 1\ndata: line 2\nid: N\n"), preview.body());
            assertEquals(before, herald.hub().gauges().publishedCount());

            HttpResponse<String> badJson = admin.post("/admin/broadcast",
                    Map.of("channel", "bc", "data", "{not json", "json", "on", "action", "send"));
            assertEquals(400, badJson.statusCode());
            assertTrue(badJson.body().contains("not valid JSON"));
            assertEquals(before, herald.hub().gauges().publishedCount());

            HttpResponse<String> sent = admin.post("/admin/broadcast",
                    Map.of("channel", "bc", "event", "note", "data", "{\"a\":1}", "json", "on", "action", "send"));
            assertEquals(302, sent.statusCode());
            String location = sent.headers().firstValue("Location").orElseThrow();
            Matcher id = Pattern.compile("sent=(\\d+)").matcher(location);
            assertTrue(id.find(), location);
            SseParser.Event event = sub.next(WAIT);
            assertEquals("note", event.type());
            assertEquals("{\"a\":1}", event.data());
            assertEquals(id.group(1), event.lastEventId());
            // Reloading the result page (GET) does not send again.
            HttpResponse<String> result = admin.followRedirect(sent);
            admin.followRedirect(sent);
            assertTrue(result.body().contains("Stored as message"), result.body());
            assertEquals(before + 1, herald.hub().gauges().publishedCount());
        }
    }

    @Test
    void hostileValuesShowAsTextOnEveryPage() throws Exception {
        AdminSession admin = AdminSession.admin(herald);
        long id = herald.publish("xss", IMG, SCRIPT + IMG);
        try (SseSubscription sub = SseSubscription.open(herald.uri("/events?channel=xss-" + id),
                Map.of("User-Agent", SCRIPT + IMG))) {
            Wait.until(WAIT, "the hostile connection registered", () -> admin.get("/admin/connections").body().contains("xss-" + id));
            for (String path : new String[] {"/admin/messages", "/admin/messages?q=" + "alert", "/admin/messages/" + id,
                    "/admin/connections", "/admin/connections/kick?id=" + idOf(admin, "xss-" + id)}) {
                String body = admin.get(path).body();
                assertFalse(body.contains("<script>alert"), path);
                assertFalse(body.contains("<img src=x"), path);
                assertTrue(body.contains("&lt;script&gt;alert(&#039;x&#039;)&lt;/script&gt;")
                        || body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), path + ": " + body);
            }
        }
    }

    @Test
    void kickClosesTheStreamWithAReasonAndTheApiNeedsTheToken() {
        AdminSession admin = AdminSession.admin(herald);
        try (SseSubscription sub = herald.subscribe("/events?channel=kick-api")) {
            long id = awaitConnectionId(admin, "kick-api");
            assertEquals(403, admin.api("DELETE", "/api/connections/" + id, null, null).statusCode());
            assertEquals(403, admin.api("DELETE", "/api/connections/" + id, null, "wrong").statusCode());
            assertTrue(herald.hub().find(id).isPresent(), "refused kick left the connection open");
            assertEquals(204, admin.api("DELETE", "/api/connections/" + id, null, admin.csrf()).statusCode());
            SseParser.Event close = sub.next(WAIT);
            assertEquals("close", close.type());
            assertEquals("{\"reason\":\"kicked\"}", close.data());
            assertEquals(404, admin.api("DELETE", "/api/connections/" + id, null, admin.csrf()).statusCode());
        }
        try (SseSubscription sub = herald.subscribe("/events?channel=kick-form")) {
            long id = awaitConnectionId(admin, "kick-form");
            HttpResponse<String> confirm = admin.get("/admin/connections/kick?id=" + id);
            assertTrue(confirm.body().contains("Kick connection " + id));
            assertEquals(302, admin.post("/admin/connections/kick", Map.of("id", Long.toString(id))).statusCode());
            assertEquals("{\"reason\":\"kicked\"}", sub.next(WAIT).data());
        }
    }

    @Test
    void aBannedAddressGets204UntilTheBanIsLifted() {
        AdminSession admin = AdminSession.admin(herald);
        try (SseSubscription sub = herald.subscribe("/events?channel=ban-me")) {
            long id = awaitConnectionId(admin, "ban-me");
            HttpResponse<String> forged = admin.postWithoutToken("/admin/connections/ban",
                    Map.of("id", Long.toString(id), "scope", "address", "reason", "forged"));
            assertEquals(403, forged.statusCode());
            assertTrue(herald.hub().find(id).isPresent());

            HttpResponse<String> banned = admin.post("/admin/connections/ban",
                    Map.of("id", Long.toString(id), "scope", "address", "reason", "testing bans"));
            assertEquals(302, banned.statusCode());
            assertEquals("{\"reason\":\"banned\"}", sub.next(WAIT).data());
        }
        try (SseSubscription again = herald.subscribe("/events?channel=ban-me")) {
            assertEquals(204, again.status());
        }
        HttpResponse<String> bans = admin.get("/admin/bans");
        assertTrue(bans.body().contains("testing bans") && bans.body().contains(HeraldServer.ADMIN));
        JsonArray list = JsonParser.parseString(admin.get("/api/bans").body()).getAsJsonArray();
        JsonObject ban = list.get(0).getAsJsonObject();
        assertEquals("127.0.0.1", ban.get("address").getAsString());
        assertEquals(302, admin.post("/admin/bans/lift", Map.of("id", ban.get("id").getAsString())).statusCode());
        try (SseSubscription again = herald.subscribe("/events?channel=ban-me")) {
            assertEquals(200, again.status());
        }
    }

    @Test
    void historyPagesByFilterAndRepublishStoresACopy() {
        AdminSession admin = AdminSession.admin(herald);
        long first = 0;
        for (int i = 0; i < 55; i++) {
            long id = herald.publish("history", "tick", "tick " + i);
            first = first == 0 ? id : first;
        }
        String page1 = admin.get("/admin/messages?channel=history").body();
        assertTrue(page1.contains("tick 54") && !page1.contains("tick 4<"), page1);
        Matcher older = Pattern.compile("before=(\\d+)").matcher(page1);
        assertTrue(older.find(), "an Older link");
        String page2 = admin.get("/admin/messages?channel=history&before=" + older.group(1)).body();
        assertTrue(page2.contains("tick 4<") && page2.contains("tick 0<") && !page2.contains("tick 54"), page2);
        assertTrue(admin.get("/admin/messages?channel=history&q=tick+1").body().contains("tick 17"));
        assertEquals(400, admin.get("/admin/messages?channel=bad%20name").statusCode());
        assertEquals(404, admin.get("/admin/messages/999999999").statusCode());

        try (SseSubscription sub = herald.subscribe("/events?channel=history")) {
            assertEquals(403, admin.postWithoutToken("/admin/messages/" + first + "/republish", Map.of()).statusCode());
            HttpResponse<String> copy = admin.post("/admin/messages/" + first + "/republish", Map.of());
            assertEquals(302, copy.statusCode());
            SseParser.Event event = sub.next(WAIT);
            assertEquals("tick", event.type());
            assertEquals("tick 0", event.data());
            assertTrue(Long.parseLong(event.lastEventId()) > first);
            assertTrue(copy.headers().firstValue("Location").orElseThrow().endsWith("/admin/messages/" + event.lastEventId()));
        }
    }

    @Test
    void theBroadcastFormSuggestsKnownChannelsAndSessionsEndAfterThirtyIdleMinutes() {
        herald.publish("suggest-me", null, "x");
        AdminSession admin = AdminSession.admin(herald);
        assertTrue(admin.get("/admin/broadcast").body().contains("<option value=\"suggest-me\">"));
        assertEquals(30 * 60, herald.sessionTimeoutSeconds());
    }

    @Test
    void signingOutEndsTheSession() {
        AdminSession admin = AdminSession.admin(herald);
        assertEquals(403, admin.postWithoutToken("/admin/logout", Map.of()).statusCode());
        assertEquals(302, admin.post("/admin/logout", Map.of()).statusCode());
        assertTrue(admin.get("/admin/").body().contains("j_security_check"));
    }

    private static long awaitConnectionId(AdminSession admin, String channel) {
        long[] id = {-1};
        Wait.until(WAIT, "a connection on " + channel, () -> {
            id[0] = idOf(admin, channel);
            return id[0] > 0;
        });
        return id[0];
    }

    @Test
    void theAnnouncementFormRefusesBadInputAndItsListFollowsWithdrawalsAndExpiry() {
        AdminSession admin = AdminSession.admin(herald);
        long before = herald.hub().gauges().publishedCount();
        Map<String, String> good = Map.of("channel", "notices", "severity", "info", "title", "Canteen closes at 14:00",
                "text", "today only", "link", "https://intranet.example/canteen", "minutes", "");
        for (Map.Entry<String, String> bad : List.of(Map.entry("link", "javascript:alert(1)"), Map.entry("severity", "panic"),
                Map.entry("title", ""), Map.entry("minutes", "0"), Map.entry("channel", "bad channel"))) {
            Map<String, String> form = new java.util.HashMap<>(good);
            form.put(bad.getKey(), bad.getValue());
            assertEquals(400, admin.post("/admin/broadcast/announcement", form).statusCode(), "refused: " + bad);
        }
        assertEquals(403, admin.postWithoutToken("/admin/broadcast/announcement", good).statusCode(), "no CSRF token");
        assertEquals(before, herald.hub().gauges().publishedCount(), "nothing stored");

        assertEquals(302, admin.post("/admin/broadcast/announcement", good).statusCode());
        herald.publish("notices", "announcement", "{\"severity\":\"info\",\"title\":\"Expired\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        herald.publish("notices", "announcement", "not an announcement");
        JsonObject inForce = JsonParser.parseString(herald.get("/api/announcements?channel=notices").body()).getAsJsonObject();
        JsonArray list = inForce.getAsJsonArray("announcements");
        assertEquals(1, list.size(), "the expired and the malformed are not in force: " + list);
        JsonObject a = list.get(0).getAsJsonObject();
        assertEquals("Canteen closes at 14:00", a.get("title").getAsString());
        assertEquals("https://intranet.example/canteen", a.get("link").getAsString());
        assertEquals(herald.hub().gauges().lastFannedOutId(), inForce.get("lastEventId").getAsLong());

        assertEquals(404, admin.post("/admin/broadcast/withdraw", Map.of("channel", "notices", "id", "999999")).statusCode());
        assertEquals(302, admin.post("/admin/broadcast/withdraw", Map.of("channel", "notices", "id", a.get("id").getAsString()))
                .statusCode());
        assertEquals(0, JsonParser.parseString(herald.get("/api/announcements?channel=notices").body()).getAsJsonObject()
                .getAsJsonArray("announcements").size(), "withdrawn");
        assertEquals(400, herald.get("/api/announcements?channel=bad%20channel").statusCode());
    }

    private static long idOf(AdminSession admin, String channel) {
        JsonArray list = JsonParser.parseString(admin.get("/api/connections?channel=" + channel).body()).getAsJsonArray();
        return list.isEmpty() ? -1 : list.get(0).getAsJsonObject().get("id").getAsLong();
    }
}
