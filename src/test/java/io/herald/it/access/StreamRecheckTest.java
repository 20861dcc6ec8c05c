package io.herald.it.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.herald.hub.ConnectionInfo;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access is re-checked while streams are open, on one node: the end of the container session a
 * stream (or the ticket that opened it) came from closes it with reason {@code logged-out}; a
 * stream older than {@code herald.stream.max-age-seconds} closes with reason {@code reauth}, and
 * its client resumes with {@code Last-Event-ID} and loses nothing; a new login in the same browser
 * (the container changes the session's id) closes the old login's streams with reason {@code reauth}. (Revoked keys, bans and rules:
 * AccessTest, BannedEverywhereTest; across nodes: ClusterTest.)
 */
class StreamRecheckTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);

    @TempDir
    Path dir;

    @Test
    void loggingOutEndsTheSessionsStreamsAndTheStreamsOfItsTicketsButNoOthers() throws Exception {
        try (HeraldServer herald = HeraldServer.start(dir, Map.of())) {
            AdminSession admin = AdminSession.admin(herald);
            HttpResponse<String> issued = admin.request("POST", "/api/tickets", "{\"channels\":[\"desk\"]}");
            assertEquals(201, issued.statusCode(), issued.body());
            String ticket = JsonParser.parseString(issued.body()).getAsJsonObject().get("ticket").getAsString();
            try (SseSubscription withCookie = SseSubscription.open(herald.uri("/events?channel=desk"),
                    Map.of("Cookie", admin.sessionCookie()));
                    SseSubscription withTicket = herald.subscribe("/events?ticket=" + ticket);
                    SseSubscription withBasic = SseSubscription.open(herald.uri("/events?channel=desk"),
                            Map.of("Authorization", VIEWER))) {
                for (SseSubscription s : List.of(withCookie, withTicket, withBasic)) {
                    assertEquals(200, s.status());
                }
                Wait.until(WAIT, "three streams", () -> herald.hub().gauges().connectionCount() == 3);
                long loggedOut = System.nanoTime();
                assertEquals(302, admin.post("/admin/logout", Map.of()).statusCode());
                for (SseSubscription s : List.of(withCookie, withTicket)) {
                    SseParser.Event close = s.next(WAIT);
                    assertEquals("close", close.type());
                    assertEquals("{\"reason\":\"logged-out\"}", close.data());
                    s.awaitEnd(WAIT);
                }
                System.out.printf("logout to both streams closed: %d ms%n", (System.nanoTime() - loggedOut) / 1_000_000);
                long id = herald.publish("desk", null, "after the logout");
                assertEquals(Long.toString(id), withBasic.next(WAIT).lastEventId(), "a Basic login has no session to end");
                assertEquals(1, herald.hub().gauges().connectionCount());
            }
        }
    }

    @Test
    void aNewLoginInTheSameBrowserEndsTheOldSessionsStreamsWithReauth() throws Exception {
        try (HeraldServer herald = HeraldServer.start(dir, Map.of())) {
            AdminSession browser = AdminSession.admin(herald);
            try (SseSubscription stream = SseSubscription.open(herald.uri("/events?channel=desk"),
                    Map.of("Cookie", browser.sessionCookie()))) {
                assertEquals(200, stream.status());
                long id = herald.publish("desk", null, "for the first login");
                assertEquals(Long.toString(id), stream.next(WAIT).lastEventId());

                browser.login(HeraldServer.VIEWER, HeraldServer.PASSWORD);
                assertEquals("viewer", JsonParser.parseString(browser.get("/api/me").body()).getAsJsonObject()
                        .get("user").getAsString(), "the browser's session is the new login's");
                SseParser.Event close = stream.next(WAIT);
                assertEquals("close", close.type());
                assertEquals("{\"reason\":\"reauth\"}", close.data());
                stream.awaitEnd(WAIT);
            }
            try (SseSubscription now = SseSubscription.open(herald.uri("/events?channel=desk"),
                    Map.of("Cookie", browser.sessionCookie()))) {
                assertEquals(200, now.status(), "the browser reconnects as whoever is logged in now");
                Wait.until(WAIT, "the new stream", () -> herald.hub().gauges().connectionCount() == 1);
                assertEquals(HeraldServer.VIEWER, herald.hub().subscribers().get(0).info().user());
                browser.get("/api/me");
                long id = herald.publish("desk", null, "for the second login");
                assertEquals(Long.toString(id), now.next(WAIT).lastEventId(), "requests in the session leave its stream open");
            }
        }
    }

    @Test
    void aStreamOlderThanItsMaximumAgeEndsWithReauthAndItsClientResumesWithoutLoss() throws Exception {
        try (HeraldServer herald = HeraldServer.start(dir, Map.of("herald.stream.max-age-seconds", "2"))) {
            long first;
            long opened = System.nanoTime();
            try (SseSubscription stream = herald.subscribe("/events?channel=aging")) {
                first = herald.publish("aging", null, "one");
                assertEquals(Long.toString(first), stream.next(WAIT).lastEventId());
                SseParser.Event close = stream.next(WAIT);
                long lived = (System.nanoTime() - opened) / 1_000_000;
                assertEquals("close", close.type());
                assertEquals("{\"reason\":\"reauth\"}", close.data());
                assertTrue(lived >= 1800, "closed after " + lived + " ms, before 90 % of its maximum age");
                stream.awaitEnd(WAIT);
                System.out.printf("a stream with max-age 2 s lived %d ms%n", lived);
            }
            long missed = herald.publish("aging", null, "while away");
            try (SseSubscription again = SseSubscription.open(herald.uri("/events?channel=aging"),
                    Map.of("Last-Event-ID", Long.toString(first)))) {
                SseParser.Event e = again.next(WAIT);
                assertEquals(Long.toString(missed), e.lastEventId());
                assertEquals("while away", e.data());
            }
        }
    }

    @Test
    void streamsOpenedTogetherGetDifferentEndsWithinTheLastTenthOfTheirMaximumAge() throws Exception {
        try (HeraldServer herald = HeraldServer.start(dir, Map.of("herald.stream.max-age-seconds", "1000"))) {
            List<SseSubscription> streams = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    streams.add(herald.subscribe("/events?channel=office"));
                }
                Wait.until(WAIT, "20 streams", () -> herald.hub().gauges().connectionCount() == 20);
                Set<Long> ages = new HashSet<>();
                herald.hub().subscribers().forEach(s -> {
                    ConnectionInfo info = s.info();
                    long age = Duration.between(info.since(), info.until()).toMillis();
                    assertTrue(age > 900_000 && age <= 1_000_000, "a maximum age of " + age + " ms");
                    ages.add(age);
                });
                assertTrue(ages.size() >= 15, "streams opened together end apart: " + ages);
            } finally {
                streams.forEach(SseSubscription::close);
            }
        }
    }

    @Test
    void withMaximumAgeZeroAStreamHasNoEndOfItsOwn() throws Exception {
        try (HeraldServer herald = HeraldServer.start(dir, Map.of("herald.stream.max-age-seconds", "0"));
                SseSubscription stream = herald.subscribe("/events?channel=forever")) {
            Wait.until(WAIT, "the stream", () -> herald.hub().gauges().connectionCount() == 1);
            assertEquals(null, herald.hub().subscribers().get(0).info().until());
        }
    }
}
