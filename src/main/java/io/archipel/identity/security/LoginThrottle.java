package io.archipel.identity.security;

import java.time.Duration;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per e-mail in PostgreSQL (so every instance sees the same count) and locks the e-mail for a
 * while after too many. Unknown e-mails are counted the same way, so the lock reveals nothing about who exists.
 */
@Component
public class LoginThrottle {

    private final JdbcTemplate jdbc;
    private final int maxFailures;
    private final Duration lockDuration;

    LoginThrottle(JdbcTemplate jdbc,
            @Value("${archipel.security.login-throttle.max-failures:5}") int maxFailures,
            @Value("${archipel.security.login-throttle.lock-duration:15m}") Duration lockDuration) {
        this.jdbc = jdbc;
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
    }

    public boolean isLocked(String email) {
        Boolean locked = jdbc.query("select locked_until > now() from login_throttle where email = ?",
                rs -> rs.next() ? rs.getBoolean(1) : false, normalise(email));
        return Boolean.TRUE.equals(locked);
    }

    /** Counts a failed login; returns whether the e-mail is now locked. */
    public boolean recordFailure(String email) {
        String interval = lockDuration.toSeconds() + " seconds";
        Integer failures = jdbc.queryForObject("""
                insert into login_throttle (email, failures, last_failure_at) values (?, 1, now())
                on conflict (email) do update set
                    failures = case when login_throttle.last_failure_at < now() - ?::interval then 1
                                    else login_throttle.failures + 1 end,
                    last_failure_at = now()
                returning failures""", Integer.class, normalise(email), interval);
        if (failures != null && failures >= maxFailures) {
            jdbc.update("update login_throttle set locked_until = now() + ?::interval, failures = 0 where email = ?",
                    interval, normalise(email));
            return true;
        }
        return false;
    }

    public void recordSuccess(String email) {
        jdbc.update("delete from login_throttle where email = ?", normalise(email));
    }

    public long lockMinutes() {
        return Math.max(1, lockDuration.toMinutes());
    }

    private static String normalise(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
