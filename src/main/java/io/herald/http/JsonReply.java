package io.herald.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns how Herald answers in JSON: the one {@link Gson}, the reply (status, UTF-8 JSON, never
 * cached, its exact length), and the error body:
 * <pre>
 * HTTP/1.1 400 Bad Request
 * Content-Type: application/json;charset=UTF-8
 * Cache-Control: no-store
 *
 * {"error":"bad request","detail":"channel must not be empty"}</pre>
 */
public final class JsonReply {

    /** Nulls kept (a field that is null says so), {@code <}, {@code >} and {@code &} as they are. */
    public static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private JsonReply() {
    }

    public static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** {@code {"error": e.error(), "detail": e.detail()}} with {@code e.status()}. */
    public static void sendError(HttpServletResponse resp, ApiError e) throws IOException {
        send(resp, e.status(), errorBody(e.error(), e.detail()));
    }

    public static void sendError(HttpServletResponse resp, int status, String error, String detail) throws IOException {
        send(resp, status, errorBody(error, detail));
    }

    public static JsonObject errorBody(String error, String detail) {
        JsonObject o = new JsonObject();
        o.addProperty("error", error);
        o.addProperty("detail", detail);
        return o;
    }

    /**
     * Answers {@code 405} with an {@code Allow} header and a JSON error unless the request's method
     * is one of {@code allowed}, or {@code HEAD} where {@code GET} is (load balancers and monitors
     * probe with it); true when it did.
     */
    public static boolean refusedMethod(HttpServletRequest req, HttpServletResponse resp, String... allowed)
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
}
