package io.herald.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PostgresNodes;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.it.support.StandaloneProcess;
import io.herald.testing.Wait;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Herald nodes (embedded Jetty) on one real PostgreSQL: a message published on any node
 * reaches every subscriber of every node, exactly once, all in the same order; a node whose
 * relay connection is killed recovers and misses nothing.
 */
class ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresNodes pg = new PostgresNodes();

    @TempDir
    Path dir;

    private static List<HeraldServer> cluster(String database, int count) throws Exception {
        return pg.start(database, count, Map.of());
    }

    @Test
    void aMessagePublishedOnOneNodeReachesTheOthers() throws Exception {
        List<HeraldServer> c = cluster("reach", 3);
        try (SseSubscription onB = c.get(1).subscribe("/events?channel=news");
                SseSubscription onC = c.get(2).subscribe("/events?channel=news")) {
            long id = c.get(0).publish("news", "flash", "from A");
            for (SseSubscription s : List.of(onB, onC)) {
                SseParser.Event e = s.next(WAIT);
                assertEquals("from A", e.data());
                assertEquals("flash", e.type());
                assertEquals(Long.toString(id), e.lastEventId());
            }
        }
    }

    /** A publisher retrying on another node (a load balancer's choice) with its key: one message, everywhere. */
    @Test
    void oneIdempotencyKeySentToEveryNodeAtOnceStoresAndDeliversOneMessage() throws Exception {
        List<HeraldServer> c = cluster("keys", 2);
        try (SseSubscription onA = c.get(0).subscribe("/events?channel=keyed");
                SseSubscription onB = c.get(1).subscribe("/events?channel=keyed")) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                HeraldServer node = c.get(i % 2);
                answers.add(CompletableFuture.supplyAsync(() -> HeraldServer.send(HttpRequest.newBuilder(node.uri("/api/messages"))
                        .header("Content-Type", "application/json").header("Idempotency-Key", "pay-42")
                        .header("Authorization", HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"keyed\",\"data\":\"paid\"}")).build())));
            }
            Set<String> ids = new HashSet<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
                assertEquals(201, r.statusCode(), r.body());
                ids.add(JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsString());
            }
            assertEquals(1, ids.size(), "every answer names one message: " + ids);
            long after = c.get(1).publish("keyed", null, "sentinel");
            for (SseSubscription s : List.of(onA, onB)) {
                assertEquals(List.of(ids.iterator().next(), Long.toString(after)),
                        s.next(2, WAIT).stream().map(SseParser.Event::lastEventId).toList());
            }
        }
    }

    @Test
    void fourPublishersOnDifferentNodesEverySubscriberGetsEverythingOnceInOneOrder() throws Exception {
        List<HeraldServer> c = cluster("ordering", 3);
        List<SseSubscription> subscribers = new ArrayList<>();
        try {
            for (HeraldServer node : c) {
                subscribers.add(node.subscribe("/events?channel=busy"));
                subscribers.add(node.subscribe("/events?channel=busy"));
            }
            int perThread = 50;
            List<Long> acked = new CopyOnWriteArrayList<>();
            List<Thread> publishers = new ArrayList<>();
            HeraldServer[] on = {c.get(0), c.get(1), c.get(2), c.get(0)};
            for (int t = 0; t < 4; t++) {
                HeraldServer node = on[t];
                int thread = t;
                publishers.add(new Thread(() -> {
                    for (int n = 0; n < perThread; n++) {
                        acked.add(node.publish("busy", null, "t" + thread + "-" + n));
                    }
                }));
            }
            publishers.forEach(Thread::start);
            for (Thread p : publishers) {
                p.join(60_000);
            }
            assertEquals(4 * perThread, acked.size());
            List<String> first = null;
            for (SseSubscription s : subscribers) {
                List<String> ids = s.next(4 * perThread, WAIT).stream().map(SseParser.Event::lastEventId).toList();
                List<Long> numeric = ids.stream().map(Long::parseLong).toList();
                for (int i = 1; i < numeric.size(); i++) {
                    assertTrue(numeric.get(i) > numeric.get(i - 1), "ascending ids, no duplicate: " + numeric);
                }
                assertEquals(acked.stream().sorted().toList(), numeric, "every acknowledged message once");
                if (first == null) {
                    first = ids;
                }
                assertEquals(first, ids, "the same order on every node");
            }
        } finally {
            subscribers.forEach(SseSubscription::close);
        }
    }

    @Test
    void clientsOfANodeKilledAbruptlyReconnectToAnotherAndLoseNothing() throws Exception {
        String url = pg.freshDatabase("abrupt");
        HeraldServer b = pg.node(url, "abrupt-b", "node-b", Map.of());
        try (StandaloneProcess a = new StandaloneProcess(Files.createDirectories(dir.resolve("a")),
                List.of("-Dherald.db.url=" + url, "-Dherald.db.user=postgres", "-Dherald.access.default=public"))) {
            List<SseSubscription> onA = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                onA.add(SseSubscription.open(a.uri("/events?channel=failover")));
            }
            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                published.add(b.publish("failover", null, "m" + i));
            }
            for (SseSubscription s : onA) {
                Wait.until(WAIT, "node A's clients to receive the first messages",
                        () -> !s.parser().lastEventId().isEmpty() && Long.parseLong(s.parser().lastEventId()) >= published.get(9));
            }
            a.kill();
            for (int i = 30; i < 60; i++) {
                published.add(b.publish("failover", null, "m" + i));
            }
            for (SseSubscription s : onA) {
                s.awaitEnd(WAIT);
                List<SseParser.Event> seen = new ArrayList<>(s.drain());
                try (SseSubscription resumed = b.subscribe("/events?channel=failover&lastEventId=" + s.parser().lastEventId())) {
                    long last = published.get(published.size() - 1);
                    Wait.until(WAIT, "the resumed client to catch up on node B", () -> {
                        seen.addAll(resumed.drain());
                        return !seen.isEmpty() && Long.parseLong(seen.get(seen.size() - 1).lastEventId()) == last;
                    });
                }
                assertEquals(published, seen.stream().map(e -> Long.parseLong(e.lastEventId())).toList(),
                        "every message once, in order, across the failover");
            }
        }
    }

    @Test
    void bansAndRulesSetOnOneNodeApplyOnTheOthers() throws Exception {
        List<HeraldServer> c = cluster("shared", 2);
        AdminSession adminOnA = AdminSession.admin(c.get(0));
        try (SseSubscription onB = c.get(1).subscribe("/events?channel=shared")) {
            Wait.until(WAIT, "the stream on B", () -> c.get(1).hub().gauges().connectionCount() == 1);
            assertEquals(302, adminOnA.post("/admin/access/rules", Map.of("pattern", "shared", "access", "role", "role", "nobody")).statusCode());
            SseParser.Event close = onB.next(WAIT);
            assertEquals("{\"reason\":\"forbidden\"}", close.data(), "a rule tightened on A closes B's stream");
        }
        try (SseSubscription refused = c.get(1).subscribe("/events?channel=shared")) {
            assertEquals(401, refused.status());
        }
        try (SseSubscription onB = c.get(1).subscribe("/events?channel=other")) {
            Wait.until(WAIT, "the stream on B", () -> c.get(1).hub().gauges().connectionCount() == 1);
            assertEquals(201, adminOnA.api("POST", "/api/bans", "{\"address\":\"127.0.0.1\",\"reason\":\"cluster\"}",
                    adminOnA.csrf()).statusCode());
            assertEquals("{\"reason\":\"banned\"}", onB.next(WAIT).data(), "a ban set on A closes B's stream");
        }
        Wait.until(WAIT, "B to refuse the banned address", () -> {
            try (SseSubscription again = c.get(1).subscribe("/events?channel=other")) {
                return again.status() == 204;
            }
        });
    }

    @Test
    void aKeyRevokedOrASessionEndedOnOneNodeEndsItsStreamsOnTheOthers() throws Exception {
        List<HeraldServer> c = cluster("recheck", 2);
        AdminSession adminOnA = AdminSession.admin(c.get(0));
        assertEquals(302, adminOnA.post("/admin/access/keys", Map.of("name", "relay-app")).statusCode());
        String page = adminOnA.get("/admin/access").body();
        Matcher key = Pattern.compile("id=\"new-key\">(hk_[A-Za-z0-9_-]+)<").matcher(page);
        Matcher keyId = Pattern.compile("name=\"id\" value=\"(\\d+)\">\\s*<button type=\"submit\" class=\"small danger\">Revoke")
                .matcher(page);
        assertTrue(key.find() && keyId.find(), page);
        HttpResponse<String> issued = adminOnA.request("POST", "/api/tickets", "{\"channels\":[\"recheck\"]}");
        assertEquals(201, issued.statusCode(), issued.body());
        String ticket = JsonParser.parseString(issued.body()).getAsJsonObject().get("ticket").getAsString();
        try (SseSubscription keyOnB = SseSubscription.open(c.get(1).uri("/events?channel=recheck"),
                Map.of("Authorization", "Bearer " + key.group(1)));
                SseSubscription ticketOnB = c.get(1).subscribe("/events?ticket=" + ticket)) {
            assertEquals(200, keyOnB.status());
            assertEquals(200, ticketOnB.status());
            Wait.until(WAIT, "both streams on B", () -> c.get(1).hub().gauges().connectionCount() == 2);
            long revoked = System.nanoTime();
            assertEquals(302, adminOnA.post("/admin/access/keys/revoke", Map.of("id", keyId.group(1))).statusCode());
            assertEquals("{\"reason\":\"revoked\"}", keyOnB.next(WAIT).data(), "a key revoked on A closes B's stream");
            long revokedMillis = (System.nanoTime() - revoked) / 1_000_000;
            long loggedOut = System.nanoTime();
            assertEquals(302, adminOnA.post("/admin/logout", Map.of()).statusCode());
            assertEquals("{\"reason\":\"logged-out\"}", ticketOnB.next(WAIT).data(),
                    "the end of A's session closes the stream its ticket opened on B");
            System.out.printf("across nodes: revoked after %d ms, logged-out after %d ms%n", revokedMillis,
                    (System.nanoTime() - loggedOut) / 1_000_000);
        }
        AdminSession again = AdminSession.admin(c.get(0));
        try (SseSubscription userOnB = SseSubscription.open(c.get(1).uri("/events?channel=recheck"),
                Map.of("Authorization", HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD)))) {
            assertEquals(200, userOnB.status());
            Wait.until(WAIT, "the user's stream on B", () -> c.get(1).hub().gauges().connectionCount() == 1);
            long removed = System.nanoTime();
            assertEquals(200, again.api("DELETE", "/api/users/" + HeraldServer.VIEWER + "/streams", null, again.csrf()).statusCode());
            assertEquals("{\"reason\":\"revoked\"}", userOnB.next(WAIT).data(), "a user removed on A loses B's stream");
            System.out.printf("across nodes: a removed user's stream closed after %d ms%n", (System.nanoTime() - removed) / 1_000_000);
        }
    }

    @Test
    void aNodeWhoseRelayConnectionIsKilledRecoversAndMissesNothing() throws Exception {
        List<HeraldServer> c = cluster("relaykill", 2);
        try (SseSubscription onB = c.get(1).subscribe("/events?channel=kill")) {
            long before = c.get(0).publish("kill", null, "before");
            assertEquals(Long.toString(before), onB.next(WAIT).lastEventId());
            int killed;
            try (Connection admin = pg.dataSource("relaykill").getConnection(); Statement st = admin.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            + "WHERE datname = 'relaykill' AND query LIKE 'LISTEN%'")) {
                rs.next();
                killed = rs.getInt(1);
            }
            assertEquals(2, killed, "both nodes' relay connections were killed");
            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                published.add(c.get(0).publish("kill", null, "after " + i));
            }
            List<Long> got = onB.next(20, WAIT).stream().map(e -> Long.parseLong(e.lastEventId())).toList();
            assertEquals(published, got, "node B delivered every message published on A while its relay reconnected");
        }
    }
}
