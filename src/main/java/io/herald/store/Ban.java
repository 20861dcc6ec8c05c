package io.herald.store;

import java.time.Instant;

/**
 * A ban: every stream request from {@code user} (the container's authenticated name) or from
 * {@code address} (the client address the container reports) is refused. Exactly one of the two
 * is set.
 */
public record Ban(long id, String user, String address, String reason, String createdBy, Instant createdAt) {

    /** True when this ban covers a request from {@code requestUser} at {@code requestAddress}. */
    public boolean covers(String requestUser, String requestAddress) {
        return (user != null && user.equals(requestUser)) || (address != null && address.equals(requestAddress));
    }
}
