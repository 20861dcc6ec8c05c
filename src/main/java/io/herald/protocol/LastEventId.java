package io.herald.protocol;

import java.util.OptionalLong;

/**
 * Reads the id a reconnecting client sends in {@code Last-Event-ID} (or {@code lastEventId}).
 *
 * <p>Herald's ids are decimal, non-negative 64-bit numbers. Anything else (empty, signed, spaced,
 * hexadecimal, too large, non-ASCII digits) is not an id Herald issued: the caller starts the
 * client live instead of failing the request.
 */
public final class LastEventId {

    private static final int MAX_DIGITS = 19;

    private LastEventId() {
    }

    /** {@code "42"} -&gt; 42; {@code null}, {@code ""}, {@code "-1"}, {@code " 7"}, {@code "1e3"} -&gt; empty. */
    public static OptionalLong parse(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }
}
