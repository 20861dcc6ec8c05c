package io.herald.access;

import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.store.AccessStore;
import io.herald.store.Actor;
import io.herald.store.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * API keys for publishing applications ({@code Authorization: Bearer hk_…}). A key is shown once,
 * when created; the database keeps its SHA-256 and its first characters. Keys in force are
 * mirrored in memory, so a revoked key is refused from the next request on. "Last used" is
 * written at most once a minute per key.
 */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration USE_WRITE_EVERY = Duration.ofMinutes(1);

    private final AccessStore store;
    private final Hub hub;
    private volatile Map<String, ApiKey> byHash;
    private final Map<Long, Instant> lastWritten = new ConcurrentHashMap<>();

    public ApiKeys(AccessStore store, Hub hub) {
        this.store = store;
        this.hub = hub;
        reload();
    }

    /** A new key: the stored record and the key itself, which nobody can see again. */
    public record Created(ApiKey key, String secret) {
    }

    public synchronized Created create(String name, Actor by) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "hk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = store.addKey(name, secret.substring(0, 11), sha256(secret), by);
        reload();
        store.announceChange();
        return new Created(key, secret);
    }

    /** Revokes a key: refused from the next request on, and the streams it opened are closed now. */
    public synchronized Optional<ApiKey> revoke(long id, Actor by) {
        Optional<ApiKey> revoked = store.revokeKey(id, by);
        if (revoked.isPresent()) {
            hub.revise(this::reload, s -> s.info().viewer().apiKeyId() == id, CloseReason.REVOKED);
            store.announceChange();
        }
        return revoked;
    }

    /** Reads the keys again (another node changed them) and closes the streams of keys no longer in force. */
    public synchronized void refresh() {
        hub.revise(this::reload, s -> s.info().viewer().apiKeyId() != 0
                && byHash.values().stream().noneMatch(k -> k.id() == s.info().viewer().apiKeyId()), CloseReason.REVOKED);
    }

    public List<ApiKey> all() {
        return store.keys();
    }

    /** The key in force that {@code secret} is, if any; notes its use. */
    public Optional<ApiKey> verify(String secret) {
        if (secret == null || !secret.startsWith("hk_") || secret.length() > 100) {
            return Optional.empty();
        }
        ApiKey key = byHash.get(sha256(secret));
        if (key == null) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Instant written = lastWritten.get(key.id());
        if (written == null || written.plus(USE_WRITE_EVERY).isBefore(now)) {
            lastWritten.put(key.id(), now);
            store.keyUsed(key.id(), now);
        }
        return Optional.of(key);
    }

    private void reload() {
        byHash = store.keys().stream().filter(k -> !k.isRevoked())
                .collect(Collectors.toUnmodifiableMap(ApiKey::hash, Function.identity()));
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
