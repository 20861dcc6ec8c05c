package io.herald.store;

import java.time.Instant;
import java.util.Set;

/**
 * A one-time stream ticket as stored (by the SHA-256 of the ticket): whose, with which roles, for
 * which channels; the container session it was issued to ({@code sessionKey}, 0 for none) and
 * when the login that asked for it ends ({@code loginUntil}, null when it does not end by itself).
 */
public record Ticket(String hash, String user, Set<String> roles, Set<String> channels, Instant expiresAt,
        long sessionKey, Instant loginUntil) {
}
