package io.archipel.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Authenticates the webhooks of a tenant ({@code /hooks/{tenantSlug}/…}: bounces and complaints, SMS replies):
 * {@code Authorization: Bearer <secret>} whose hex SHA-256 equals the tenant's {@code sending_settings
 * .webhook_secret_hash}. The comparison is constant-time, and an unknown tenant, a suspended one, a tenant without a
 * secret, a missing header or a wrong secret all give the same empty answer (the endpoint then answers 401 with no
 * detail).
 */
@Component
public class WebhookSecrets {

    private static final String BEARER = "bearer ";
    private static final byte[] NO_HASH = new byte[64];

    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    WebhookSecrets(TenantService tenants, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The id of the tenant when {@code authorizationHeader} carries its webhook secret; else empty. */
    public Optional<UUID> authenticate(String tenantSlug, String authorizationHeader) {
        String presented = bearer(authorizationHeader);
        Optional<UUID> tenantId = tenantSlug == null || tenantSlug.length() > 60 ? Optional.empty()
                : tenants.findBySlug(tenantSlug.toLowerCase(Locale.ROOT))
                        .filter(t -> t.status() == io.archipel.tenancy.TenantStatus.ACTIVE)
                        .map(TenantService.TenantSummary::id);
        String stored = tenantId.map(this::storedHash).orElse(null);
        byte[] expected = stored == null ? NO_HASH : stored.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = presented == null ? new byte[0] : sha256Hex(presented).getBytes(StandardCharsets.US_ASCII);
        boolean equal = MessageDigest.isEqual(expected, actual);
        return equal && stored != null && presented != null ? tenantId : Optional.empty();
    }

    /** Whether {@code authorizationHeader} carries the webhook secret of the tenant {@code tenantSlug}. */
    public boolean matches(String tenantSlug, String authorizationHeader) {
        return authenticate(tenantSlug, authorizationHeader).isPresent();
    }

    /** The hex SHA-256 of a secret, as {@code sending_settings.webhook_secret_hash} keeps it. */
    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String storedHash(UUID tenantId) {
        String[] hash = new String[1];
        TenantContext.runAsSystem(tenantId, () -> readOnly.executeWithoutResult(status -> {
            List<String> found = jdbc.queryForList(
                    "select webhook_secret_hash from sending_settings where tenant_id = ?", String.class, tenantId);
            hash[0] = found.isEmpty() ? null : found.get(0);
        }));
        return hash[0] == null || hash[0].isBlank() ? null : hash[0];
    }

    private static String bearer(String header) {
        if (header == null || header.length() <= BEARER.length() || header.length() > 1000
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String secret = header.substring(BEARER.length()).strip();
        return secret.isEmpty() ? null : secret;
    }
}
