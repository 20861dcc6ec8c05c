package io.herald.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.herald.hub.ConnectionInfo;
import io.herald.hub.Subscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One open stream as the admin console shows it, on this node or another. Its JSON is the admin
 * API's and what nodes send each other:
 * <pre>{"node":"web1-3f2a","id":17,"channels":["news"],"remoteAddress":"10.0.0.5","user":"alice",
 *  "userAgent":"Mozilla/5.0 …","connectedSince":"2026-12-01T09:00:00Z","lastEventId":42,
 *  "framesSent":12,"queueDepth":0}</pre>
 */
public record ConnectionView(String node, long id, List<String> channels, String remoteAddress, String user,
        String userAgent, Instant since, long lastEventId, long framesSent, int queueDepth) {

    /** The stream {@code s} of node {@code node}, as it is now. */
    public static ConnectionView of(String node, Subscriber s) {
        ConnectionInfo info = s.info();
        return new ConnectionView(node, s.id(), List.copyOf(s.channels()), info.remoteAddress(), info.user(),
                info.userAgent(), info.since(), s.lastSentId(), s.framesSent(), s.queueDepth());
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("node", node);
        o.addProperty("id", id);
        JsonArray list = new JsonArray();
        channels.forEach(list::add);
        o.add("channels", list);
        o.addProperty("remoteAddress", remoteAddress);
        o.addProperty("user", user);
        o.addProperty("userAgent", userAgent);
        o.addProperty("connectedSince", since.toString());
        o.addProperty("lastEventId", lastEventId);
        o.addProperty("framesSent", framesSent);
        o.addProperty("queueDepth", queueDepth);
        return o;
    }

    public static ConnectionView fromJson(JsonObject o) {
        List<String> channels = new ArrayList<>();
        o.getAsJsonArray("channels").forEach(c -> channels.add(c.getAsString()));
        return new ConnectionView(o.get("node").getAsString(), o.get("id").getAsLong(), channels,
                o.get("remoteAddress").getAsString(), text(o, "user"), text(o, "userAgent"),
                Instant.parse(o.get("connectedSince").getAsString()), o.get("lastEventId").getAsLong(),
                o.get("framesSent").getAsLong(), o.get("queueDepth").getAsInt());
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
