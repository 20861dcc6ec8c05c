package io.herald.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.testing.ServletServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter in front of the console and its API, on a real Jetty with real sessions: security
 * headers on every answer, the session's CSRF token handed out, and every change without that
 * token refused with {@code 403} before any controller runs (as text for pages, as JSON for the API).
 */
class AdminFilterTest {

    private static final AtomicInteger CONTROLLER_RUNS = new AtomicInteger();
    private static ServletServer server;
    private HttpClient browser;

    /** A controller that counts its runs and answers the node the filter named. */
    static final class Controller extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            CONTROLLER_RUNS.incrementAndGet();
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("node " + req.getAttribute("heraldNode"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = ServletServer.start(context -> {
            context.addFilter(new FilterHolder(new AdminFilter("node-a", req -> { })), "/*", EnumSet.of(DispatcherType.REQUEST));
            ServletHolder controller = new ServletHolder(new Controller());
            context.getServletHandler().addServletWithMapping(controller, "/admin/*");
            context.getServletHandler().addServletWithMapping(controller, "/api/bans");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        CONTROLLER_RUNS.set(0);
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a page, as the console does before any form; returns the session's token. */
    private String tokenOfSession(HttpClient client) throws Exception {
        HttpResponse<String> page = send(client, HttpRequest.newBuilder(server.uri("/admin/")));
        assertEquals(200, page.statusCode());
        return page.headers().firstValue("X-CSRF-Token").orElseThrow();
    }

    private HttpResponse<String> postForm(HttpClient client, String path, String form) throws Exception {
        return send(client, HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> postJson(HttpClient client, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/bans")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"mallory\",\"reason\":\"x\"}"));
        if (token != null) {
            request.header("X-CSRF-Token", token);
        }
        return send(client, request);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersTheSessionsTokenAndTheNode() throws Exception {
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(server.uri("/admin/connections")));
        assertEquals(200, page.statusCode());
        assertEquals("node node-a", page.body());
        assertEquals(Optional.of(AdminFilter.CONTENT_SECURITY_POLICY), page.headers().firstValue("Content-Security-Policy"));
        assertTrue(AdminFilter.CONTENT_SECURITY_POLICY.contains("script-src 'self';"), "no inline script");
        assertTrue(AdminFilter.CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
        assertEquals(Optional.of("nosniff"), page.headers().firstValue("X-Content-Type-Options"));
        assertEquals(Optional.of("DENY"), page.headers().firstValue("X-Frame-Options"));
        assertEquals(Optional.of("same-origin"), page.headers().firstValue("Referrer-Policy"));
        assertEquals(Optional.of("no-store"), page.headers().firstValue("Cache-Control"));
        String token = page.headers().firstValue("X-CSRF-Token").orElseThrow();
        assertTrue(token.length() >= 40, token);
        assertEquals(token, tokenOfSession(browser), "one token per session");
    }

    @Test
    void aFormWithoutTheTokenIsRefusedAsTextBeforeTheControllerRuns() throws Exception {
        tokenOfSession(browser);
        CONTROLLER_RUNS.set(0);
        HttpResponse<String> r = postForm(browser, "/admin/broadcast", "channel=news&data=hi");
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(r.body().startsWith("403 Forbidden: missing or wrong CSRF token"), r.body());
        assertTrue(r.body().contains("Reload the page and try again."), r.body());
        assertEquals(Optional.of("DENY"), r.headers().firstValue("X-Frame-Options"), "a refusal has the headers too");
        assertEquals(0, CONTROLLER_RUNS.get());
    }

    @Test
    void anApiCallWithoutTheTokenIsRefusedAsJson() throws Exception {
        tokenOfSession(browser);
        CONTROLLER_RUNS.set(0);
        HttpResponse<String> r = postJson(browser, null);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("\"error\":\"forbidden\""), r.body());
        assertTrue(r.body().contains("X-CSRF-Token"), "says where the token goes: " + r.body());
        assertEquals(0, CONTROLLER_RUNS.get());
    }

    @Test
    void anotherSessionsTokenOrNoSessionAtAllIsRefused() throws Exception {
        String mine = tokenOfSession(browser);
        HttpClient attacker = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager()).build();
        tokenOfSession(attacker);
        CONTROLLER_RUNS.set(0);
        assertEquals(403, postJson(attacker, mine).statusCode(), "a token belongs to its session");
        HttpClient noCookies = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(403, postJson(noCookies, mine).statusCode());
        assertEquals(403, postForm(browser, "/admin/broadcast", "_csrf=" + mine.substring(1) + "&data=hi").statusCode());
        assertEquals(0, CONTROLLER_RUNS.get());
    }

    @Test
    void theSessionsTokenInTheHeaderOrInTheFormLetsTheChangeThrough() throws Exception {
        String token = tokenOfSession(browser);
        CONTROLLER_RUNS.set(0);
        assertEquals(200, postJson(browser, token).statusCode());
        HttpResponse<String> form = postForm(browser, "/admin/broadcast",
                "channel=news&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&data=hi");
        assertEquals(200, form.statusCode(), form.body());
        assertEquals(2, CONTROLLER_RUNS.get());
    }
}
