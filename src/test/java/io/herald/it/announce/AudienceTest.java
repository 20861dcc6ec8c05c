package io.herald.it.announce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An announcement for some users or some roles reaches only them: live, in catch-up, in history
 * and in the announcements API; a stream never asked about a role an announcement names
 * reconnects ({@code reauth}) and is judged with it, losing nothing.
 */
class AudienceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);
    private static final String PUBLISHER = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    private static SseSubscription stream(String channel, String authorization, String lastEventId) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        if (lastEventId != null) {
            headers = authorization == null ? Map.of("Last-Event-ID", lastEventId)
                    : Map.of("Authorization", authorization, "Last-Event-ID", lastEventId);
        }
        return SseSubscription.open(herald.uri("/events?channel=" + channel), headers);
    }

    private static boolean listed(String path, String authorization, long id) {
        HttpResponse<String> r = HeraldServer.call(herald.uri(path), "GET", authorization, null);
        assertEquals(200, r.statusCode(), r.body());
        return r.body().contains("\"id\":" + id + ",") || r.body().contains("\"id\":\"" + id + "\"");
    }

    @Test
    void anAnnouncementForSomeUsersReachesOnlyThem() {
        try (SseSubscription viewer = stream("aud-users", VIEWER, null);
                SseSubscription publisher = stream("aud-users", PUBLISHER, null);
                SseSubscription anonymous = stream("aud-users", null, null)) {
            long id = herald.publish("aud-users", "announcement",
                    "{\"severity\":\"info\",\"title\":\"For the viewer\",\"audience\":{\"users\":[\"viewer\"]}}");
            long after = herald.publish("aud-users", null, "for everyone");
            assertEquals(Long.toString(id), viewer.next(WAIT).lastEventId());
            for (SseSubscription other : new SseSubscription[] {viewer, publisher, anonymous}) {
                assertEquals(Long.toString(after), other.next(WAIT).lastEventId(), "the next message, and nothing before it");
            }
            assertTrue(listed("/api/messages?channel=aud-users", VIEWER, id));
            assertFalse(listed("/api/messages?channel=aud-users", PUBLISHER, id), "history leaves it out");
            assertFalse(listed("/api/messages?channel=aud-users", null, id));
            assertEquals(404, HeraldServer.call(herald.uri("/api/messages/" + id), "GET", null, null).statusCode());
            assertTrue(listed("/api/announcements?channel=aud-users", VIEWER, id));
            assertFalse(listed("/api/announcements?channel=aud-users", null, id));
            try (SseSubscription late = stream("aud-users", PUBLISHER, Long.toString(id - 1))) {
                assertEquals(Long.toString(after), late.next(WAIT).lastEventId(), "catch-up leaves it out too");
            }
        }
    }

    @Test
    void aStreamNeverAskedAboutARoleReconnectsAndIsJudgedWithIt() {
        long before = herald.publish("aud-roles", null, "before");
        try (SseSubscription viewer = stream("aud-roles", VIEWER, null);
                SseSubscription publisher = stream("aud-roles", PUBLISHER, null)) {
            assertEquals(200, viewer.status());
            assertEquals(200, publisher.status());
            long id = herald.publish("aud-roles", "announcement",
                    "{\"severity\":\"warning\",\"title\":\"Staff only\",\"audience\":{\"roles\":[\"staff\"]}}");
            for (SseSubscription s : new SseSubscription[] {viewer, publisher}) {
                SseParser.Event close = s.next(WAIT);
                assertEquals("close", close.type());
                assertEquals("{\"reason\":\"reauth\"}", close.data());
            }
            try (SseSubscription again = stream("aud-roles", VIEWER, Long.toString(before));
                    SseSubscription other = stream("aud-roles", PUBLISHER, Long.toString(before))) {
                SseParser.Event caught = again.next(WAIT);
                assertEquals(Long.toString(id), caught.lastEventId(), "user viewer has role staff");
                assertEquals("Staff only", JsonParser.parseString(caught.data()).getAsJsonObject().get("title").getAsString());
                long next = herald.publish("aud-roles", "announcement",
                        "{\"severity\":\"info\",\"title\":\"Staff again\",\"audience\":{\"roles\":[\"staff\"]}}");
                assertEquals(Long.toString(next), again.next(WAIT).lastEventId(), "now known: no reconnect");
                assertNull(other.poll(Duration.ofMillis(300)), "the publisher is not staff");
            }
        }
    }
}
