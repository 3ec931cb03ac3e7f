package io.archipel.delivery.internal;

import java.security.SecureRandom;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Application-wide secrets generated once, at the first start that needs them, and kept in {@code platform_secret}
 * (the key of the tracking tokens, the key that encrypts the tenants' SMTP passwords and DKIM keys). The first
 * instance to start wins; the others read its value, so that every instance signs, checks and decrypts alike.
 */
public final class PlatformSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PlatformSecrets() {
    }

    /** The secret named {@code name}, created with {@code bytes} random bytes when it does not exist yet. */
    public static byte[] getOrCreate(JdbcTemplate jdbc, String name, int bytes) {
        byte[] fresh = new byte[bytes];
        RANDOM.nextBytes(fresh);
        jdbc.update("insert into platform_secret (name, value) values (?, ?) on conflict (name) do nothing", name,
                fresh);
        return jdbc.queryForObject("select value from platform_secret where name = ?", byte[].class, name);
    }
}
