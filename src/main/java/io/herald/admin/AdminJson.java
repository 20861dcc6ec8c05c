package io.herald.admin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.herald.hub.Subscriber;
import io.herald.store.Ban;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON of the admin API: connections, bans, errors {@code {"error","detail"}}. */
final class AdminJson {

    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private AdminJson() {
    }

    static JsonObject error(String error, String detail) {
        JsonObject o = new JsonObject();
        o.addProperty("error", error);
        o.addProperty("detail", detail);
        return o;
    }

    static JsonObject connection(Subscriber s) {
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id());
        o.add("channels", GSON.toJsonTree(new ArrayList<>(s.channels())));
        o.addProperty("remoteAddress", s.info().remoteAddress());
        o.addProperty("user", s.info().user());
        o.addProperty("userAgent", s.info().userAgent());
        o.addProperty("connectedSince", s.info().since().toString());
        o.addProperty("lastEventId", s.lastSentId());
        o.addProperty("framesSent", s.framesSent());
        o.addProperty("queueDepth", s.queueDepth());
        return o;
    }

    static JsonObject ban(Ban b) {
        JsonObject o = new JsonObject();
        o.addProperty("id", b.id());
        o.addProperty("user", b.user());
        o.addProperty("address", b.address());
        o.addProperty("reason", b.reason());
        o.addProperty("createdBy", b.createdBy());
        o.addProperty("createdAt", b.createdAt().toString());
        return o;
    }

    static List<JsonObject> connections(List<Subscriber> subscribers) {
        List<JsonObject> list = new ArrayList<>(subscribers.size());
        for (Subscriber s : subscribers) {
            list.add(connection(s));
        }
        return list;
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void sendError(HttpServletResponse resp, int status, String error, String detail) throws IOException {
        send(resp, status, error(error, detail));
    }
}
