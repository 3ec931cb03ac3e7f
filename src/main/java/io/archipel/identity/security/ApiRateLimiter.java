package io.archipel.identity.security;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-key rate limit of the REST API: a token bucket per API key holding {@code archipel.api.rate-limit.per-minute}
 * tokens (default 600), refilled continuously at that rate, so a client may burst up to a minute's budget and then
 * goes on at the steady rate. A small in-memory class rather than a library: it is a few lines, fully tested
 * (ApiRateLimiterTest), and needs no cache or distributed store.
 * <p>
 * The buckets live in this instance's memory: with N instances behind a load balancer a key gets at most N times the
 * budget. That is an accepted limitation for now (the limit protects the database from a runaway integration, it
 * is not a billing quota); a shared store (PostgreSQL or Redis) is the next step if it ever matters.
 */
@Component
public class ApiRateLimiter {

    /** The outcome of one call: whether it may proceed, and what the {@code RateLimit-*} headers should say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> overrides = new ConcurrentHashMap<>();

    @Autowired
    public ApiRateLimiter(@Value("${archipel.api.rate-limit.per-minute:600}") int perMinute) {
        this(perMinute, System::nanoTime);
    }

    public ApiRateLimiter(int perMinute, LongSupplier nanoClock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("archipel.api.rate-limit.per-minute must be at least 1");
        }
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    /**
     * A different budget for one key (a tighter one in tests; a per-key setting could use it later). Resets the
     * key's bucket to full.
     */
    public void limitKey(UUID keyId, int keyPerMinute) {
        if (keyPerMinute < 1) {
            throw new IllegalArgumentException("at least 1 call per minute");
        }
        overrides.put(keyId, keyPerMinute);
        buckets.remove(keyId);
    }

    /** Takes one token from the key's bucket if there is one. */
    public Decision tryConsume(UUID keyId) {
        int limit = overrides.getOrDefault(keyId, perMinute);
        return buckets.computeIfAbsent(keyId, k -> new Bucket(limit, nanoClock.getAsLong())).take(nanoClock.getAsLong());
    }

    private static final class Bucket {
        private final int capacity;
        /** Tokens per nanosecond. */
        private final double rate;
        private double tokens;
        private long updatedAt;

        Bucket(int perMinute, long now) {
            this.capacity = perMinute;
            this.rate = perMinute / 60_000_000_000d;
            this.tokens = perMinute;
            this.updatedAt = now;
        }

        synchronized Decision take(long now) {
            if (now > updatedAt) {
                tokens = Math.min(capacity, tokens + (now - updatedAt) * rate);
                updatedAt = now;
            }
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            long reset = seconds((capacity - tokens) / rate);
            long retryAfter = allowed ? 0 : Math.max(1, seconds((1 - tokens) / rate));
            return new Decision(allowed, capacity, (int) Math.floor(tokens), reset, retryAfter);
        }

        private static long seconds(double nanos) {
            return (long) Math.ceil(nanos / 1_000_000_000d);
        }
    }
}
