package io.archipel.delivery.settings;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code sending_settings} row of a tenant (plain SQL, one row keyed by tenant_id; row-level security filters on
 * the transaction's tenant on top of the explicit tenant id). Callers run inside a transaction.
 */
@Repository
public class SendingSettingsStore {

    /** The row as stored (secrets still encrypted). */
    public record Row(String relayHost, Integer relayPort, String relaySecurity, String relayUsername,
            byte[] relayPasswordEncrypted, int maxPerSecond, int connections, String dkimDomain, String dkimSelector,
            byte[] dkimPrivateKeyEncrypted, String webhookSecretHash, Instant updatedAt, String updatedBy,
            long version) {
    }

    private final JdbcTemplate jdbc;

    SendingSettingsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> find(UUID tenantId) {
        return jdbc.query("select * from sending_settings where tenant_id = ?", (rs, n) -> new Row(
                rs.getString("relay_host"), (Integer) rs.getObject("relay_port"), rs.getString("relay_security"),
                rs.getString("relay_username"), rs.getBytes("relay_password_encrypted"), rs.getInt("max_per_second"),
                rs.getInt("connections"), rs.getString("dkim_domain"), rs.getString("dkim_selector"),
                rs.getBytes("dkim_private_key_encrypted"), rs.getString("webhook_secret_hash"),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"), rs.getLong("version")),
                tenantId).stream().findFirst();
    }

    /** Creates the tenant's row with the defaults when it has none (then every change is an update). */
    public void ensure(UUID tenantId) {
        jdbc.update("insert into sending_settings (tenant_id) values (?) on conflict (tenant_id) do nothing", tenantId);
    }

    /** Relay, rate and DKIM identity if the row still has {@code version}; false when it changed meanwhile. */
    public boolean update(UUID tenantId, long version, String host, Integer port, String security, String username,
            byte[] password, boolean keepPassword, int maxPerSecond, int connections, String dkimDomain,
            String dkimSelector, String by) {
        return jdbc.update("update sending_settings set relay_host = ?, relay_port = ?, relay_security = ?, "
                + "relay_username = ?, relay_password_encrypted = case when ? then relay_password_encrypted else ? end, "
                + "max_per_second = ?, connections = ?, dkim_domain = ?, dkim_selector = ?, updated_at = now(), "
                + "updated_by = ?, version = version + 1 where tenant_id = ? and version = ?", host, port, security,
                username, keepPassword, password, maxPerSecond, connections, dkimDomain, dkimSelector, by, tenantId,
                version) == 1;
    }

    public void updateDkimKey(UUID tenantId, byte[] privateKey, String by) {
        jdbc.update("update sending_settings set dkim_private_key_encrypted = ?, updated_at = now(), updated_by = ?, "
                + "version = version + 1 where tenant_id = ?", privateKey, by, tenantId);
    }

    public void updateWebhookSecretHash(UUID tenantId, String hash, String by) {
        jdbc.update("update sending_settings set webhook_secret_hash = ?, updated_at = now(), updated_by = ?, "
                + "version = version + 1 where tenant_id = ?", hash, by, tenantId);
    }
}
