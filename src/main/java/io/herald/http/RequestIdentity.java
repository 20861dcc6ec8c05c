package io.herald.http;

import io.herald.access.AccessRules;
import io.herald.access.BanList;
import io.herald.access.Credentials;
import io.herald.access.TokenVerifier;
import io.herald.hub.ConnectionInfo;
import io.herald.hub.Viewer;
import io.herald.store.Actor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Owns who a request is and whether bans and rules let it in: from the container, the session's
 * user (FORM login) or HTTP Basic credentials checked against the container's realm with
 * {@code request.login}; or an API key ({@code Authorization: Bearer hk_…}). Never logs a credential.
 */
public final class RequestIdentity {

    public static final String PUBLISHER_ROLE = "herald-publisher";
    /** With a logged-in session, this header (any value) lets a page of an allowed origin publish. */
    public static final String SESSION_PUBLISH_HEADER = "X-Requested-With";
    public static final String REALM = "Herald";

    private RequestIdentity() {
    }

    /**
     * The viewer of a stream or read: an application's API key (Bearer), else the session's or the
     * Basic credentials' user, else anonymous; 401 for wrong credentials.
     */
    public static Viewer viewer(HttpServletRequest req, AccessRules rules, Credentials credentials) throws ApiError {
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer(req, null, rules, credentials, header.substring(7).trim());
        }
        basicLogin(req, null);
        String user = req.getRemoteUser();
        if (user == null) {
            return Viewer.ANONYMOUS;
        }
        Set<String> checked = new LinkedHashSet<>(rules.roleNames());
        checked.add(PUBLISHER_ROLE);
        checked.add(Viewer.ADMIN_ROLE);
        Set<String> roles = new LinkedHashSet<>();
        for (String role : checked) {
            if (req.isUserInRole(role)) {
                roles.add(role);
            }
        }
        return new Viewer(user, roles, checked);
    }

    /**
     * Checks that the request may publish: an API key in force, Basic credentials of a user with
     * role herald-publisher or herald-admin, or that user's session together with the header
     * {@code X-Requested-With} (herald.js sends it). A session cookie alone does not publish: another
     * site could make a logged-in browser send the request, but no other site can add a header
     * without a CORS preflight, which only the origins in herald.cors.allowed-origins pass.
     * Returns who publishes.
     */
    public static Publisher publisher(HttpServletRequest req, HttpServletResponse resp, AccessRules rules,
            Credentials credentials) throws ApiError {
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String credential = header.substring(7).trim();
            if (!credentials.isToken(credential)) {
                return credentials.keys().verify(credential)
                        .map(k -> new Publisher(Viewer.apiKey(k.id(), k.name()).user(), "key " + k.prefix()))
                        .orElseThrow(() -> unauthorized(resp, "the API key is not valid (unknown or revoked)"));
            }
            Viewer viewer = bearer(req, resp, rules, credentials, credential);
            if (!viewer.roles().contains(PUBLISHER_ROLE) && !viewer.isAdmin()) {
                throw new ApiError(403, "forbidden", "the token of user " + viewer.user() + " lacks role " + PUBLISHER_ROLE);
            }
            return new Publisher(viewer.user(), "user " + viewer.user() + " (token)");
        }
        if (header == null && req.getRemoteUser() != null && req.getHeader(SESSION_PUBLISH_HEADER) != null) {
            return new Publisher(req.getRemoteUser(), publisherRole(req) + " (session)");
        }
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized(resp, "publishing needs an API key (Authorization: Bearer …) or the credentials of a "
                    + PUBLISHER_ROLE + " (HTTP Basic)");
        }
        basicLogin(req, resp);
        if (req.getRemoteUser() == null) {
            throw unauthorized(resp, "wrong user name or password");
        }
        return new Publisher(req.getRemoteUser(), publisherRole(req));
    }

    /**
     * The viewer a Bearer {@code credential} names: an API key's application, or a company token's
     * user with the token's roles (every one of them known), until the token expires; 401 (with the
     * challenges on {@code resp}, when given) for one that is not valid.
     */
    public static Viewer bearer(HttpServletRequest req, HttpServletResponse resp, AccessRules rules, Credentials credentials,
            String credential) throws ApiError {
        if (!credentials.isToken(credential)) {
            return credentials.keys().verify(credential).map(k -> Viewer.apiKey(k.id(), k.name()))
                    .orElseThrow(() -> unauthorized(resp, "the API key is not valid (unknown or revoked)"));
        }
        TokenVerifier.Verified token;
        try {
            token = credentials.token(credential, req.getRemoteAddr());
        } catch (TokenVerifier.Refused e) {
            throw unauthorized(resp, "the token is not valid: " + e.getMessage());
        }
        Set<String> checked = new LinkedHashSet<>(rules.roleNames());
        checked.add(PUBLISHER_ROLE);
        checked.add(Viewer.ADMIN_ROLE);
        checked.addAll(token.roles());
        return new Viewer(token.user(), token.roles(), checked, 0, token.expires());
    }

    /**
     * Who publishes: {@code user} as bans name it (a container user, or {@code apikey:NAME}; null
     * when publishing is open) and {@code who}, for limits and logs.
     */
    public record Publisher(String user, String who) {

        /** What limits count against: the user (or {@code apikey:NAME}) however it signed in, else {@link #who}. */
        public String identity() {
            return user != null ? user : who;
        }
    }

    /**
     * The key of the container session {@code viewer} is logged in with ({@link
     * ConnectionInfo#nameKey}), or 0 when the login came with the request itself (Basic, a key,
     * a token) or there is none: a stream opened with it ends when that session ends.
     */
    public static long sessionKey(HttpServletRequest req, Viewer viewer) {
        if (!viewer.isAuthenticated() || viewer.apiKeyId() != 0 || req.getHeader("Authorization") != null) {
            return 0;
        }
        HttpSession session = req.getSession(false);
        return session == null ? 0 : ConnectionInfo.nameKey(session.getId());
    }

    /** Who acts with {@code req}, for the audit trail: its user (or a token's) and its address. */
    public static Actor actor(HttpServletRequest req) {
        String user = req.getRemoteUser();
        return new Actor(user == null ? "anonymous" : user, req.getRemoteAddr());
    }

    /**
     * {@code 403} with error {@code banned} when an administrator banned {@code user} (null:
     * anonymous) or the request's address; every API but the stream (which answers {@code 204}) says so.
     */
    public static void refuseBanned(BanList bans, String user, HttpServletRequest req) throws ApiError {
        if (bans.isBanned(user, req.getRemoteAddr())) {
            throw new ApiError(403, "banned", "an administrator banned "
                    + (bans.isBanned(user, null) ? "user " + user : "address " + req.getRemoteAddr()));
        }
    }

    private static String publisherRole(HttpServletRequest req) throws ApiError {
        if (!req.isUserInRole(PUBLISHER_ROLE) && !req.isUserInRole(Viewer.ADMIN_ROLE)) {
            throw new ApiError(403, "forbidden", "user " + req.getRemoteUser() + " lacks role " + PUBLISHER_ROLE);
        }
        return "user " + req.getRemoteUser();
    }

    /** {@code 401}, and the challenges on {@code resp} when given. */
    private static ApiError unauthorized(HttpServletResponse resp, String detail) {
        if (resp != null) {
            resp.addHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
            resp.addHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        return new ApiError(401, "unauthorized", detail);
    }

    /**
     * Logs in with the request's Basic credentials, if it has some and nobody is logged in yet;
     * {@code 401} for credentials that cannot be read, as for wrong ones (with the challenge, when
     * {@code resp} is given).
     */
    private static void basicLogin(HttpServletRequest req, HttpServletResponse resp) throws ApiError {
        String header = req.getHeader("Authorization");
        if (req.getRemoteUser() != null || header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized(resp, "the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthorized(resp, "the Basic credentials have no ':' between user and password");
        }
        try {
            req.login(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (ServletException wrong) {
            throw unauthorized(resp, "wrong user name or password");
        }
    }

    /** 401 or 403 for a decision that is not ALLOW. */
    public static ApiError refusal(AccessRules.Decision decision, String what) {
        return decision == AccessRules.Decision.UNAUTHENTICATED
                ? new ApiError(401, "unauthorized", what + " needs a login: the session cookie "
                        + "(withCredentials), HTTP Basic, or a ticket from POST /api/tickets")
                : new ApiError(403, "forbidden", what + " is not allowed for this user");
    }
}
