package io.archipel.delivery.send;

import java.util.ArrayList;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the campaigns that are due (APPROVED without a send date, SCHEDULED whose date has come) in their tenant as
 * system. One transaction locks the campaign row {@code FOR UPDATE SKIP LOCKED} (so several instances may sweep at
 * once), moves it to SENDING, inserts its send row and materialises the first chunk of recipients
 * ({@code archipel.delivery.materialise-chunk} contacts in id order, one {@code insert … select} from the segment's
 * SQL: consenting, not suppressed, not erased). Each further chunk is its own transaction, so that the workers send the
 * first ones meanwhile; the send cannot finish before the last chunk, after which its count is frozen. A campaign
 * without a segment goes to the branch's whole reachable audience on its channel. Nobody to send to: the send
 * finishes at once (campaign SENT with 0).
 */
@Component
public class SendStarter {

    private static final Logger log = LoggerFactory.getLogger(SendStarter.class);

    private final JdbcTemplate jdbc;
    private final CampaignService campaigns;
    private final SegmentService segments;
    private final TrackedLinkStore trackedLinks;
    private final TransactionTemplate newTransaction;
    private final int chunkSize;

    SendStarter(JdbcTemplate jdbc, CampaignService campaigns, SegmentService segments, TrackedLinkStore trackedLinks,
            PlatformTransactionManager txManager,
            @Value("${archipel.delivery.materialise-chunk:5000}") int chunkSize) {
        this.chunkSize = Math.max(1, chunkSize);
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.segments = segments;
        this.trackedLinks = trackedLinks;
        this.newTransaction = new TransactionTemplate(txManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Starts every due campaign (all tenants), then goes on with the materialisations a crash interrupted; returns
     * how many campaigns this call started.
     */
    public int startDue() {
        int started = 0;
        for (UUID[] d : CrossTenantSends.list(jdbc, newTransaction.getTransactionManager(),
                "archipel_due_campaign_sends(100)")) {
            try {
                if (start(d[0], d[1])) {
                    started++;
                }
            } catch (RuntimeException e) {
                log.warn("Could not start sending campaign {} of tenant {}", d[1], d[0], e);
            }
        }
        // sends whose materialisation stopped half-way (the instance died): any instance takes them up
        for (UUID[] m : CrossTenantSends.list(jdbc, newTransaction.getTransactionManager(),
                "archipel_materialising_sends()")) {
            try {
                materialiseRest(m[0], m[1]);
            } catch (RuntimeException e) {
                log.warn("Could not go on materialising the recipients of campaign {} of tenant {}", m[1], m[0], e);
            }
        }
        return started;
    }

    /**
     * Starts one campaign if it is due and not locked by another instance, then materialises the rest of its
     * recipients chunk by chunk (the workers already send the first ones); true when this call started it.
     */
    public boolean start(UUID tenantId, UUID campaignId) {
        boolean started = startFirstChunk(tenantId, campaignId);
        if (started) {
            materialiseRest(tenantId, campaignId);
        }
        return started;
    }

    /** Starts the send with its first chunk of recipients, in one transaction; true when this call started it. */
    boolean startFirstChunk(UUID tenantId, UUID campaignId) {
        boolean[] started = {false};
        TenantContext.runAsSystem(tenantId, () -> newTransaction.executeWithoutResult(s ->
                started[0] = startInTransaction(campaignId)));
        return started[0];
    }

    /** Materialises chunks until none is left (or another instance is at it, or the send was cancelled). */
    void materialiseRest(UUID tenantId, UUID campaignId) {
        while (materialiseNextChunk(tenantId, campaignId)) {
            // each chunk commits on its own: the workers can send it at once
        }
    }

    /** One more chunk of the send's recipients in its own transaction; true when more are to come. */
    boolean materialiseNextChunk(UUID tenantId, UUID campaignId) {
        boolean[] more = {false};
        TenantContext.runAsSystem(tenantId, () -> newTransaction.executeWithoutResult(s -> {
            // one materialiser per send at a time, across instances (released at commit)
            Boolean mine = jdbc.queryForObject("select pg_try_advisory_xact_lock(hashtextextended(?, 0))",
                    Boolean.class, "archipel.materialise:" + campaignId);
            if (!Boolean.TRUE.equals(mine)) {
                return;
            }
            List<UUID> after = jdbc.query("select materialised_after from campaign_send where tenant_id = ? "
                    + "and campaign_id = ? and materialising and state in ('RUNNING', 'PAUSED')",
                    (rs, i) -> rs.getObject(1, UUID.class), TenantContext.require(), campaignId);
            if (after.isEmpty()) {
                return;
            }
            Campaigns.Details d = campaigns.get(campaignId);
            Chunk chunk = materialiseChunk(d, after.get(0));
            if (chunk == null) {
                // cancelled meanwhile: rows added now would never be sent nor skipped
                s.setRollbackOnly();
                return;
            }
            more[0] = chunk.more();
        }));
        return more[0];
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
        jdbc.update("insert into campaign_send (tenant_id, campaign_id, branch_id, channel, recipient_count, "
                + "materialising) values (?, ?, ?, ?, 0, true)", tenantId, campaignId, branchId, channel.name());
        Chunk first = materialiseChunk(d, null);
        if (first.recipients() == 0 && !first.more()) {
            jdbc.update("update campaign_send set state = 'FINISHED', finished_at = now() where tenant_id = ? "
                    + "and campaign_id = ?", tenantId, campaignId);
            campaigns.finishSending(campaignId);
        }
        log.info("Campaign {} ({}) started: {} recipient(s) in its first chunk{}", campaignId, channel,
                first.recipients(), first.more() ? ", more to come" : "");
        return true;
    }

    /** What one chunk did: recipients inserted, and whether contacts are left after it. */
    private record Chunk(int recipients, boolean more) {
    }

    /**
     * Materialises the next {@code chunkSize} contacts of the audience after contact {@code after} (null: from the
     * first) with one {@code insert … select} from the segment's SQL (consenting, not suppressed, not erased), and
     * records it on the send: count, id range (workers claim in id order from a cursor), where the next chunk starts
     * and whether one is to come. Null when the send is no longer running or paused (nothing recorded).
     */
    private Chunk materialiseChunk(Campaigns.Details d, UUID after) {
        UUID tenantId = TenantContext.require();
        UUID campaignId = d.summary().id();
        TemplateChannel channel = d.summary().channel();
        Contacts.Channel audienceChannel = channel == TemplateChannel.SMS ? Contacts.Channel.SMS
                : Contacts.Channel.EMAIL;
        Segments.Definition definition = d.summary().segmentId() == null
                ? new Segments.Definition(audienceChannel, new Segments.Group(Segments.Combinator.ALL, List.of()))
                : segments.get(d.summary().segmentId()).definition();
        Segments.Audience audience = segments.compileForBranch(definition, d.summary().branchId());
        String address = channel == TemplateChannel.SMS ? "c.mobile" : "c.email";
        String reachable = channel == TemplateChannel.SMS ? "c.mobile is not null and c.sms_consent = 'GRANTED'"
                : "c.email is not null and c.email_consent = 'GRANTED'";
        List<Object> params = new ArrayList<>(audience.params());
        if (after != null) {
            params.add(after);
        }
        params.add(chunkSize);
        params.add(campaignId);
        // the audience SQL already holds consent and suppression; the channel's own rule is repeated in case the
        // segment was made for the other channel. The chunk is picked once (materialised), then inserted; a contact
        // already there (unique per campaign and contact) is skipped
        Map<String, Object> chunk = jdbc.queryForMap("with picked as materialized (select c.tenant_id, c.id, "
                + address + " as address from contact c where " + audience.sql() + " and " + reachable
                + (after == null ? "" : " and c.id > ?") + " order by c.id limit ?), "
                + "r as (insert into campaign_recipient (tenant_id, campaign_id, contact_id, address) "
                + "select tenant_id, ?, id, address from picked order by id on conflict do nothing returning id) "
                + "select (select count(*) from picked) as picked, "
                + "(select id from picked order by id desc limit 1) as last_contact, "
                + "(select count(*) from r) as n, (select min(id) from r) as lo, (select max(id) from r) as hi",
                params.toArray());
        int picked = ((Number) chunk.get("picked")).intValue();
        int count = ((Number) chunk.get("n")).intValue();
        boolean more = picked == chunkSize;
        int updated = jdbc.update("update campaign_send set recipient_count = recipient_count + ?, "
                + "first_recipient_id = coalesce(first_recipient_id, ?), "
                + "last_recipient_id = greatest(last_recipient_id, ?), "
                + "claim_cursor = coalesce(claim_cursor, ? - 1), materialising = ?, "
                + "materialised_after = coalesce(?, materialised_after), updated_at = now() "
                + "where tenant_id = ? and campaign_id = ? and materialising and state in ('RUNNING', 'PAUSED')",
                count, chunk.get("lo"), chunk.get("hi"), chunk.get("lo"), more, chunk.get("last_contact"),
                tenantId, campaignId);
        if (updated == 0) {
            return null;
        }
        if (!more) {
            log.info("Campaign {}: recipients materialised", campaignId);
        }
        return new Chunk(count, more);
    }
}
