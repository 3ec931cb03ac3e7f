package io.archipel.delivery.send;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The (tenant, campaign) ids one of the engine's security-definer functions lists across tenants
 * ({@code archipel_running_sends()}, {@code archipel_due_campaign_sends(limit)}, {@code archipel_materialising_sends()}),
 * read in a read-only transaction of its own; the work on each then runs inside its tenant.
 */
final class CrossTenantSends {

    private CrossTenantSends() {
    }

    /** {@code [tenantId, campaignId]} per row of {@code function} (a call such as {@code archipel_running_sends()}). */
    static List<UUID[]> list(JdbcTemplate jdbc, PlatformTransactionManager transactions, String function) {
        TransactionTemplate read = new TransactionTemplate(transactions);
        read.setReadOnly(true);
        List<UUID[]> ids = read.execute(s -> jdbc.query("select tenant_id, campaign_id from " + function,
                (rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}));
        return ids == null ? List.of() : ids;
    }
}
