package io.herald.store;

import java.time.Instant;
import java.util.Set;

/** A user who opened a stream: the roles Herald knew of at the last one, and when that was. */
public record KnownUser(String name, Set<String> roles, Instant lastSeen) {

    public KnownUser {
        roles = Set.copyOf(roles);
    }
}
