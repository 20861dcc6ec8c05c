package io.herald.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.testing.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The publish rate limit per publisher: a burst of as many publishes as the limit per second, then
 * refusals until tokens come back at that rate; one publisher's refusals never touch another's.
 */
class RateLimiterTest {

    @Test
    void aPublisherMayBurstUpToTheLimitThenIsRefused() {
        RateLimiter limiter = new RateLimiter(3);
        assertTrue(limiter.tryAcquire("key 1"));
        assertTrue(limiter.tryAcquire("key 1"));
        assertTrue(limiter.tryAcquire("key 1"));
        assertFalse(limiter.tryAcquire("key 1"), "a fourth publish within the same second");
        assertFalse(limiter.tryAcquire("key 1"), "and still refused right after");
    }

    @Test
    void eachPublisherHasABucketOfItsOwn() {
        RateLimiter limiter = new RateLimiter(2);
        assertTrue(limiter.tryAcquire("user alice"));
        assertTrue(limiter.tryAcquire("user alice"));
        assertFalse(limiter.tryAcquire("user alice"));
        assertTrue(limiter.tryAcquire("user bob"), "alice's spent bucket is not bob's");
        assertTrue(limiter.tryAcquire("address 10.0.0.5"));
    }

    @Test
    void tokensComeBackAtTheRateSoARefusedPublisherMayPublishAgain() {
        RateLimiter limiter = new RateLimiter(20);
        int burst = 0;
        while (limiter.tryAcquire("key 7")) {
            burst++;
        }
        assertTrue(burst >= 20, "a full bucket to start with: " + burst);
        Wait.until(Duration.ofSeconds(5), "a token back after 1/20 s", () -> limiter.tryAcquire("key 7"));
    }
}
