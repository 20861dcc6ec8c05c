package io.herald.admin;

import io.herald.access.AccessRules;
import io.herald.access.Credentials;
import io.herald.http.ApiError;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Viewer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * Who may call the admin API ({@code /api/connections}, {@code /api/bans}, {@code /api/audit}): an
 * administrator's console session (then {@link AdminFilter} wants the session's CSRF token for a
 * change), or a company token ({@code Authorization: Bearer <JWT>}) whose roles include
 * {@code herald-admin} (no CSRF token: a browser never adds that header by itself). Without either,
 * {@code 401} as JSON; a user or token without the role, or an API key, {@code 403}.
 */
public final class AdminApiAccess extends HttpFilter {

    /** The request attribute that holds the token's {@link Viewer} when a token authenticated the call. */
    public static final String BY_TOKEN = AdminApiAccess.class.getName() + ".token";

    private final transient AccessRules rules;
    private final transient Credentials credentials;

    public AdminApiAccess(AccessRules rules, Credentials credentials) {
        this.rules = rules;
        this.credentials = credentials;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        try {
            String header = req.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String credential = header.substring(7).trim();
                if (!credentials.isToken(credential)) {
                    throw new ApiError(403, "forbidden", "an API key publishes; the admin API takes an administrator's"
                            + " console session or company token");
                }
                Viewer viewer = RequestIdentity.bearer(req, resp, rules, credentials, credential);
                if (!viewer.isAdmin()) {
                    throw new ApiError(403, "forbidden", "the token of user " + viewer.user() + " lacks role " + Viewer.ADMIN_ROLE);
                }
                req.setAttribute(BY_TOKEN, viewer);
                chain.doFilter(new TokenUser(req, viewer), resp);
                return;
            }
            if (req.getRemoteUser() == null) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"" + RequestIdentity.REALM + "\"");
                throw new ApiError(401, "unauthorized", "the admin API needs an administrator's console session or a"
                        + " company token (Authorization: Bearer)");
            }
            if (!req.isUserInRole(Viewer.ADMIN_ROLE)) {
                throw new ApiError(403, "forbidden", "user " + req.getRemoteUser() + " lacks role " + Viewer.ADMIN_ROLE);
            }
        } catch (ApiError e) {
            AdminFilter.securityHeaders(resp);
            JsonReply.sendError(resp, e);
            return;
        }
        chain.doFilter(req, resp);
    }

    /** The request as the token's user: the controllers record who acted as they do for a session. */
    private static final class TokenUser extends HttpServletRequestWrapper {

        private final Viewer viewer;

        TokenUser(HttpServletRequest req, Viewer viewer) {
            super(req);
            this.viewer = viewer;
        }

        @Override
        public String getRemoteUser() {
            return viewer.user();
        }

        @Override
        public Principal getUserPrincipal() {
            String name = viewer.user();
            return () -> name;
        }

        @Override
        public boolean isUserInRole(String role) {
            return viewer.roles().contains(role);
        }

        @Override
        public String getAuthType() {
            return "BEARER";
        }
    }
}
