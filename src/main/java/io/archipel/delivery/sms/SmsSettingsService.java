package io.archipel.delivery.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.archipel.delivery.sms.SmsSettings.Changes;
import io.archipel.delivery.sms.SmsSettings.InvalidSmsSettingsException;
import io.archipel.delivery.sms.SmsSettings.Provider;
import io.archipel.delivery.sms.SmsSettings.StaleSmsSettingsException;
import io.archipel.delivery.sms.SmsSettings.View;
import io.archipel.delivery.settings.SecretBox;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * HQ's SMS provider settings (one row per tenant, {@code sms_settings}): the development sandbox (the default when
 * nothing is saved) or a generic HTTP provider with its URL, bearer token (stored encrypted with the sending settings' {@link SecretBox}, never shown back) and
 * sender name. Reading and changing them is for HQ admins (and trusted system code).
 */
@Service
public class SmsSettingsService {

    /** An alphanumeric sender ID: 1–11 letters or digits, at least one letter (all digits would be a number). */
    static final Pattern SENDER_NAME = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9]{1,11}");
    static final int MAX_URL = 2048;
    static final int MAX_TOKEN = 1000;

    private final JdbcTemplate jdbc;
    private final SecretBox secrets;

    SmsSettingsService(JdbcTemplate jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Transactional(readOnly = true)
    public View current() {
        requireAdmin();
        UUID tenantId = TenantContext.require();
        return jdbc.query("select provider, http_url, http_token_encrypted is not null as token_set, sender_name, "
                + "version, updated_at, updated_by from sms_settings where tenant_id = ?",
                (rs, n) -> new View(Provider.valueOf(rs.getString("provider")), rs.getString("http_url"),
                        rs.getBoolean("token_set"), rs.getString("sender_name"), rs.getLong("version"),
                        rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by")), tenantId)
                .stream().findFirst()
                .orElse(new View(Provider.DEVELOPMENT, null, false, null, 0, null, null));
    }

    /**
     * Saves the settings when {@code version} is still the stored one ({@link StaleSmsSettingsException} otherwise);
     * returns the new version. {@link InvalidSmsSettingsException} for a bad URL, a missing token or sender name.
     */
    @Transactional
    public long save(long version, Changes changes) {
        requireAdmin();
        UUID tenantId = TenantContext.require();
        Provider provider = changes.provider() == null ? Provider.DEVELOPMENT : changes.provider();
        String url = blankToNull(changes.httpUrl());
        String token = blankToNull(changes.newToken());
        String sender = blankToNull(changes.senderName());
        if (sender != null && !SENDER_NAME.matcher(sender).matches()) {
            throw new InvalidSmsSettingsException("senderName", "dispatch.sms.settings.senderName.invalid");
        }
        if (url != null) {
            checkUrl(url);
        }
        if (token != null && token.length() > MAX_TOKEN) {
            throw new InvalidSmsSettingsException("token", "dispatch.sms.settings.token.tooLong");
        }
        List<Long> stored = jdbc.queryForList("select version from sms_settings where tenant_id = ? for update",
                Long.class, tenantId);
        long current = stored.isEmpty() ? 0 : stored.get(0);
        if (current != version) {
            throw new StaleSmsSettingsException();
        }
        boolean tokenStored = !stored.isEmpty() && Boolean.TRUE.equals(jdbc.queryForObject(
                "select http_token_encrypted is not null from sms_settings where tenant_id = ?", Boolean.class,
                tenantId));
        if (provider == Provider.HTTP) {
            if (url == null) {
                throw new InvalidSmsSettingsException("httpUrl", "validation.required");
            }
            if (token == null && !tokenStored) {
                throw new InvalidSmsSettingsException("token", "dispatch.sms.settings.token.required");
            }
        }
        byte[] box = token == null ? null : secrets.encrypt(tenantId, token);
        String actor = CurrentUser.find().map(u -> u.email()).orElse("system");
        if (stored.isEmpty()) {
            jdbc.update("insert into sms_settings (tenant_id, provider, http_url, http_token_encrypted, sender_name, "
                    + "updated_by, version) values (?, ?, ?, ?, ?, ?, 1)", tenantId, provider.name(), url, box,
                    sender, actor);
            return 1;
        }
        jdbc.update("update sms_settings set provider = ?, http_url = ?, http_token_encrypted = coalesce(?, "
                + "http_token_encrypted), sender_name = ?, updated_at = now(), updated_by = ?, version = version + 1 "
                + "where tenant_id = ?", provider.name(), url, box, sender, actor, tenantId);
        return current + 1;
    }

    /** Forgets the stored token (the provider then cannot be HTTP until a new one is given). */
    @Transactional
    public void clearToken() {
        requireAdmin();
        jdbc.update("update sms_settings set http_token_encrypted = null, provider = 'DEVELOPMENT', updated_at = now(), "
                + "version = version + 1 where tenant_id = ?", TenantContext.require());
    }

    /** The settings the providers use, for the tenant of the context (trusted code of this package). */
    @Transactional(readOnly = true)
    ResolvedSmsSettings resolve() {
        UUID tenantId = TenantContext.require();
        Optional<ResolvedSmsSettings> row = jdbc.query("select provider, http_url, http_token_encrypted, sender_name "
                + "from sms_settings where tenant_id = ?", (rs, n) -> {
                    byte[] box = rs.getBytes("http_token_encrypted");
                    return new ResolvedSmsSettings(Provider.valueOf(rs.getString("provider")),
                            rs.getString("http_url"), box == null ? null : secrets.decrypt(tenantId, box),
                            rs.getString("sender_name"));
                }, tenantId).stream().findFirst();
        return row.orElse(ResolvedSmsSettings.DEFAULT);
    }

    private static void checkUrl(String url) {
        if (url.length() > MAX_URL) {
            throw new InvalidSmsSettingsException("httpUrl", "dispatch.sms.settings.url.invalid");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                throw new InvalidSmsSettingsException("httpUrl", "dispatch.sms.settings.url.invalid");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSmsSettingsException("httpUrl", "dispatch.sms.settings.url.invalid");
        }
    }

    static void requireAdmin() {
        if (TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return;
        }
        Role role = CurrentUser.find().map(u -> u.role()).orElse(null);
        if (role != Role.HQ_ADMIN) {
            throw new AccessDeniedInScopeException("SMS settings");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
