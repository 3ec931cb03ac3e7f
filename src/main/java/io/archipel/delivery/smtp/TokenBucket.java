package io.archipel.delivery.smtp;

import java.util.function.LongSupplier;

/**
 * A token bucket (as a generic cell rate algorithm): {@code ratePerSecond} permits per second on average, at most
 * {@code burst} at once after a quiet period. Thread-safe; one per tenant and instance, shared by all the threads that
 * send for that tenant. {@link #reserve()} books the next permit and says how long to wait for it, so threads wait
 * without holding the lock. Time comes from a nanosecond clock (tests use a simulated one).
 */
final class TokenBucket {

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoClock;
    /** When the next permit is "theoretically" due (GCRA's TAT). */
    private long nextDue;

    TokenBucket(int ratePerSecond, int burst, LongSupplier nanoClock) {
        if (ratePerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.intervalNanos = 1_000_000_000L / ratePerSecond;
        this.burstNanos = (burst - 1) * intervalNanos;
        this.nanoClock = nanoClock;
        this.nextDue = nanoClock.getAsLong();
    }

    /** A bucket for {@code ratePerSecond} with a burst of a twentieth of a second's worth (at least 1). */
    static TokenBucket perSecond(int ratePerSecond, LongSupplier nanoClock) {
        return new TokenBucket(ratePerSecond, Math.max(1, ratePerSecond / 20), nanoClock);
    }

    /** Books one permit; returns the nanoseconds to wait before using it (0: now). */
    synchronized long reserve() {
        long now = nanoClock.getAsLong();
        long due = Math.max(nextDue, now);
        long wait = Math.max(0, due - now - burstNanos);
        nextDue = due + intervalNanos;
        return wait;
    }

    /** Books one permit and sleeps until it may be used. */
    void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
