package io.archipel.delivery;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.archipel.tenancy.TenantService;
import org.springframework.stereotype.Component;

/**
 * Authenticates the webhooks of a tenant ({@code /hooks/{tenantSlug}/…}: bounces and complaints, SMS replies):
 * {@code Authorization: Bearer <secret>} whose hex SHA-256 equals the tenant's {@code sending_settings
 * .webhook_secret_hash}, compared in constant time by {@link SendingSettings#webhookSecretMatches}. An unknown
 * tenant, a suspended one, a tenant without a secret, a missing header or a wrong secret all give the same empty
 * answer (the endpoint then answers 401 with no detail).
 */
@Component
public class WebhookSecrets {

    private static final String BEARER = "bearer ";

    private final TenantService tenants;
    private final SendingSettings settings;

    WebhookSecrets(TenantService tenants, SendingSettings settings) {
        this.tenants = tenants;
        this.settings = settings;
    }

    /** The id of the tenant when {@code authorizationHeader} carries its webhook secret; else empty. */
    public Optional<UUID> authenticate(String tenantSlug, String authorizationHeader) {
        String presented = bearer(authorizationHeader);
        Optional<UUID> tenantId = tenantSlug == null || tenantSlug.length() > 60 ? Optional.empty()
                : tenants.findBySlug(tenantSlug.toLowerCase(Locale.ROOT))
                        .filter(t -> t.status() == io.archipel.tenancy.TenantStatus.ACTIVE)
                        .map(TenantService.TenantSummary::id);
        return tenantId.filter(id -> settings.webhookSecretMatches(id, presented));
    }

    /** Whether {@code authorizationHeader} carries the webhook secret of the tenant {@code tenantSlug}. */
    public boolean matches(String tenantSlug, String authorizationHeader) {
        return authenticate(tenantSlug, authorizationHeader).isPresent();
    }

    /** The hex SHA-256 of a secret, as {@code sending_settings.webhook_secret_hash} keeps it. */
    public static String sha256Hex(String secret) {
        return SendingSettings.sha256Hex(secret);
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
