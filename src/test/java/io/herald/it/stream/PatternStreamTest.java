package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /events?channel=orders/*} on a real server: every channel under the prefix, at any
 * depth, now and future ones; resuming with {@code Last-Event-ID} exactly once; channel rules
 * applied per channel, live, in catch-up and in history; one channel against the limit; shown as
 * such to the administrator.
 */
class PatternStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.limits.channels-per-connection", "2"));

    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);
    private static final String ADMIN = HeraldServer.basic(HeraldServer.ADMIN, HeraldServer.PASSWORD);

    private static SseSubscription stream(String authorization, String query, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (authorization != null) {
            all.put("Authorization", authorization);
        }
        return SseSubscription.open(herald.uri("/events?" + query), all);
    }

    private static List<String> data(List<SseParser.Event> events) {
        return events.stream().map(SseParser.Event::data).toList();
    }

    @Test
    void aPatternReadsEveryChannelUnderItsPrefixAndResumesExactlyOnce() {
        String lastId;
        try (SseSubscription s = stream(null, "channel=po/*&channel=news", Map.of())) {
            assertEquals(200, s.status());
            Wait.until(WAIT, "stream open", () -> s.parser().retry() >= 0);
            for (String channel : List.of("po/1", "po", "po/eu/west/2", "pox/1", "news", "other", "po/new-one")) {
                herald.publish(channel, null, channel);
            }
            List<SseParser.Event> got = s.next(4, WAIT);
            assertEquals(List.of("po/1", "po/eu/west/2", "news", "po/new-one"), data(got));
            lastId = got.get(3).lastEventId();
        }
        List<String> missed = new ArrayList<>();
        for (String channel : List.of("po/a", "other", "po/b/c", "news", "po")) {
            herald.publish(channel, null, "missed " + channel);
            if (!channel.equals("other") && !channel.equals("po")) {
                missed.add("missed " + channel);
            }
        }
        try (SseSubscription back = stream(null, "channel=po/*&channel=news", Map.of("Last-Event-ID", lastId))) {
            assertEquals(missed, data(back.next(missed.size(), WAIT)));
            herald.publish("po/live", null, "live");
            assertEquals("live", back.next(WAIT).data());
            assertEquals(null, back.poll(Duration.ofMillis(300)), "nothing twice");
        }
    }

    @Test
    void aPatternNeverReadsAChannelItsViewerMayNotLiveInCatchUpOrInHistory() {
        herald.rule("vault*", "role:hr");
        herald.rule("shop/staff*", "role:hr");
        try (SseSubscription anonymous = stream(null, "channel=vault/*", Map.of());
                SseSubscription viewer = stream(VIEWER, "channel=vault/*", Map.of())) {
            assertEquals(401, anonymous.status(), "nothing under vault/ is readable without signing in");
            assertEquals(403, viewer.status(), "nothing under vault/ is readable by this user");
        }
        long before = herald.publish("shop/0", null, "before");
        try (SseSubscription viewer = stream(VIEWER, "channel=shop/*", Map.of());
                SseSubscription admins = stream(ADMIN, "channel=shop/*", Map.of())) {
            assertEquals(200, viewer.status());
            Wait.until(WAIT, "streams open", () -> viewer.parser().retry() >= 0 && admins.parser().retry() >= 0);
            for (String channel : List.of("shop/1", "shop/staff/pay", "shop/staffroom", "shop/2")) {
                herald.publish(channel, null, channel);
            }
            assertEquals(List.of("shop/1", "shop/staff/pay", "shop/staffroom", "shop/2"), data(admins.next(4, WAIT)));
            assertEquals(List.of("shop/1", "shop/2"), data(viewer.next(2, WAIT)));
        }
        try (SseSubscription again = stream(VIEWER, "channel=shop/*", Map.of("Last-Event-ID", Long.toString(before)))) {
            assertEquals(List.of("shop/1", "shop/2"), data(again.next(2, WAIT)), "catch-up skips them too");
            herald.publish("shop/staff/more", null, "hidden");
            herald.publish("shop/3", null, "shop/3");
            assertEquals("shop/3", again.next(WAIT).data());
        }
        HttpResponse<String> history = HeraldServer.call(
                herald.uri("/api/messages?channel=" + URLEncoder.encode("shop/*", StandardCharsets.UTF_8) + "&after=" + before),
                "GET", VIEWER, null);
        assertEquals(200, history.statusCode(), history.body());
        List<String> channels = new ArrayList<>();
        for (JsonElement m : JsonParser.parseString(history.body()).getAsJsonObject().getAsJsonArray("messages")) {
            channels.add(m.getAsJsonObject().get("channel").getAsString());
        }
        assertEquals(List.of("shop/1", "shop/2", "shop/3"), channels);
    }

    @Test
    void aRuleChangedWhileAPatternStreamIsOpenFiltersAtOnceAndClosesItWhenNothingIsLeft() {
        try (SseSubscription viewer = stream(VIEWER, "channel=mall/*", Map.of())) {
            Wait.until(WAIT, "stream open", () -> viewer.parser().retry() >= 0);
            herald.publish("mall/office/1", null, "before the rule");
            assertEquals("before the rule", viewer.next(WAIT).data());
            herald.rule("mall/office*", "role:hr");
            herald.publish("mall/office/2", null, "after the rule");
            herald.publish("mall/shop", null, "still public");
            assertEquals("still public", viewer.next(WAIT).data(), "the new rule holds from the next message on");
            herald.rule("mall*", "role:hr");
            SseParser.Event close = viewer.next(WAIT);
            assertEquals("close", close.type());
            assertEquals("{\"reason\":\"forbidden\"}", close.data());
        }
    }

    @Test
    void aPatternCountsAsOneChannelIsShownAsSuchAndABadOneIsA400() {
        try (SseSubscription s = stream(null, "channel=fleet/*&channel=news", Map.of());
                SseSubscription tooMany = stream(null, "channel=fleet/*&channel=news&channel=x", Map.of())) {
            assertEquals(200, s.status(), "a pattern is one channel of the two allowed");
            assertEquals(400, tooMany.status());
            Wait.until(WAIT, "registered", () -> herald.hub().gauges().subscriberCounts().containsKey("fleet/*"));
            String connections = AdminSession.admin(herald).api("GET", "/api/connections", null, null).body();
            assertTrue(connections.contains("\"fleet/*\""), connections);
            String metrics = herald.get("/metrics").body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("herald_connections_patterns ") && !l.endsWith(" 0.0")),
                    metrics);
        }
        for (String bad : List.of("fleet*", "*", "/*", "fleet/**", "fleet/*/*")) {
            try (SseSubscription refused = stream(null, "channel=" + URLEncoder.encode(bad, StandardCharsets.UTF_8), Map.of())) {
                assertEquals(400, refused.status(), bad);
            }
        }
        HttpResponse<String> publish = HeraldServer.call(herald.uri("/api/messages"), "POST",
                HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD), "{\"channel\":\"fleet/*\",\"data\":\"x\"}");
        assertEquals(400, publish.statusCode(), "one publishes to a channel, never to a pattern");
    }

    @Test
    void aTicketForAPatternOpensAStreamOfItsChannels() {
        HttpResponse<String> issued = HeraldServer.call(herald.uri("/api/tickets"), "POST", VIEWER, "{\"channels\":[\"desk/*\"]}");
        assertEquals(201, issued.statusCode(), issued.body());
        String ticket = JsonParser.parseString(issued.body()).getAsJsonObject().get("ticket").getAsString();
        try (SseSubscription s = stream(null, "ticket=" + ticket, Map.of())) {
            assertEquals(200, s.status());
            Wait.until(WAIT, "stream open", () -> s.parser().retry() >= 0);
            herald.publish("desk", null, "not under desk/");
            herald.publish("desk/7/notes", null, "under desk/");
            assertEquals("under desk/", s.next(WAIT).data());
        }
    }
}
