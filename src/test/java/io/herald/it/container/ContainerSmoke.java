package io.herald.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.Container;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One smoke suite for every container the built herald.war is deployed into at {@code /herald}:
 * stream, publish, catch-up, the admin login page and JSP rendering, static assets, health and
 * metrics. Subclasses say which container.
 */
abstract class ContainerSmoke {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern URL_ATTRIBUTE = Pattern.compile("(?:href|src|action|data-stats|data-stream)=\"([^\"]*)\"");

    abstract Container container();

    private static final String PUBLISHER = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);
    private static final String ADMIN = HeraldServer.basic(HeraldServer.ADMIN, HeraldServer.PASSWORD);

    private long publish(String channel, String data) {
        HttpResponse<String> r = HeraldServer.send(HttpRequest.newBuilder(URI.create(container().base() + "/api/messages"))
                .header("Authorization", PUBLISHER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channel + "\",\"data\":\"" + data + "\"}")).build());
        assertEquals(201, r.statusCode(), container().name() + ": " + r.body());
        assertTrue(r.headers().firstValue("Location").orElse("").startsWith("/herald/api/messages/"));
        return JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsLong();
    }

    private SseSubscription stream(String query, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", ADMIN);
        return SseSubscription.open(URI.create(container().base() + "/events?" + query), all);
    }

    @Test
    void streamPublishAndCatchUp() {
        try (SseSubscription live = stream("channel=smoke", Map.of())) {
            assertEquals(200, live.status(), container().name());
            assertTrue(live.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            long first = publish("smoke", "one");
            SseParser.Event e = live.next(WAIT);
            assertEquals("one", e.data());
            assertEquals(Long.toString(first), e.lastEventId());
            long second = publish("smoke", "two");
            long third = publish("smoke", "three");
            assertEquals("two", live.next(WAIT).data());
            assertEquals("three", live.next(WAIT).data());
            try (SseSubscription resumed = stream("channel=smoke", Map.of("Last-Event-ID", Long.toString(first)))) {
                assertEquals(Long.toString(second), resumed.next(WAIT).lastEventId());
                assertEquals(Long.toString(third), resumed.next(WAIT).lastEventId());
            }
        }
        try (SseSubscription anonymous = SseSubscription.open(URI.create(container().base() + "/events?channel=smoke"))) {
            assertEquals(401, anonymous.status(), "channels need a login by default");
        }
    }

    @Test
    void adminLoginPageAndJspsRenderUnderTheContextPath() {
        AdminSession wrong = new AdminSession(container().base());
        assertTrue(wrong.login(HeraldServer.ADMIN, "wrong").body().contains("Wrong user name or password."), container().name());
        AdminSession admin = AdminSession.admin(new AdminSession(container().base()));
        for (String path : new String[] {"/admin/", "/admin/broadcast", "/admin/connections", "/admin/messages", "/admin/bans", "/admin/access"}) {
            HttpResponse<String> page = admin.get(path);
            assertEquals(200, page.statusCode(), container().name() + " " + path);
            assertTrue(page.body().contains("Signed in as"), path);
            assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent(), path);
            Matcher urls = URL_ATTRIBUTE.matcher(page.body());
            int count = 0;
            while (urls.find()) {
                String url = urls.group(1);
                count++;
                assertTrue(url.startsWith("/herald/") || url.startsWith("#") || url.startsWith("http"),
                        container().name() + " " + path + " has a URL outside the context path: " + url);
            }
            assertTrue(count >= 8, path + " has only " + count + " URLs");
        }
        HttpResponse<String> sent = admin.post("/admin/broadcast", Map.of("channel", "smoke-admin", "data", "<b>hi</b>", "action", "send"));
        assertEquals(302, sent.statusCode());
        assertTrue(sent.headers().firstValue("Location").orElse("").contains("/herald/admin/broadcast?sent="));
        assertTrue(admin.get("/admin/messages?channel=smoke-admin").body().contains("&lt;b&gt;hi&lt;/b&gt;"));
        assertEquals(403, admin.postWithoutToken("/admin/broadcast", Map.of("channel", "x", "data", "y", "action", "send")).statusCode());
    }

    @Test
    void staticAssetsHealthAndMetrics() {
        assertEquals(200, container().status("/herald/assets/admin.css"));
        assertEquals(200, container().status("/herald/assets/admin.js"));
        assertEquals(200, container().status("/herald/js/herald.js"));
        assertEquals(200, container().status("/herald/js/herald.mjs"));
        assertEquals(200, container().status("/herald/watch.html"));
        assertEquals(200, container().status("/herald/"));
        assertEquals(200, container().status("/herald/health"));
        assertEquals(200, container().status("/herald/health/ready"));
        HttpResponse<String> metrics = HeraldServer.send(HttpRequest.newBuilder(URI.create(container().base() + "/metrics")).build());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("herald_connections_open"), container().name());
    }
}
