package io.herald.store;

import java.time.Instant;

/** An API key as stored: never the key itself, only its SHA-256 ({@code hash}) and its first characters. */
public record ApiKey(long id, String name, String prefix, String hash, String createdBy, Instant createdAt,
        Instant lastUsedAt, Instant revokedAt) {

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
