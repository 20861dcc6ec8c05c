package io.herald.hub;

import java.time.Instant;
import java.util.Set;

/**
 * Who asks to see a channel: the authenticated user (null: anonymous) and, of the role names
 * {@code checkedRoles} that were asked about when the stream opened (those rules named then, and
 * {@code herald-admin}), the ones the user has. A role asked about later is unknown for this
 * stream: a rule naming it closes the stream, and the reconnect is judged afresh. A stream opened
 * with an API key carries the key's id ({@code apiKeyId}, else 0): revoking the key closes it. A
 * login that ends by itself (a token's {@code exp}) ends at {@code loginUntil} (else null), and so
 * do the streams it opens.
 */
public record Viewer(String user, Set<String> roles, Set<String> checkedRoles, long apiKeyId, Instant loginUntil) {

    public static final Viewer ANONYMOUS = new Viewer(null, Set.of(), Set.of());
    public static final String ADMIN_ROLE = "herald-admin";

    public Viewer {
        roles = Set.copyOf(roles);
        checkedRoles = Set.copyOf(checkedRoles);
    }

    /** A container user (or anonymous, {@code user} null). */
    public Viewer(String user, Set<String> roles, Set<String> checkedRoles) {
        this(user, roles, checkedRoles, 0, null);
    }

    /** An application holding API key {@code id}: user {@code apikey:NAME}, role herald-publisher only. */
    public static Viewer apiKey(long id, String name) {
        Set<String> publisher = Set.of("herald-publisher");
        return new Viewer("apikey:" + name, publisher, publisher, id, null);
    }

    public boolean isAuthenticated() {
        return user != null;
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }
}
