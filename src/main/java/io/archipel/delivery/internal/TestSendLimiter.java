package io.archipel.delivery.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A light per-user limit on test sends ({@code archipel.mail.test-send.per-minute}, default 10 in any sliding minute),
 * in memory: it protects the SMTP server from a stuck button, not from a determined user across instances.
 */
@Component
public class TestSendLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<UUID, Deque<Instant>> sends = new ConcurrentHashMap<>();
    private final int perMinute;
    private final Clock clock;

    @Autowired
    TestSendLimiter(@Value("${archipel.mail.test-send.per-minute:10}") int perMinute) {
        this(perMinute, Clock.systemUTC());
    }

    TestSendLimiter(int perMinute, Clock clock) {
        this.perMinute = Math.max(1, perMinute);
        this.clock = clock;
    }

    public int perMinute() {
        return perMinute;
    }

    /** Counts a send of this user if the limit allows it; false when the user has to wait. */
    public boolean tryAcquire(UUID userId) {
        Instant now = clock.instant();
        Deque<Instant> times = sends.computeIfAbsent(userId, id -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= perMinute) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    /** Forgets every count (tests). */
    public void reset() {
        sends.clear();
    }
}
