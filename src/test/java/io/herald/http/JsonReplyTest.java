package io.herald.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.herald.testing.ServletServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON replies as a client reads them from a real Jetty on a free port: status, UTF-8 JSON never
 * cached with its exact length, the error body {@code {"error","detail"}}, and 405 with
 * {@code Allow} (HEAD wherever GET is) for a method an API servlet does not serve.
 */
class JsonReplyTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static ServletServer server;

    /** GET answers a body with a null and HTML-special characters; {@code ?fail} answers an error. */
    static final class Reading extends ApiServlet {
        Reading() {
            super("GET");
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getParameter("fail") != null) {
                JsonReply.sendError(resp, ApiError.badRequest("channel must not be empty"));
                return;
            }
            JsonObject body = new JsonObject();
            body.addProperty("nothing", (String) null);
            body.addProperty("text", "<b>café & co</b>");
            JsonReply.send(resp, 201, body);
        }
    }

    /** Serves POST only. */
    static final class Writing extends ApiServlet {
        Writing() {
            super("POST");
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            JsonReply.sendError(resp, 409, "conflict", "there is one already");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = ServletServer.start(context -> {
            context.addServlet(new ServletHolder(new Reading()), "/read");
            context.addServlet(new ServletHolder(new Writing()), "/write");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aReplyIsUtf8JsonWithItsStatusNeverCachedWithNullsKeptAndNoHtmlEscaping() throws Exception {
        HttpResponse<String> r = call("GET", "/read");

        assertEquals(201, r.statusCode());
        assertEquals("{\"nothing\":null,\"text\":\"<b>café & co</b>\"}", r.body());
        String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        assertTrue(type.startsWith("application/json") && type.contains("charset=utf-8"), type);
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(r.body().getBytes(StandardCharsets.UTF_8).length,
                r.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Test
    void anApiErrorIsItsStatusWithErrorAndDetail() throws Exception {
        HttpResponse<String> r = call("GET", "/read?fail");

        assertEquals(400, r.statusCode());
        assertEquals("{\"error\":\"bad request\",\"detail\":\"channel must not be empty\"}", r.body());
    }

    @Test
    void anErrorGivenByItsPartsHasTheSameBody() throws Exception {
        HttpResponse<String> r = call("POST", "/write");

        assertEquals(409, r.statusCode());
        assertEquals("{\"error\":\"conflict\",\"detail\":\"there is one already\"}", r.body());
    }

    @Test
    void aMethodNotServedIs405WithAllowIncludingHeadWhereGetIsServed() throws Exception {
        HttpResponse<String> r = call("DELETE", "/read");

        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(null));
        assertEquals("{\"error\":\"method not allowed\",\"detail\":\"DELETE is not supported here; use GET, HEAD\"}",
                r.body());
    }

    @Test
    void headIsServedWhereGetIsWithTheSameStatusAndNoBody() throws Exception {
        HttpResponse<String> r = call("HEAD", "/read");

        assertEquals(201, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void aServletWithoutGetDoesNotOfferHead() throws Exception {
        HttpResponse<String> r = call("GET", "/write");

        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(null));
    }
}
