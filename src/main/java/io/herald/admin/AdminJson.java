package io.herald.admin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.herald.store.Ban;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON of the admin API: bans, errors {@code {"error","detail"}}. */
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
