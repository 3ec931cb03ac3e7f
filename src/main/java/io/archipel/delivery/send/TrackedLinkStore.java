package io.archipel.delivery.send;

import java.util.List;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.CampaignTransitioned;
import io.archipel.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a campaign's link targets in {@code tracked_link} (numbered as {@code PrecompiledEmail.links()} orders them)
 * when it is approved or scheduled, so that a click only ever redirects to a URL fixed at approval. Idempotent; the
 * starter calls {@link #ensure} again in case the listener did not run (crash between commit and listener).
 */
@Component
public class TrackedLinkStore {

    private static final Logger log = LoggerFactory.getLogger(TrackedLinkStore.class);

    private final JdbcTemplate jdbc;
    private final CampaignMailFactory factory;
    private final TransactionTemplate newTransaction;

    TrackedLinkStore(JdbcTemplate jdbc, CampaignMailFactory factory, PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.factory = factory;
        this.newTransaction = new TransactionTemplate(txManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onTransition(CampaignTransitioned event) {
        if (event.to() != CampaignStatus.APPROVED && event.to() != CampaignStatus.SCHEDULED) {
            return;
        }
        try {
            TenantContext.runAsSystem(event.tenantId(), () -> newTransaction.executeWithoutResult(s ->
                    ensure(event.campaignId())));
        } catch (RuntimeException e) {
            // the starter stores them at send time; approval itself already committed
            log.warn("Could not store the tracked links of campaign {} at approval", event.campaignId(), e);
        }
    }

    /** Stores the links of an e-mail campaign unless already stored; must run in a transaction of its tenant. */
    public void ensure(UUID campaignId) {
        UUID tenantId = TenantContext.require();
        // the campaign row first: the starter holds it FOR UPDATE while it stores the links too, and taking it here
        // before inserting (instead of in the inserts' foreign-key checks, after a row is in) cannot deadlock
        jdbc.queryForList("select 1 from campaign where tenant_id = ? and id = ? for key share", tenantId, campaignId);
        Boolean stored = jdbc.queryForObject("select exists (select 1 from tracked_link where tenant_id = ? "
                + "and campaign_id = ?)", Boolean.class, tenantId, campaignId);
        if (Boolean.TRUE.equals(stored)) {
            return;
        }
        CampaignMailFactory.Compiled c = factory.compile(campaignId);
        if (c.channel() != TemplateChannel.EMAIL) {
            return;
        }
        List<String> links = c.email().links();
        for (int i = 0; i < links.size(); i++) {
            jdbc.update("insert into tracked_link (tenant_id, campaign_id, link_no, url) values (?, ?, ?, ?) "
                    + "on conflict do nothing", tenantId, campaignId, i, links.get(i));
        }
    }

    /** The stored links of a campaign in order. */
    public List<String> links(UUID campaignId) {
        return jdbc.queryForList("select url from tracked_link where tenant_id = ? and campaign_id = ? "
                + "order by link_no", String.class, TenantContext.require(), campaignId);
    }
}
