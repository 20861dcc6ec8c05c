package io.herald.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * CORS for the stream and the public API. Only origins on the allow-list get CORS headers, with
 * credentials allowed (so {@code new EventSource(url, {withCredentials: true})} sends the session
 * cookie); every response says {@code Vary: Origin}; a preflight from a listed origin is answered
 * here with {@code 204}. Other origins get no CORS header, and their browsers keep the answer from them.
 */
public final class CorsFilter extends HttpFilter {

    static final String METHODS = "GET, POST, OPTIONS";
    static final String HEADERS = "Content-Type, Authorization, Last-Event-ID, X-Requested-With";

    private final Set<String> allowed;

    public CorsFilter(Set<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins);
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        resp.addHeader("Vary", "Origin");
        String origin = req.getHeader("Origin");
        boolean listed = origin != null && allowed.contains(origin);
        if (listed) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
        }
        if ("OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null) {
            if (listed) {
                resp.setHeader("Access-Control-Allow-Methods", METHODS);
                resp.setHeader("Access-Control-Allow-Headers", HEADERS);
                resp.setHeader("Access-Control-Max-Age", "600");
            }
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(req, resp);
    }
}
