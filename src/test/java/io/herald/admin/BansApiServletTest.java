package io.herald.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.access.BanList;
import io.herald.cluster.LocalNodes;
import io.herald.hub.Subscriber;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcBanStore;
import io.herald.testing.RunningHub;
import io.herald.testing.ServletServer;
import io.herald.testing.Wait;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API for bans on a real Jetty behind a login, over a real hub and bans in H2: a ban by
 * user, by address or by one open connection closes what it covers and says who banned; every
 * refusal names what is wrong and stores nothing; a lifted ban is gone.
 */
class BansApiServletTest {

    private RunningHub hub;
    private ServletServer server;

    @BeforeEach
    void start() throws Exception {
        hub = new RunningHub();
        BanList bans = new BanList(new JdbcBanStore(InMemoryDatabase.fresh("bans-api")), hub.hub());
        BansApiServlet servlet = new BansApiServlet(new LocalNodes(hub.hub(), "node-a"), bans);
        server = ServletServer.startBehindLogin("herald-admin",
                context -> context.addServlet(new ServletHolder(servlet), "/api/bans/*"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        hub.close();
    }

    private HttpResponse<String> call(String method, String path, String json) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", ServletServer.authorization())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> ban(String json) {
        return call("POST", "/api/bans", json);
    }

    private static JsonObject object(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private JsonArray list() {
        HttpResponse<String> r = call("GET", "/api/bans", null);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonArray();
    }

    private void assertClosedAsBanned(Subscriber s) {
        Wait.until(Duration.ofSeconds(5), () -> "stream " + s.id() + " closed: " + hub.received(s),
                () -> hub.received(s).contains("event: close\ndata: {\"reason\":\"banned\"}\n\n"));
        assertTrue(hub.hub().find(s.id()).isEmpty());
    }

    @Test
    void banningAUserClosesTheirStreamsOnlyAndRecordsWhoBanned() {
        Subscriber alice = hub.stream("alice", "10.0.0.1", "news");
        Subscriber bob = hub.stream("bob", "10.0.0.2", "news");
        HttpResponse<String> r = ban("{\"user\":\" alice \",\"reason\":\"spam\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonObject created = object(r);
        assertEquals("alice", created.get("user").getAsString(), "trimmed");
        assertTrue(created.get("address").isJsonNull());
        assertEquals("spam", created.get("reason").getAsString());
        assertEquals(ServletServer.USER, created.get("createdBy").getAsString());
        assertEquals(1, created.get("connectionsClosed").getAsInt());
        assertEquals("/api/bans/" + created.get("id").getAsLong(), r.headers().firstValue("Location").orElse(""));
        assertClosedAsBanned(alice);
        assertTrue(hub.hub().find(bob.id()).isPresent(), "bob is not banned");
        assertEquals(created.get("id"), list().get(0).getAsJsonObject().get("id"));
    }

    @Test
    void anOpenConnectionIsBannedByItsAddressOrByItsUser() {
        Subscriber dave = hub.stream("dave", "10.0.0.9", "news");
        Subscriber carol = hub.stream("carol", "10.0.0.7", "news");
        HttpResponse<String> byAddress = ban("{\"connection\":" + dave.id() + ",\"scope\":\"address\",\"reason\":\"scraper\"}");
        assertEquals(201, byAddress.statusCode(), byAddress.body());
        assertEquals("10.0.0.9", object(byAddress).get("address").getAsString());
        assertTrue(object(byAddress).get("user").isJsonNull(), "the address only, not dave wherever he is");
        assertClosedAsBanned(dave);
        HttpResponse<String> byUser = ban("{\"connection\":\"" + carol.id() + "\",\"node\":\"node-a\",\"scope\":\"user\",\"reason\":\"abuse\"}");
        assertEquals(201, byUser.statusCode(), byUser.body());
        assertEquals("carol", object(byUser).get("user").getAsString());
        assertClosedAsBanned(carol);
        assertEquals(2, list().size());
    }

    @Test
    void aConnectionBanThatCannotBeMadeSaysWhyAndStoresNothing() {
        Subscriber anonymous = hub.stream(null, "10.0.0.9", "news");
        HttpResponse<String> noUser = ban("{\"connection\":" + anonymous.id() + ",\"scope\":\"user\",\"reason\":\"x\"}");
        assertEquals(400, noUser.statusCode());
        assertEquals("connection " + anonymous.id() + " has no authenticated user; ban its address", object(noUser).get("detail").getAsString());
        HttpResponse<String> noScope = ban("{\"connection\":" + anonymous.id() + ",\"scope\":\"everyone\",\"reason\":\"x\"}");
        assertEquals(400, noScope.statusCode());
        assertEquals("scope must be \"user\" or \"address\"", object(noScope).get("detail").getAsString());
        HttpResponse<String> closed = ban("{\"connection\":999999,\"scope\":\"address\",\"reason\":\"x\"}");
        assertEquals(404, closed.statusCode());
        assertEquals("no open connection 999999 on node node-a", object(closed).get("detail").getAsString());
        HttpResponse<String> otherNode = ban("{\"connection\":" + anonymous.id() + ",\"node\":\"node-b\",\"scope\":\"address\",\"reason\":\"x\"}");
        assertEquals(404, otherNode.statusCode());
        assertEquals("not found", object(otherNode).get("error").getAsString());
        assertTrue(object(otherNode).get("detail").getAsString().contains("there is no node node-b"), otherNode.body());
        assertEquals(0, list().size());
        assertTrue(hub.hub().find(anonymous.id()).isPresent());
    }

    @Test
    void aBadBanIsRefusedWithItsProblemAndStoresNothing() {
        HttpResponse<String> both = ban("{\"user\":\"mallory\",\"address\":\"10.1.2.3\",\"reason\":\"x\"}");
        assertEquals(400, both.statusCode());
        assertEquals("bad request", object(both).get("error").getAsString());
        assertEquals("Name either a user or an address to ban, not both or neither.", object(both).get("detail").getAsString());
        assertEquals("A ban needs a reason of at most 1,000 characters.",
                object(ban("{\"user\":\"mallory\",\"reason\":\"  \"}")).get("detail").getAsString(), "a blank reason is none");
        for (String notAnObject : new String[] {"[]", "\"mallory\"", "{\"user\":", ""}) {
            HttpResponse<String> r = ban(notAnObject);
            assertEquals(400, r.statusCode(), notAnObject);
            assertEquals("the body must be a JSON object: {\"user\" or \"address\", \"reason\"}", object(r).get("detail").getAsString());
        }
        HttpResponse<String> tooLarge = ban("{\"user\":\"mallory\",\"reason\":\"" + "r".repeat(8200) + "\"}");
        assertEquals(413, tooLarge.statusCode());
        assertEquals("payload too large", object(tooLarge).get("error").getAsString());
        assertEquals(0, list().size());
    }

    @Test
    void aLiftedBanIsGoneAndCannotBeLiftedTwice() {
        long id = object(ban("{\"address\":\"10.1.2.3\",\"reason\":\"x\"}")).get("id").getAsLong();
        assertEquals(204, call("DELETE", "/api/bans/" + id, null).statusCode());
        assertEquals(0, list().size());
        HttpResponse<String> again = call("DELETE", "/api/bans/" + id, null);
        assertEquals(404, again.statusCode());
        assertEquals("no ban " + id, object(again).get("detail").getAsString());
        for (String bad : new String[] {"/api/bans", "/api/bans/", "/api/bans/abc", "/api/bans/-1"}) {
            HttpResponse<String> r = call("DELETE", bad, null);
            assertEquals(400, r.statusCode(), bad);
            assertEquals("DELETE /api/bans/{id} needs a ban id", object(r).get("detail").getAsString());
        }
    }
}
