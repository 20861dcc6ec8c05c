package io.herald.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.testing.ServletServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CORS as a browser meets it, in front of a servlet on a real Jetty: a listed origin may read the
 * answer with credentials, any other origin gets no CORS header at all, every answer varies by
 * {@code Origin}, and a preflight is answered by the filter without reaching the servlet.
 */
class CorsFilterTest {

    private static final String LISTED = "https://intranet.example";
    private static final String OTHER = "https://evil.example";
    private static final AtomicInteger SERVED = new AtomicInteger();
    private static ServletServer server;

    /** Counts the requests that reach it and answers {@code ok}. */
    static final class Answering extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            SERVED.incrementAndGet();
            resp.setContentType("text/plain");
            resp.getWriter().write("ok");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = ServletServer.start(context -> {
            context.addFilter(new FilterHolder(new CorsFilter(Set.of(LISTED))), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new Answering()), "/*");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void resetCount() {
        SERVED.set(0);
    }

    private static HttpResponse<String> get(String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/events?channel=news")).GET();
        if (origin != null) {
            request.header("Origin", origin);
        }
        return server.send(request);
    }

    private static HttpResponse<String> preflight(String origin) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/messages"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type, Authorization"));
    }

    private static List<String> vary(HttpHeaders headers) {
        return headers.allValues("Vary");
    }

    @Test
    void aListedOriginMayReadTheAnswerWithCredentials() {
        HttpResponse<String> r = get(LISTED);
        assertEquals(200, r.statusCode());
        assertEquals("ok", r.body());
        assertEquals(Optional.of(LISTED), r.headers().firstValue("Access-Control-Allow-Origin"), "the origin itself, never *");
        assertEquals(Optional.of("true"), r.headers().firstValue("Access-Control-Allow-Credentials"));
        assertTrue(vary(r.headers()).contains("Origin"), "Vary: " + vary(r.headers()));
    }

    @Test
    void anotherOriginIsServedWithoutAnyCorsHeaderSoItsBrowserHidesTheAnswer() {
        HttpResponse<String> r = get(OTHER);
        assertEquals(200, r.statusCode());
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Credentials"));
        assertTrue(vary(r.headers()).contains("Origin"), "a cache must not hand a listed origin's answer to this one");
    }

    @Test
    void aRequestWithoutOriginStillVariesByOriginAndGetsNoCorsHeader() {
        HttpResponse<String> r = get(null);
        assertEquals(200, r.statusCode());
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(vary(r.headers()).contains("Origin"));
    }

    @Test
    void anOriginMustMatchExactlyNotByPrefixOrScheme() {
        for (String near : new String[] {"http://intranet.example", LISTED + ".evil.example", LISTED + ":8443", "null"}) {
            assertEquals(Optional.empty(), get(near).headers().firstValue("Access-Control-Allow-Origin"), near);
        }
    }

    @Test
    void aPreflightFromAListedOriginIsAnsweredHereWithTheMethodsAndHeadersAllowed() {
        HttpResponse<String> r = preflight(LISTED);
        assertEquals(204, r.statusCode());
        assertEquals(Optional.of(LISTED), r.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("true"), r.headers().firstValue("Access-Control-Allow-Credentials"));
        assertEquals(Optional.of("GET, POST, OPTIONS"), r.headers().firstValue("Access-Control-Allow-Methods"));
        String headers = r.headers().firstValue("Access-Control-Allow-Headers").orElse("");
        for (String needed : new String[] {"Content-Type", "Authorization", "Last-Event-ID"}) {
            assertTrue(headers.contains(needed), headers);
        }
        assertEquals(Optional.of("600"), r.headers().firstValue("Access-Control-Max-Age"));
        assertEquals(0, SERVED.get(), "a preflight never reaches the servlet");
    }

    @Test
    void aPreflightFromAnotherOriginAllowsNothingAndNeverReachesTheServlet() {
        HttpResponse<String> r = preflight(OTHER);
        assertEquals(204, r.statusCode());
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Methods"));
        assertEquals(0, SERVED.get());
    }

    @Test
    void anOptionsRequestThatIsNoPreflightGoesOnToTheServlet() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/messages"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", LISTED));
        assertEquals(200, r.statusCode());
        assertEquals(1, SERVED.get());
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Methods"));
    }
}
