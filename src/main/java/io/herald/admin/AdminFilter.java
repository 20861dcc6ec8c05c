package io.herald.admin;

import io.herald.http.Csrf;
import io.herald.http.JsonReply;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;

/**
 * In front of the admin pages and the admin API (after the container's login check): security
 * headers on every response, and the CSRF check on every request that changes something. A
 * request without its session's token gets {@code 403} before any controller runs. Pages get the
 * node's id as the request attribute {@code heraldNode} (the header shows it).
 */
public final class AdminFilter extends HttpFilter {

    /** Only the page's own scripts, styles and images; no inline script; never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** The session attribute that marks a console sign-in as recorded. */
    private static final String SIGNED_IN = AdminFilter.class.getName() + ".signedIn";

    private final String nodeId;
    private final transient Consumer<HttpServletRequest> signedIn;

    /** {@code signedIn} hears the first request of each signed-in console session (the audit trail records it). */
    public AdminFilter(String nodeId, Consumer<HttpServletRequest> signedIn) {
        this.nodeId = nodeId;
        this.signedIn = signedIn;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        securityHeaders(resp);
        req.setAttribute("heraldNode", nodeId);
        boolean byToken = req.getAttribute(AdminApiAccess.BY_TOKEN) != null;
        HttpSession session = byToken || req.getRemoteUser() == null ? null : req.getSession(false);
        if (session != null && session.getAttribute(SIGNED_IN) == null) {
            session.setAttribute(SIGNED_IN, Boolean.TRUE);
            signedIn.accept(req);
        }
        if (!byToken && !SAFE_METHODS.contains(req.getMethod()) && !Csrf.isValid(req)) {
            refuse(req, resp);
            return;
        }
        String token = Csrf.token(req);
        req.setAttribute("csrf", token);
        resp.setHeader(Csrf.HEADER, token);
        chain.doFilter(req, resp);
    }

    static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cache-Control", "no-store");
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String detail = "missing or wrong CSRF token: send the token of your session as form field "
                + Csrf.FIELD + " or header " + Csrf.HEADER;
        if (req.getServletPath().startsWith("/api/")) {
            JsonReply.sendError(resp, HttpServletResponse.SC_FORBIDDEN, "forbidden", detail);
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        byte[] body = ("403 Forbidden: " + detail + ". Reload the page and try again.\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
