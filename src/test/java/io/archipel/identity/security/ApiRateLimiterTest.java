package io.archipel.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The per-key token bucket, on a fake clock. */
class ApiRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aKeyMayBurstItsBudgetThenGoesOnAtTheSteadyRate() {
        AtomicLong now = new AtomicLong(0);
        ApiRateLimiter limiter = new ApiRateLimiter(60, now::get);
        UUID key = UUID.randomUUID();
        for (int i = 0; i < 60; i++) {
            ApiRateLimiter.Decision d = limiter.tryConsume(key);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(59 - i);
        }
        ApiRateLimiter.Decision refused = limiter.tryConsume(key);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.resetSeconds()).isEqualTo(60);

        now.addAndGet(SECOND); // one token back
        assertThat(limiter.tryConsume(key).allowed()).isTrue();
        assertThat(limiter.tryConsume(key).allowed()).isFalse();

        now.addAndGet(10 * 60 * SECOND); // never more than the budget
        int allowed = 0;
        while (limiter.tryConsume(key).allowed()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(60);
    }

    @Test
    void keysHaveTheirOwnBucketsAndOneMayBeGivenAnotherBudget() {
        AtomicLong now = new AtomicLong(0);
        ApiRateLimiter limiter = new ApiRateLimiter(5, now::get);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            limiter.tryConsume(a);
        }
        assertThat(limiter.tryConsume(a).allowed()).isFalse();
        assertThat(limiter.tryConsume(b).allowed()).isTrue();

        limiter.limitKey(a, 2);
        assertThat(limiter.tryConsume(a).limit()).isEqualTo(2);
        assertThat(limiter.tryConsume(a).allowed()).isTrue();
        ApiRateLimiter.Decision third = limiter.tryConsume(a);
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfterSeconds()).isEqualTo(30);
    }
}
