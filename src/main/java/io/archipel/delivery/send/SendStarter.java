package io.archipel.delivery.send;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the campaigns that are due (APPROVED without a send date, SCHEDULED whose date has come), each in ONE
 * transaction of its tenant as system: the campaign row is locked {@code FOR UPDATE SKIP LOCKED} (so several instances
 * may sweep at once), moved to SENDING, its send row inserted and its recipients materialised with one
 * {@code insert … select} from the segment's SQL (consenting, not suppressed, not erased), the count frozen. A
 * campaign without a segment goes to the branch's whole reachable audience on its channel. Nobody to send to: the
 * send finishes at once (campaign SENT with 0).
 */
@Component
public class SendStarter {

    private static final Logger log = LoggerFactory.getLogger(SendStarter.class);

    private final JdbcTemplate jdbc;
    private final CampaignService campaigns;
    private final SegmentService segments;
    private final TrackedLinkStore trackedLinks;
    private final TransactionTemplate newTransaction;

    SendStarter(JdbcTemplate jdbc, CampaignService campaigns, SegmentService segments, TrackedLinkStore trackedLinks,
            PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.segments = segments;
        this.trackedLinks = trackedLinks;
        this.newTransaction = new TransactionTemplate(txManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Starts every due campaign (all tenants); returns how many this call started. */
    public int startDue() {
        TransactionTemplate read = new TransactionTemplate(newTransaction.getTransactionManager());
        read.setReadOnly(true);
        List<UUID[]> due = read.execute(s -> jdbc.query("select tenant_id, campaign_id from "
                + "archipel_due_campaign_sends(100)", (rs, i) -> new UUID[] {rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class)}));
        int started = 0;
        for (UUID[] d : due == null ? List.<UUID[]>of() : due) {
            try {
                if (start(d[0], d[1])) {
                    started++;
                }
            } catch (RuntimeException e) {
                log.warn("Could not start sending campaign {} of tenant {}", d[1], d[0], e);
            }
        }
        return started;
    }

    /** Starts one campaign if it is due and not locked by another instance; true when this call started it. */
    public boolean start(UUID tenantId, UUID campaignId) {
        boolean[] started = {false};
        TenantContext.runAsSystem(tenantId, () -> newTransaction.executeWithoutResult(s ->
                started[0] = startInTransaction(campaignId)));
        return started[0];
    }

    private boolean startInTransaction(UUID campaignId) {
        UUID tenantId = TenantContext.require();
        List<UUID> locked = jdbc.queryForList("select id from campaign where tenant_id = ? and id = ? "
                + "and status in ('APPROVED', 'SCHEDULED') and (send_at is null or send_at <= now()) "
                + "and not exists (select 1 from campaign_send s where s.tenant_id = campaign.tenant_id "
                + "and s.campaign_id = campaign.id) for update skip locked", UUID.class, tenantId, campaignId);
        if (locked.isEmpty()) {
            return false;
        }
        Campaigns.Details d = campaigns.get(campaignId);
        UUID branchId = d.summary().branchId();
        TemplateChannel channel = d.summary().channel();
        trackedLinks.ensure(campaignId);
        campaigns.startSending(campaignId);
        jdbc.update("insert into campaign_send (tenant_id, campaign_id, branch_id, channel, recipient_count) "
                + "values (?, ?, ?, ?, 0)", tenantId, campaignId, branchId, channel.name());
        Contacts.Channel audienceChannel = channel == TemplateChannel.SMS ? Contacts.Channel.SMS
                : Contacts.Channel.EMAIL;
        Segments.Definition definition = d.summary().segmentId() == null
                ? new Segments.Definition(audienceChannel, new Segments.Group(Segments.Combinator.ALL, List.of()))
                : segments.get(d.summary().segmentId()).definition();
        Segments.Audience audience = segments.compileForBranch(definition, branchId);
        String address = channel == TemplateChannel.SMS ? "c.mobile" : "c.email";
        String reachable = channel == TemplateChannel.SMS ? "c.mobile is not null and c.sms_consent = 'GRANTED'"
                : "c.email is not null and c.email_consent = 'GRANTED'";
        Object[] params = new Object[audience.params().size() + 1];
        params[0] = campaignId;
        for (int i = 0; i < audience.params().size(); i++) {
            params[i + 1] = audience.params().get(i);
        }
        // the audience SQL already holds consent and suppression; the channel's own rule is repeated in case the
        // segment was made for the other channel
        // the rows' id range comes back with the count: workers claim them in id order from a cursor
        Map<String, Object> inserted = jdbc.queryForMap("with r as (insert into campaign_recipient (tenant_id, "
                + "campaign_id, contact_id, address) select c.tenant_id, ?, c.id, " + address + " from contact c where "
                + audience.sql() + " and " + reachable + " order by c.id on conflict do nothing returning id) "
                + "select count(*) as n, min(id) as lo, max(id) as hi from r", params);
        int count = ((Number) inserted.get("n")).intValue();
        Long first = inserted.get("lo") == null ? null : ((Number) inserted.get("lo")).longValue();
        Long last = inserted.get("hi") == null ? null : ((Number) inserted.get("hi")).longValue();
        jdbc.update("update campaign_send set recipient_count = ?, first_recipient_id = ?, last_recipient_id = ?, "
                + "claim_cursor = ?, updated_at = now() where tenant_id = ? and campaign_id = ?", count, first, last,
                first == null ? null : first - 1, tenantId, campaignId);
        if (count == 0) {
            jdbc.update("update campaign_send set state = 'FINISHED', finished_at = now() where tenant_id = ? "
                    + "and campaign_id = ?", tenantId, campaignId);
            campaigns.finishSending(campaignId);
        }
        log.info("Campaign {} ({}) started: {} recipient(s)", campaignId, channel, count);
        return true;
    }
}
