package io.herald.access;

import io.herald.hub.Viewer;
import io.herald.store.AccessStore;
import io.herald.store.Ticket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * One-time stream tickets for clients that cannot send cookies or headers: issued to an
 * authenticated user for the channels asked for, valid for a short time, usable once. The
 * database keeps only a ticket's SHA-256, so a ticket works on any node of a cluster.
 */
public final class Tickets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessStore store;
    private final Duration validity;

    public Tickets(AccessStore store, Duration validity) {
        this.store = store;
        this.validity = validity;
    }

    public record Issued(String ticket, Instant expiresAt) {
    }

    /**
     * A ticket for {@code viewer} to open one stream of {@code channels}, issued within container
     * session {@code sessionKey} (0: none): the stream ends when that session does, and when the
     * viewer's own login ends. The ticket expires with that login at the latest.
     */
    public Issued issue(Viewer viewer, Set<String> channels, long sessionKey) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = Instant.now().plus(validity);
        if (viewer.loginUntil() != null && viewer.loginUntil().isBefore(expires)) {
            expires = viewer.loginUntil();
        }
        store.addTicket(new Ticket(ApiKeys.sha256(ticket), viewer.user(), viewer.roles(), channels, expires, sessionKey,
                viewer.loginUntil()));
        if (RANDOM.nextInt(32) == 0) {
            store.pruneTickets(Instant.now());
        }
        return new Issued(ticket, expires);
    }

    /** The ticket's holder and channels, once; empty when unknown, used or expired. */
    public Optional<Redeemed> redeem(String ticket) {
        if (ticket == null || ticket.length() > 100) {
            return Optional.empty();
        }
        return store.takeTicket(ApiKeys.sha256(ticket), Instant.now())
                .map(t -> new Redeemed(new Viewer(t.user(), t.roles(), t.roles(), 0, t.loginUntil()), t.channels(),
                        t.sessionKey()));
    }

    /** Whom a ticket was issued to, for which channels, within which container session (0: none). */
    public record Redeemed(Viewer viewer, Set<String> channels, long sessionKey) {
    }

    public Duration validity() {
        return validity;
    }
}
