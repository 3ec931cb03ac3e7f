package io.archipel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import io.archipel.delivery.TrackingTokens.Purpose;
import org.junit.jupiter.api.Test;

class TrackingTokensTest {

    private static final byte[] SECRET = "a-test-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final UUID TENANT = UUID.randomUUID();
    private final Clock today = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final TrackingTokens tokens = new TrackingTokens(SECRET, Duration.ofDays(400), today);

    @Test
    void aTokenVerifiesForItsPurposeOnly() {
        String click = tokens.click(TENANT, 42L, 3);
        assertThat(tokens.verify(click, Purpose.CLICK))
                .contains(new TrackingTokens.Token(TENANT, 42L, Purpose.CLICK, 3));
        assertThat(tokens.verify(click, Purpose.OPEN)).isEmpty();
        assertThat(tokens.verify(tokens.open(TENANT, 7L), Purpose.OPEN))
                .contains(new TrackingTokens.Token(TENANT, 7L, Purpose.OPEN, -1));
        assertThat(click).matches("[A-Za-z0-9_-]{50,70}");
    }

    @Test
    void anyChangedByteOrForeignKeyOrGarbageIsRefused() {
        String token = tokens.unsubscribe(TENANT, 99L);
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            assertThat(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(tampered),
                    Purpose.UNSUBSCRIBE)).as("byte %d changed", i).isEmpty();
        }
        // any other character anywhere, including the spare bits of the last one, is another (invalid) token
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < token.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != token.charAt(i)) {
                    String altered = token.substring(0, i) + c + token.substring(i + 1);
                    assertThat(tokens.verify(altered, Purpose.UNSUBSCRIBE)).as("char %d → %s", i, c).isEmpty();
                }
            }
        }
        TrackingTokens otherKey = new TrackingTokens("another-secret-of-at-least-32-characters!".getBytes(
                StandardCharsets.UTF_8), Duration.ofDays(400), today);
        assertThat(otherKey.verify(token, Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(tokens.verify("not-a-token", Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(tokens.verify("%%%", Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(tokens.verify(null, Purpose.UNSUBSCRIBE)).isEmpty();
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        String token = tokens.open(TENANT, 1L);
        TrackingTokens later = new TrackingTokens(SECRET, Duration.ofDays(400),
                Clock.offset(today, Duration.ofDays(401)));
        TrackingTokens stillValid = new TrackingTokens(SECRET, Duration.ofDays(400),
                Clock.offset(today, Duration.ofDays(399)));
        assertThat(later.verify(token, Purpose.OPEN)).isEmpty();
        assertThat(stillValid.verify(token, Purpose.OPEN)).isPresent();
    }
}
