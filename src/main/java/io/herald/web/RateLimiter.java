package io.herald.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per publisher (API key, user, or address when publishing is open): up to
 * {@code perSecond} publishes a second, with bursts of as many. Buckets idle for a minute are
 * dropped, so the map does not grow with every address ever seen.
 */
final class RateLimiter {

    private static final long IDLE_NANOS = 60_000_000_000L;

    private final double perSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private long lastSweep = System.nanoTime();

    RateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    private static final class Bucket {
        double tokens;
        long stamp;

        Bucket(double tokens, long stamp) {
            this.tokens = tokens;
            this.stamp = stamp;
        }
    }

    /** True (and one token taken) when {@code who} may publish now. */
    boolean tryAcquire(String who) {
        long now = System.nanoTime();
        sweep(now);
        Bucket b = buckets.computeIfAbsent(who, k -> new Bucket(perSecond, now));
        synchronized (b) {
            b.tokens = Math.min(perSecond, b.tokens + (now - b.stamp) / 1e9 * perSecond);
            b.stamp = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    private void sweep(long now) {
        if (now - lastSweep < IDLE_NANOS) {
            return;
        }
        lastSweep = now;
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return now - e.getValue().stamp > IDLE_NANOS;
            }
        });
    }
}
