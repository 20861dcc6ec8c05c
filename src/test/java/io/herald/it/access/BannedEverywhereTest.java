package io.herald.it.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A banned user or address is refused by every public API, not only by the stream: {@code 403}
 * with error {@code banned} from the JSON APIs, {@code 204} from {@code /events}; nothing is
 * stored or issued. Others, and {@code /health}, are served as before; lifting the ban lets the
 * user back in.
 */
class BannedEverywhereTest {

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.demo.enabled", "false"));

    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);
    private static final String PUBLISHER = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    private static HttpResponse<String> call(String method, String path, String authorization, String json) {
        return HeraldServer.call(herald.uri(path), method, authorization, json);
    }

    private static void assertBanned(HttpResponse<String> response, String what) {
        assertEquals(403, response.statusCode(), what + ": " + response.body());
        JsonObject error = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("banned", error.get("error").getAsString(), what);
        assertTrue(error.get("detail").getAsString().contains("banned"), what + ": " + response.body());
    }

    /** Every public API, as {@code authorization}: what each answers. */
    private static Map<String, HttpResponse<String>> everyApi(String authorization, long messageId) {
        return Map.of(
                "history", call("GET", "/api/messages?channel=ban-test", authorization, null),
                "one message", call("GET", "/api/messages/" + messageId, authorization, null),
                "publish", call("POST", "/api/messages", authorization, "{\"channel\":\"ban-test\",\"data\":\"x\"}"),
                "ticket", call("POST", "/api/tickets", authorization, "{\"channels\":[\"ban-test\"]}"),
                "presence", call("GET", "/api/channels/ban-test/presence", authorization, null),
                "announcements", call("GET", "/api/announcements", authorization, null),
                "me", call("GET", "/api/me", authorization, null));
    }

    private static void liftEveryBan(AdminSession admin) {
        for (var ban : JsonParser.parseString(admin.api("GET", "/api/bans", null, null).body()).getAsJsonArray()) {
            String banId = ban.getAsJsonObject().get("id").getAsString();
            assertEquals(204, admin.api("DELETE", "/api/bans/" + banId, null, admin.csrf()).statusCode());
        }
    }

    @Test
    void aBannedUserIsRefusedByEveryApiAndLetBackInWhenTheBanIsLifted() {
        long id = herald.publish("ban-test", null, "before the ban");
        AdminSession admin = AdminSession.admin(herald);
        // /api/me knows the session's user only (it never asks for credentials): a signed-in viewer.
        AdminSession viewerSession = new AdminSession(herald);
        viewerSession.login(HeraldServer.VIEWER, HeraldServer.PASSWORD);
        assertEquals(200, viewerSession.request("GET", "/api/me", null).statusCode());
        try {
            for (String user : new String[] {HeraldServer.VIEWER, HeraldServer.PUBLISHER}) {
                assertEquals(201, admin.api("POST", "/api/bans", "{\"user\":\"" + user + "\",\"reason\":\"test\"}",
                        admin.csrf()).statusCode());
            }
            long stored = herald.hub().gauges().publishedCount();

            everyApi(VIEWER, id).forEach((api, response) -> {
                if (!api.equals("publish") && !api.equals("me")) {
                    assertBanned(response, "viewer, " + api);
                }
            });
            assertBanned(viewerSession.request("GET", "/api/me", null), "viewer's session, me");
            assertBanned(call("POST", "/api/messages", PUBLISHER, "{\"channel\":\"ban-test\",\"data\":\"x\"}"), "publisher, publish");
            assertEquals(stored, herald.hub().gauges().publishedCount(), "a banned publisher stores nothing");
            try (SseSubscription stream = SseSubscription.open(herald.uri("/events?channel=ban-test"), Map.of("Authorization", VIEWER))) {
                assertEquals(204, stream.status(), "the stream tells EventSource to stop, as before");
            }

            // Anonymous requests from the same address, and other users, are not covered by a user ban.
            assertEquals(200, call("GET", "/api/messages?channel=ban-test", null, null).statusCode());
            assertEquals(200, call("GET", "/health", null, null).statusCode());
        } finally {
            liftEveryBan(admin);
        }
        everyApi(VIEWER, id).forEach((api, response) -> {
            if (!api.equals("publish")) {
                // Presence is off on this channel: 404, as for anyone.
                assertEquals(api.equals("ticket") ? 201 : api.equals("presence") ? 404 : 200, response.statusCode(),
                        "viewer, " + api + " after the ban was lifted: " + response.body());
            }
        });
        assertEquals(200, viewerSession.request("GET", "/api/me", null).statusCode());
        assertEquals(201, call("POST", "/api/messages", PUBLISHER, "{\"channel\":\"ban-test\",\"data\":\"y\"}").statusCode());
    }

    @Test
    void aBannedAddressIsRefusedByEveryApiButHealthAndMetrics() {
        long id = herald.publish("ban-test", null, "before the address ban");
        AdminSession admin = AdminSession.admin(herald);
        HttpResponse<String> ban = admin.api("POST", "/api/bans", "{\"address\":\"127.0.0.1\",\"reason\":\"test\"}", admin.csrf());
        assertEquals(201, ban.statusCode(), ban.body());
        try {
            long stored = herald.hub().gauges().publishedCount();
            for (String authorization : new String[] {null, PUBLISHER}) {
                everyApi(authorization, id).forEach((api, response) -> {
                    if (authorization == null && api.equals("publish")) {
                        assertEquals(401, response.statusCode(), "an anonymous publish needs credentials first");
                    } else {
                        assertBanned(response, (authorization == null ? "anonymous, " : "publisher, ") + api);
                    }
                });
            }
            assertEquals(stored, herald.hub().gauges().publishedCount(), "nothing stored");
            try (SseSubscription stream = herald.subscribe("/events?channel=ban-test")) {
                assertEquals(204, stream.status());
            }
            assertEquals(200, call("GET", "/health", null, null).statusCode(), "load balancers still see Herald");
            assertEquals(200, call("GET", "/metrics", null, null).statusCode());
        } finally {
            liftEveryBan(admin);
        }
        assertEquals(200, call("GET", "/api/messages?channel=ban-test", null, null).statusCode());
    }
}
