package io.herald.store;

import java.time.Instant;
import java.util.Set;

/** A one-time stream ticket as stored (by the SHA-256 of the ticket): whose, with which roles, for which channels. */
public record Ticket(String hash, String user, Set<String> roles, Set<String> channels, Instant expiresAt) {
}
