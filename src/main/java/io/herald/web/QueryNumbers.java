package io.herald.web;

import io.herald.http.ApiError;
import io.herald.protocol.LastEventId;
import java.util.OptionalLong;

/** Whole-number query parameters in a range: {@code 400} naming the parameter and the range otherwise. */
final class QueryNumbers {

    private QueryNumbers() {
    }

    /**
     * {@code text} as a number from {@code min} to {@code max}; {@code absent} when it is null;
     * else {@code 400}: "{@code name} must be a whole number from {@code min} to {@code max}".
     */
    static int inRange(String name, String text, int absent, int min, int max) throws ApiError {
        if (text == null) {
            return absent;
        }
        OptionalLong parsed = LastEventId.parse(text);
        if (parsed.isEmpty() || parsed.getAsLong() < min || parsed.getAsLong() > max) {
            throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
        }
        return (int) parsed.getAsLong();
    }
}
