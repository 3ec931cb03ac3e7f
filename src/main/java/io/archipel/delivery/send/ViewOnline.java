package io.archipel.delivery.send;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.delivery.TrackingTokens;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The HTML of one recipient's e-mail as sent, found by its open token (view online). Records nothing. */
@Component
public class ViewOnline {

    private final TrackingTokens tokens;
    private final JdbcTemplate jdbc;
    private final CampaignMailFactory factory;
    private final TransactionTemplate tx;

    ViewOnline(TrackingTokens tokens, JdbcTemplate jdbc, CampaignMailFactory factory,
            PlatformTransactionManager txManager) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.factory = factory;
        this.tx = new TransactionTemplate(txManager);
        this.tx.setReadOnly(true);
    }

    public Optional<String> html(String token) {
        Optional<TrackingTokens.Token> verified = tokens.verify(token, TrackingTokens.Purpose.OPEN);
        if (verified.isEmpty()) {
            return Optional.empty();
        }
        UUID tenantId = verified.get().tenantId();
        long recipientId = verified.get().recipientId();
        String[] html = {null};
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> {
            List<CampaignMailFactory.Recipient> found = jdbc.query("select r.id, r.campaign_id, r.address, "
                    + "c.first_name, c.last_name, c.email from campaign_recipient r join campaign_send s "
                    + "on s.tenant_id = r.tenant_id and s.campaign_id = r.campaign_id and s.channel = 'EMAIL' "
                    + "join contact c on c.tenant_id = r.tenant_id and c.id = r.contact_id "
                    + "where r.tenant_id = ? and r.id = ? and c.erased_at is null",
                    (rs, i) -> new CampaignMailFactory.Recipient(rs.getLong("id"), rs.getString("address"),
                            rs.getString("first_name"), rs.getString("last_name"), rs.getString("email")),
                    tenantId, recipientId);
            if (found.isEmpty()) {
                return;
            }
            UUID campaignId = jdbc.queryForObject("select campaign_id from campaign_recipient where tenant_id = ? "
                    + "and id = ?", UUID.class, tenantId, recipientId);
            CampaignMailFactory.Compiled c = factory.compiled(campaignId);
            if (c.channel() == TemplateChannel.EMAIL) {
                html[0] = factory.render(c, found.get(0)).html();
            }
        }));
        return Optional.ofNullable(html[0]);
    }
}
