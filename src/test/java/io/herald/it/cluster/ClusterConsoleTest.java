package io.herald.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PostgresNodes;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin console of any node sees, kicks and bans the connections of every node, and presence
 * spans the nodes: one join per user however many nodes its tabs are on, and a dead node's users leave.
 */
class ClusterConsoleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);
    private static final String PUBLISHER = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    @RegisterExtension
    static final PostgresNodes pg = new PostgresNodes();

    /** Nodes node-a, node-b… on a fresh database, declaring a silent node dead after 5 s. */
    private static List<HeraldServer> cluster(String database, int count) throws Exception {
        return pg.start(database, count, Map.of("herald.cluster.node-timeout-ms", "5000"));
    }

    private static SseSubscription stream(HeraldServer node, String authorization, String query) {
        return SseSubscription.open(node.uri("/events?" + query), authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    private static JsonArray connections(AdminSession admin, String query) {
        HttpResponse<String> list = admin.api("GET", "/api/connections" + query, null, null);
        assertEquals(200, list.statusCode(), list.body());
        return JsonParser.parseString(list.body()).getAsJsonArray();
    }

    private static JsonObject only(JsonArray list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0).getAsJsonObject();
    }

    @Test
    void theConsoleOfOneNodeListsKicksAndBansTheConnectionsOfEveryNode() throws Exception {
        List<HeraldServer> c = cluster("console", 2);
        AdminSession adminOnA = AdminSession.admin(c.get(0));
        try (SseSubscription onA = stream(c.get(0), null, "channel=news");
                SseSubscription onB = stream(c.get(1), VIEWER, "channel=sports")) {
            Wait.until(WAIT, "both streams open", () -> c.get(0).hub().gauges().connectionCount() == 1 && c.get(1).hub().gauges().connectionCount() == 1);

            JsonArray all = connections(adminOnA, "");
            assertEquals(2, all.size(), all.toString());
            JsonObject remote = only(connections(adminOnA, "?node=node-b"));
            assertEquals("node-b", remote.get("node").getAsString());
            assertEquals("viewer", remote.get("user").getAsString());
            assertEquals("[\"sports\"]", remote.get("channels").toString());
            assertEquals("node-a", only(connections(adminOnA, "?channel=news")).get("node").getAsString());
            String remoteId = remote.get("id").getAsString();

            String page = adminOnA.get("/admin/connections").body();
            assertTrue(page.contains("data-node=\"node-b\""), "a row and a summary line for node B");
            assertTrue(page.contains("node-a (this node)"), "the summary names the node serving the page");
            assertTrue(page.contains("/admin/connections/kick?node=node-b&id=" + remoteId + "\""), "B's kick link names its node");

            // Kick B's stream from A's admin API.
            assertEquals(404, adminOnA.api("DELETE", "/api/connections/" + remoteId + "?node=node-z", null, adminOnA.csrf()).statusCode(),
                    "no such node");
            assertEquals(204, adminOnA.api("DELETE", "/api/connections/" + remoteId + "?node=node-b", null, adminOnA.csrf()).statusCode());
            SseParser.Event close = onB.next(WAIT);
            assertEquals("close", close.type());
            assertEquals("{\"reason\":\"kicked\"}", close.data());
            assertEquals(404, adminOnA.api("DELETE", "/api/connections/" + remoteId + "?node=node-b", null, adminOnA.csrf()).statusCode(),
                    "kicked already");
            assertEquals(1, c.get(1).hub().gauges().traffic().closedCount(io.herald.hub.CloseReason.KICKED));
            assertEquals(0, c.get(0).hub().gauges().traffic().closedCount(io.herald.hub.CloseReason.KICKED), "A's own stream untouched");
        }
        try (SseSubscription onB = stream(c.get(1), VIEWER, "channel=sports")) {
            Wait.until(WAIT, "the stream on B", () -> c.get(1).hub().gauges().connectionCount() == 1);
            String id = only(connections(adminOnA, "?node=node-b")).get("id").getAsString();
            assertEquals(404, adminOnA.api("POST", "/api/bans", "{\"connection\":" + id + ",\"node\":\"node-z\",\"scope\":\"user\","
                    + "\"reason\":\"x\"}", adminOnA.csrf()).statusCode(), "no such node: nothing banned");
            String confirm = adminOnA.get("/admin/connections/ban?node=node-b&id=" + id).body();
            assertTrue(confirm.contains("node-b") && confirm.contains("viewer"), "the confirmation shows B's connection");
            HttpResponse<String> banned = adminOnA.post("/admin/connections/ban",
                    Map.of("node", "node-b", "id", id, "scope", "user", "reason", "cluster test"));
            assertEquals(302, banned.statusCode());
            assertEquals("{\"reason\":\"banned\"}", onB.next(WAIT).data(), "banned from A, closed on B");
        }
        try (SseSubscription again = stream(c.get(1), VIEWER, "channel=sports")) {
            assertEquals(204, again.status(), "B refuses the banned user");
        }
    }

    @Test
    void presenceSpansTheNodesOneJoinPerUserWhateverNodeItsTabsAreOn() throws Exception {
        List<HeraldServer> c = cluster("presence", 2);
        AdminSession adminOnA = AdminSession.admin(c.get(0));
        assertEquals(302, adminOnA.post("/admin/access/rules",
                Map.of("pattern", "room", "access", "public", "role", "", "presence", "on")).statusCode());
        HeraldServer a = c.get(0);
        HeraldServer b = c.get(1);
        Wait.until(WAIT, "the rule on B", () -> b.get("/api/channels/room/presence").statusCode() == 200);
        try (SseSubscription watcherOnB = stream(b, null, "channel=room")) {
            assertEquals(200, watcherOnB.status());
            SseSubscription tabOnA = stream(a, VIEWER, "channel=room");
            SseParser.Event join = watcherOnB.next(WAIT);
            assertEquals("join", join.type(), "a join on A reaches a stream on B");
            assertEquals("{\"user\":\"viewer\"}", join.data());
            SseSubscription tabOnB = stream(b, VIEWER, "channel=room");
            try (SseSubscription publisherOnA = stream(a, PUBLISHER, "channel=room")) {
                assertEquals("{\"user\":\"publisher\"}", watcherOnB.next(WAIT).data(), "no second join for viewer's tab on B");
                Wait.until(WAIT, "both users listed on either node", () -> users(a).equals("[\"publisher\",\"viewer\"]")
                        && users(b).equals("[\"publisher\",\"viewer\"]"));
            }
            SseParser.Event left = watcherOnB.next(WAIT);
            assertEquals("leave", left.type());
            assertEquals("{\"user\":\"publisher\"}", left.data());

            tabOnA.close();
            Wait.until(WAIT, "A to record that viewer left A", () -> presenceRows("presence", "node-a") == 0);
            long marker = a.publish("room", null, "marker");
            assertEquals(Long.toString(marker), watcherOnB.next(WAIT).lastEventId(), "no leave while viewer has a tab on B");
            assertEquals("[\"viewer\"]", users(a));
            tabOnB.close();
            SseParser.Event leave = watcherOnB.next(WAIT);
            assertEquals("leave", leave.type());
            assertEquals("{\"user\":\"viewer\"}", leave.data());
            Wait.until(WAIT, "nobody listed", () -> users(a).equals("[]"));
        }
    }

    @Test
    void aNodeThatStopsAnsweringIsReportedAndItsUsersLeaveAfterTheTimeout() throws Exception {
        List<HeraldServer> c = cluster("ghost", 1);
        AdminSession admin = AdminSession.admin(c.get(0));
        assertEquals(302, admin.post("/admin/access/rules",
                Map.of("pattern", "room", "access", "public", "role", "", "presence", "on")).statusCode());
        try (SseSubscription watcher = stream(c.get(0), null, "channel=room")) {
            assertEquals(200, watcher.status());
            // A node that registered, had a user present, and then died (no process answers for it).
            sql("ghost", "INSERT INTO herald_node (node_id, started_at, seen_at) VALUES ('node-ghost', now(), now() + interval '2 seconds')",
                    "INSERT INTO herald_presence (node_id, channel, user_name) VALUES ('node-ghost', 'room', 'carol')",
                    "NOTIFY herald_presence, 'room'");
            assertEquals("{\"user\":\"carol\"}", watcher.next(WAIT).data(), "the other node's user joined");
            HttpResponse<String> list = admin.api("GET", "/api/connections", null, null);
            assertEquals(200, list.statusCode());
            assertEquals("node-ghost", list.headers().firstValue("Herald-Silent-Nodes").orElse(null));
            assertEquals(1, JsonParser.parseString(list.body()).getAsJsonArray().size(), "this node's own stream is listed");
            String page = admin.get("/admin/connections").body();
            assertTrue(page.contains("did not answer"), "the console says which node did not answer");

            SseParser.Event leave = watcher.next(WAIT);
            assertEquals("leave", leave.type(), "the dead node's user leaves after the node timeout");
            assertEquals("{\"user\":\"carol\"}", leave.data());
            assertEquals(0, presenceRows("ghost", "node-ghost"), "its rows are removed");
            assertFalse(admin.api("GET", "/api/connections", null, null).headers().firstValue("Herald-Silent-Nodes").isPresent());
        }
    }

    private static String users(HeraldServer node) {
        JsonElement users = JsonParser.parseString(node.get("/api/channels/room/presence").body()).getAsJsonObject().get("users");
        return users.toString();
    }

    private static void sql(String database, String... statements) throws Exception {
        try (Connection conn = pg.dataSource(database).getConnection(); Statement st = conn.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static int presenceRows(String database, String node) {
        DataSource ds = pg.dataSource(database);
        try (Connection conn = ds.getConnection(); Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM herald_presence WHERE node_id = '" + node + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
