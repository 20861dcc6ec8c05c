package io.herald.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.access.AuditTrail;
import io.herald.cluster.LocalNodes;
import io.herald.hub.CloseReason;
import io.herald.hub.Subscriber;
import io.herald.store.AuditQuery;
import io.herald.testing.RecordingAuditStore;
import io.herald.testing.RunningHub;
import io.herald.testing.ServletServer;
import io.herald.testing.Wait;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API for open connections on a real Jetty, over a real hub on one node: the list as
 * JSON and its filters, one connection, and a kick that ends the stream with {@code kicked};
 * what is not open, or on a node that does not exist, is {@code 404}.
 */
class ConnectionsApiServletTest {

    private final RecordingAuditStore audit = new RecordingAuditStore();
    private RunningHub hub;
    private ServletServer server;
    private Subscriber alice;
    private Subscriber bob;
    private Subscriber anonymous;

    @BeforeEach
    void start() throws Exception {
        hub = new RunningHub();
        ConnectionsApiServlet servlet = new ConnectionsApiServlet(new LocalNodes(hub.hub(), "node-a"),
                new AuditTrail(audit, Duration.ofDays(1)));
        server = ServletServer.start(context -> context.addServlet(new ServletHolder(servlet), "/api/connections/*"));
        alice = hub.stream("alice", "10.0.0.1", "news");
        bob = hub.stream("bob", "10.0.0.2", "news", "sport");
        anonymous = hub.stream(null, "192.168.7.3", "sport");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        hub.close();
    }

    private HttpResponse<String> call(String method, String pathAndQuery) {
        return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private List<Long> ids(String query) {
        HttpResponse<String> r = call("GET", "/api/connections" + query);
        assertEquals(200, r.statusCode(), r.body());
        List<Long> ids = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(r.body()).getAsJsonArray()) {
            ids.add(e.getAsJsonObject().get("id").getAsLong());
        }
        return ids;
    }

    private static String detail(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject().get("detail").getAsString();
    }

    @Test
    void theListShowsEveryOpenConnectionOfThisNodeByIdWithWhoAndWhat() {
        HttpResponse<String> r = call("GET", "/api/connections");
        assertEquals(200, r.statusCode());
        assertEquals(Optional.empty(), r.headers().firstValue(ConnectionsApiServlet.SILENT_HEADER), "one node: never silent");
        JsonArray all = JsonParser.parseString(r.body()).getAsJsonArray();
        assertEquals(3, all.size());
        JsonObject first = all.get(0).getAsJsonObject();
        assertEquals(alice.id(), first.get("id").getAsLong());
        assertEquals("node-a", first.get("node").getAsString());
        assertEquals("alice", first.get("user").getAsString());
        assertEquals("10.0.0.1", first.get("remoteAddress").getAsString());
        assertEquals("[\"news\"]", first.get("channels").toString());
        assertEquals("test-agent", first.get("userAgent").getAsString());
        assertTrue(all.get(2).getAsJsonObject().get("user").isJsonNull(), "an anonymous stream has no user");
    }

    @Test
    void theListIsFilteredByChannelAddressUserAndNodeIgnoringCase() {
        assertEquals(List.of(bob.id(), anonymous.id()), ids("?channel=SPO"));
        assertEquals(List.of(anonymous.id()), ids("?address=192.168."));
        assertEquals(List.of(bob.id()), ids("?user=Bo"));
        assertEquals(List.of(alice.id()), ids("?user=alice&channel=news"));
        assertEquals(List.of(alice.id(), bob.id(), anonymous.id()), ids("?node=NODE-A&user="), "a blank filter is none");
        assertEquals(List.of(), ids("?node=node-b"));
    }

    @Test
    void oneConnectionIsShownByItsIdAndWhatIsNotOpenIsNotFound() {
        HttpResponse<String> r = call("GET", "/api/connections/" + bob.id());
        assertEquals(200, r.statusCode());
        JsonObject bobs = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals("bob", bobs.get("user").getAsString());
        Set<String> channels = new HashSet<>();
        bobs.getAsJsonArray("channels").forEach(c -> channels.add(c.getAsString()));
        assertEquals(Set.of("news", "sport"), channels);
        HttpResponse<String> missing = call("GET", "/api/connections/999999");
        assertEquals(404, missing.statusCode());
        assertEquals("no open connection 999999 on node node-a", detail(missing));
        assertEquals(404, call("GET", "/api/connections/abc").statusCode());
        HttpResponse<String> otherNode = call("GET", "/api/connections/" + bob.id() + "?node=node-b");
        assertEquals(404, otherNode.statusCode());
        assertEquals("there is no node node-b (this Herald runs one node, node-a)", detail(otherNode));
    }

    @Test
    void aKickEndsTheStreamWithReasonKickedAndOnlyThatOne() {
        assertEquals(204, call("DELETE", "/api/connections/" + alice.id()).statusCode());
        Wait.until(Duration.ofSeconds(5), () -> "alice told she was kicked: " + hub.received(alice),
                () -> hub.received(alice).contains("event: close\ndata: {\"reason\":\"kicked\"}\n\n"));
        assertEquals(1, hub.hub().gauges().traffic().closedCount(CloseReason.KICKED));
        assertEquals(List.of(bob.id(), anonymous.id()), ids(""));
        HttpResponse<String> again = call("DELETE", "/api/connections/" + alice.id());
        assertEquals(404, again.statusCode());
        assertEquals("no open connection " + alice.id() + " on node node-a", detail(again));
        assertEquals(List.of("kick connection " + alice.id() + " on node node-a"), audit.find(
                AuditQuery.ALL, 0, 10).stream().map(e -> e.action() + " " + e.target()).toList(),
                "the kick recorded once, the 404 not");
    }

    @Test
    void aKickNeedsAnIdOfAnOpenConnectionOnAnExistingNode() {
        for (String bad : new String[] {"/api/connections", "/api/connections/", "/api/connections/x1", "/api/connections/0"}) {
            HttpResponse<String> r = call("DELETE", bad);
            assertEquals(400, r.statusCode(), bad);
            assertEquals("DELETE /api/connections/{id}[?node=NODE] needs a connection id", detail(r));
        }
        HttpResponse<String> otherNode = call("DELETE", "/api/connections/" + bob.id() + "?node=node-b");
        assertEquals(404, otherNode.statusCode());
        assertEquals(List.of(alice.id(), bob.id(), anonymous.id()), ids(""), "nothing was kicked");
    }
}
