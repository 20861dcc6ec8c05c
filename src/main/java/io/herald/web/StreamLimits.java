package io.herald.web;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The limits of {@code GET /events}: streams in total (503), per user or address (429), channels
 * per stream (400); and how long a stream lives before it closes with reason {@code reauth}
 * ({@code maxAge}, less up to a tenth at random so that streams opened together do not all
 * reconnect together; zero: no limit).
 */
public record StreamLimits(int connections, int perClient, int channels, Duration maxAge) {

    static final StreamLimits NONE = new StreamLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ZERO);

    /** When a stream opened {@code now} must end: its maximum age, jittered, or its login's end if sooner; null: never. */
    Instant streamEnd(Instant now, Instant loginUntil) {
        Instant aged = null;
        if (!maxAge.isZero()) {
            long millis = maxAge.toMillis();
            aged = now.plusMillis(millis - ThreadLocalRandom.current().nextLong(millis / 10 + 1));
        }
        if (loginUntil == null || (aged != null && aged.isBefore(loginUntil))) {
            return aged;
        }
        return loginUntil;
    }
}
