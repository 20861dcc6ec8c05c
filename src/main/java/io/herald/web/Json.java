package io.herald.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.herald.store.StoredMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON responses of the REST API. */
final class Json {

    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    /** {@code {"id":7,"channel":"orders","event":"created","data":"...","createdAt":"2026-11-21T13:00:00Z"}} */
    static JsonObject message(StoredMessage m) {
        JsonObject o = new JsonObject();
        o.addProperty("id", m.id());
        o.addProperty("channel", m.channel());
        o.addProperty("event", m.event());
        o.addProperty("data", m.data());
        o.addProperty("createdAt", m.createdAt().toString());
        return o;
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /**
     * Answers {@code 405} with an {@code Allow} header and a JSON error unless the request's method
     * is one of {@code allowed}, or {@code HEAD} where {@code GET} is (load balancers and monitors
     * probe with it); true when it did.
     */
    static boolean refusedMethod(HttpServletRequest req, HttpServletResponse resp, String... allowed)
            throws IOException {
        String method = req.getMethod();
        List<String> methods = new ArrayList<>(List.of(allowed));
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add(methods.indexOf("GET") + 1, "HEAD");
        }
        if (methods.contains(method)) {
            return false;
        }
        String allow = String.join(", ", methods);
        resp.setHeader("Allow", allow);
        sendError(resp, new ApiError(405, "method not allowed", method + " is not supported here; use " + allow));
        return true;
    }

    static void sendError(HttpServletResponse resp, ApiError e) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("error", e.error());
        o.addProperty("detail", e.detail());
        send(resp, e.status(), o);
    }
}
