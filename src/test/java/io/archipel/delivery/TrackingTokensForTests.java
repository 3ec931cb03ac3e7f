package io.archipel.delivery;

import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

/** Tokens signed with the application's key at another date (expired-token tests of the public endpoints). */
public final class TrackingTokensForTests {

    private TrackingTokensForTests() {
    }

    /** Tokens of the application's key (the generated one kept in platform_secret) issued by {@code clock}. */
    public static TrackingTokens issuedAt(JdbcTemplate jdbc, Clock clock, Duration lifetime) {
        byte[] secret = jdbc.queryForObject("select value from platform_secret where name = 'tracking-token-key'",
                byte[].class);
        return new TrackingTokens(secret, lifetime, clock);
    }
}
