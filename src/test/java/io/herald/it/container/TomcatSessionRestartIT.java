package io.herald.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.it.support.TomcatServer;
import io.herald.testing.Wait;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built WAR in Tomcat 11, stopped normally (SIGTERM) and started again: an open stream is told
 * when to come back ({@code retry:} and {@code reconnectAfterMs}), and a user signed in through
 * the FORM login is still signed in afterwards (the WAR's META-INF/context.xml keeps sessions).
 */
class TomcatSessionRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TomcatServer tomcat = new TomcatServer(Map.of("herald.access.default", "authenticated",
            "herald.stream.heartbeat-ms", "500"));

    private static SseSubscription stream(String cookie) {
        return SseSubscription.open(URI.create(tomcat.base() + "/events?channel=restart"), Map.of("Cookie", cookie));
    }

    @Test
    void aSignedInUserStaysSignedInAcrossARestartAndItsStreamIsToldWhenToComeBack() throws Exception {
        AdminSession admin = AdminSession.admin(new AdminSession(tomcat.base()));
        String cookie = admin.sessionCookie();
        SseSubscription before = stream(cookie);
        assertEquals(200, before.status(), "the session opens a stream on a channel for signed-in users");
        Wait.until(WAIT, "the stream's first frame", () -> before.parser().retry() == 3000);

        tomcat.restart();

        before.awaitEnd(WAIT);
        List<SseParser.Event> events = before.drain();
        assertFalse(events.isEmpty(), "no event before the stream ended (" + before.howEnded() + "); the body: " + before.rawBytes());
        SseParser.Event close = events.get(events.size() - 1);
        assertEquals("close", close.type(), "the last event: " + events);
        JsonObject data = JsonParser.parseString(close.data()).getAsJsonObject();
        assertEquals("shutdown", data.get("reason").getAsString());
        long hint = data.get("reconnectAfterMs").getAsLong();
        assertTrue(hint >= 3000 && hint <= 13_000, "herald.stream.retry-ms plus up to the default 10 s spread: " + hint);
        assertEquals(hint, before.parser().retry(), "retry: tells a native EventSource the same");

        try (SseSubscription after = stream(cookie)) {
            assertEquals(200, after.status(), "the same session cookie still signs in after the restart");
        }
        HttpResponse<String> dashboard = admin.get("/admin/");
        assertEquals(200, dashboard.statusCode());
        assertFalse(dashboard.body().contains("j_username"), "the console, not the login page");
    }
}
