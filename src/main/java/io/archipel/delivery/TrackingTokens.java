package io.archipel.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.archipel.delivery.internal.PlatformSecrets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The signed tokens of tracked mail: open pixel, click redirect and unsubscribe. A token names its tenant, recipient
 * row, purpose, link number (clicks) and last valid day, followed by a truncated HMAC-SHA256 under a per-tenant key
 * (derived from the application secret and the tenant id), all in URL-safe base64 without padding. Anything altered,
 * expired or unknown verifies to empty, and the endpoints then answer a neutral 404.
 * <p>
 * The secret is {@code archipel.tracking.secret} (at least 32 characters) or, when none is configured, one generated
 * at first start and kept in the database ({@code platform_secret}), so that every instance agrees and links in mail
 * already sent stay valid across restarts.
 */
@Component
public class TrackingTokens {

    /** What a token is for. */
    public enum Purpose {
        OPEN('O'), CLICK('C'), UNSUBSCRIBE('U');

        private final char code;

        Purpose(char code) {
            this.code = code;
        }

        static Optional<Purpose> of(byte code) {
            for (Purpose p : values()) {
                if (p.code == code) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** A verified token. {@code linkNo} is -1 unless the purpose is CLICK. */
    public record Token(UUID tenantId, long recipientId, Purpose purpose, int linkNo) {
    }

    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 12;
    private static final int BODY_BYTES = 1 + 16 + 8 + 1 + 2 + 4;
    private static final String SECRET_NAME = "tracking-token-key";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final byte[] secret;
    private final java.util.concurrent.ConcurrentHashMap<UUID, SecretKeySpec> tenantKeys =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    @Autowired
    TrackingTokens(@Value("${archipel.tracking.secret:}") String configured,
            @Value("${archipel.tracking.token-lifetime:P400D}") Duration lifetime, JdbcTemplate jdbc) {
        this(configured.isBlank() ? storedSecret(jdbc) : checked(configured), lifetime, Clock.systemUTC());
    }

    TrackingTokens(byte[] secret, Duration lifetime, Clock clock) {
        this.secret = secret.clone();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String open(UUID tenantId, long recipientId) {
        return sign(tenantId, recipientId, Purpose.OPEN, -1);
    }

    public String click(UUID tenantId, long recipientId, int linkNo) {
        if (linkNo < 0 || linkNo > Short.MAX_VALUE) {
            throw new IllegalArgumentException("link number out of range: " + linkNo);
        }
        return sign(tenantId, recipientId, Purpose.CLICK, linkNo);
    }

    public String unsubscribe(UUID tenantId, long recipientId) {
        return sign(tenantId, recipientId, Purpose.UNSUBSCRIBE, -1);
    }

    /** The token's content when it is well formed, signed by us, unexpired and for {@code purpose}; else empty. */
    public Optional<Token> verify(String token, Purpose purpose) {
        if (token == null || token.length() > 128) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // one spelling per token: base64 leaves spare bits in the last character, which the decoder ignores
        if (bytes.length != BODY_BYTES + MAC_BYTES || bytes[0] != VERSION
                || !ENCODER.encodeToString(bytes).equals(token)) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        UUID tenantId = new UUID(in.getLong(), in.getLong());
        long recipientId = in.getLong();
        Optional<Purpose> actual = Purpose.of(in.get());
        int linkNo = in.getShort();
        long lastDay = in.getInt();
        byte[] mac = new byte[MAC_BYTES];
        in.get(mac);
        byte[] expected = mac(tenantId, bytes, BODY_BYTES);
        if (!MessageDigest.isEqual(mac, expected) || actual.isEmpty() || actual.get() != purpose
                || LocalDate.now(clock).toEpochDay() > lastDay) {
            return Optional.empty();
        }
        return Optional.of(new Token(tenantId, recipientId, purpose, purpose == Purpose.CLICK ? linkNo : -1));
    }

    private String sign(UUID tenantId, long recipientId, Purpose purpose, int linkNo) {
        ByteBuffer out = ByteBuffer.allocate(BODY_BYTES + MAC_BYTES);
        out.put(VERSION)
                .putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits())
                .putLong(recipientId)
                .put((byte) purpose.code)
                .putShort((short) Math.max(linkNo, 0))
                .putInt((int) LocalDate.now(clock).plusDays(lifetime.toDays()).toEpochDay());
        out.put(mac(tenantId, out.array(), BODY_BYTES));
        return ENCODER.encodeToString(out.array());
    }

    /**
     * HMAC-SHA256 of the body under the tenant's key (HMAC of the tenant id under the secret), truncated. The tenant
     * keys are kept (a few per instance) and each thread reuses its {@link Mac}: a campaign mail carries ~20 tokens.
     */
    private byte[] mac(UUID tenantId, byte[] body, int length) {
        try {
            Mac mac = MACS.get();
            mac.init(tenantKeys.computeIfAbsent(tenantId, this::tenantKey));
            mac.update(body, 0, length);
            byte[] full = mac.doFinal();
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec tenantKey(UUID tenantId) {
        try {
            Mac tenantKey = Mac.getInstance("HmacSHA256");
            tenantKey.init(new SecretKeySpec(secret, "HmacSHA256"));
            return new SecretKeySpec(tenantKey.doFinal(tenantId.toString().getBytes(StandardCharsets.US_ASCII)),
                    "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] checked(String configured) {
        if (configured.strip().length() < 32) {
            throw new IllegalStateException("archipel.tracking.secret must be at least 32 characters");
        }
        return configured.strip().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] storedSecret(JdbcTemplate jdbc) {
        return PlatformSecrets.getOrCreate(jdbc, SECRET_NAME, 32);
    }
}
