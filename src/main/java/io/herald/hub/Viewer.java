package io.herald.hub;

import java.util.Set;

/**
 * Who asks to see a channel: the authenticated user (null: anonymous) and, of the role names
 * {@code checkedRoles} that were asked about when the stream opened (those rules named then, and
 * {@code herald-admin}), the ones the user has. A role asked about later is unknown for this
 * stream: a rule naming it closes the stream, and the reconnect is judged afresh.
 */
public record Viewer(String user, Set<String> roles, Set<String> checkedRoles) {

    public static final Viewer ANONYMOUS = new Viewer(null, Set.of(), Set.of());
    public static final String ADMIN_ROLE = "herald-admin";

    public Viewer {
        roles = Set.copyOf(roles);
        checkedRoles = Set.copyOf(checkedRoles);
    }

    public boolean isAuthenticated() {
        return user != null;
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }
}
