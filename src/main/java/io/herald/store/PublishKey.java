package io.herald.store;

import java.util.Objects;
import java.util.Optional;

/**
 * An idempotency key as the store keeps it: the publisher it belongs to (an API key or a user, as
 * the API names them) and the key the publisher chose. Two publishes with equal keys are one.
 */
public record PublishKey(String publisher, String key) {

    /** The longest key accepted, in characters. */
    public static final int MAX_LENGTH = 200;

    public PublishKey {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(key, "key");
    }

    /** Why {@code key} cannot be an idempotency key (1-200 printable ASCII characters), or empty. */
    public static Optional<String> problem(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return Optional.of("an idempotency key must be 1 to " + MAX_LENGTH + " characters long");
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch < 0x20 || ch > 0x7E) {
                return Optional.of("an idempotency key may hold only printable ASCII characters (found U+"
                        + String.format("%04X", (int) ch) + " at " + i + ")");
            }
        }
        return Optional.empty();
    }
}
