package io.herald.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A browser-like HTTP client for the admin console: keeps its cookies, follows redirects only
 * when asked, signs in through the container's FORM login and remembers the CSRF token that
 * every admin response carries in {@code X-CSRF-Token}.
 */
public final class AdminSession {

    private final String base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private String csrf;

    public AdminSession(HeraldServer herald) {
        this(herald.uri("").toString());
    }

    /** {@code base}: scheme, host, port and context path, e.g. {@code http://127.0.0.1:8080/herald}. */
    public AdminSession(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The session cookie ({@code JSESSIONID=...}) as a {@code Cookie} header value, for another client. */
    public String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(c -> c.getName() + "=" + c.getValue()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no session cookie: " + cookies.getCookieStore().getCookies()));
    }

    /** Signs in as an admin and checks it worked (the dashboard answers 200). */
    public static AdminSession admin(HeraldServer herald) {
        return admin(new AdminSession(herald));
    }

    public static AdminSession admin(AdminSession session) {
        HttpResponse<String> dashboard = session.login(HeraldServer.ADMIN, HeraldServer.PASSWORD);
        assertEquals(200, dashboard.statusCode(), dashboard.body());
        return session;
    }

    /** The FORM login a browser does: ask for a protected page, post the form, follow the redirect. */
    public HttpResponse<String> login(String user, String password) {
        HttpResponse<String> loginPage = get("/admin/");
        assertEquals(200, loginPage.statusCode());
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("j_username", user, "j_password", password)))));
        return followRedirect(posted);
    }

    public HttpResponse<String> followRedirect(HttpResponse<String> response) {
        int hops = 0;
        while (response.statusCode() / 100 == 3 && hops++ < 5) {
            String location = response.headers().firstValue("Location").orElseThrow();
            response = send(HttpRequest.newBuilder(response.uri().resolve(location)).GET());
        }
        return response;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A form post carrying this session's CSRF token. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf());
        return postWithoutToken(path, all);
    }

    public HttpResponse<String> postWithoutToken(String path, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    /** An admin API call with the token in its header ({@code token} null: none). */
    public HttpResponse<String> api(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("X-CSRF-Token", token);
        }
        return send(request);
    }

    /** A request with this session's cookie and {@code headers} (name, value, name, value…). */
    public HttpResponse<String> request(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** The session's token, read from an admin response (fetches the dashboard if none was seen yet). */
    public String csrf() {
        if (csrf == null) {
            get("/admin/");
        }
        return csrf;
    }

    /** A deadline, not a wait: a container's first JSP compiles while other tests load the same two cores. */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue("X-CSRF-Token").ifPresent(t -> csrf = t);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    URI uri(String path) {
        return URI.create(base + path);
    }
}
