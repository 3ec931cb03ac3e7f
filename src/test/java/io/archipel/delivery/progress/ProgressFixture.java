package io.archipel.delivery.progress;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.Availability;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Policies;
import io.archipel.campaign.PolicyService;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Approved e-mail campaigns of the demo branch LYO-01 (a template of their own, no review), and sends in the state a
 * test needs, written the way the engine keeps them ({@code campaign_send} counters, recipient rows, tracking events),
 * so that the progress card is tested without running the engine.
 */
public final class ProgressFixture {

    public static final String ADMIN = Personas.HQ_ADMIN;
    public static final String MARKETER = Personas.HQ_MARKETER;
    public static final String LYON = Personas.BRANCH_MANAGER;

    final Personas personas;
    final TemplateService templates;
    final PolicyService policies;
    final CampaignService campaigns;
    final SegmentService segments;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;
    public final UUID tenantId;
    final UUID branchId;

    public ProgressFixture(Personas personas, TemplateService templates, PolicyService policies, CampaignService campaigns,
            SegmentService segments, BranchService branches, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.personas = personas;
        this.templates = templates;
        this.policies = policies;
        this.campaigns = campaigns;
        this.segments = segments;
        this.jdbc = jdbc;
        this.tx = tx;
        this.tenantId = personas.principal(ADMIN).tenantId();
        this.branchId = personas.callAs(ADMIN, () -> branches.search("LYO-01", null).stream()
                .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id());
    }

    /** An approved campaign of LYO-01 (SCHEDULED when {@code sendAt} is given). */
    public UUID approvedCampaign(Instant sendAt) {
        return approvedCampaign(sendAt, UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * An approved campaign of LYO-01 sent at once to new contacts of LYO-01 with these e-mail addresses (e-mail consent
     * given). Returns the campaign id.
     */
    public UUID approvedCampaignTo(ContactService contacts, List<String> emails) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        personas.runAs(ADMIN, () -> emails.forEach(email -> {
            UUID id = contacts.create(branchId, new Contacts.ContactData(email, null, "Camille", "Progress", null, null,
                    null, null, null, null, List.of(tag)));
            contacts.recordConsent(id, Contacts.Channel.EMAIL, Contacts.ConsentState.GRANTED,
                    Contacts.ConsentSource.FORM, null);
        }));
        return approvedCampaign(null, tag);
    }

    private UUID approvedCampaign(Instant sendAt, String tag) {
        UUID segmentId = personas.callAs(ADMIN, () -> segments.create(null, new Segments.Draft("Progress " + tag, "",
                new Segments.Definition(Contacts.Channel.EMAIL, new Segments.Group(Segments.Combinator.ALL,
                        List.of(new Segments.Condition("tags", Segments.Operator.HAS_TAG, List.of(tag))))))));
        UUID templateId = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.EMAIL, "Progress " + tag,
                TemplateCategory.PROMOTION, ""));
        personas.runAs(MARKETER, () -> {
            templates.publish(templateId, templates.get(templateId).version(), Availability.NETWORK);
            policies.setTemplatePolicy(templateId, new Policies.Policy(Policies.ReviewMode.NEVER,
                    Policies.Reviewer.HQ, 24, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                    EnumSet.allOf(TemplateChannel.class)));
        });
        UUID campaignId = personas.callAs(LYON, () -> campaigns.createFromTemplate(branchId, templateId,
                "Progress " + tag));
        personas.runAs(LYON, () -> {
            campaigns.setAudience(campaignId, campaigns.get(campaignId).version(), segmentId);
            if (sendAt != null) {
                campaigns.setSchedule(campaignId, campaigns.get(campaignId).version(), sendAt);
            }
        });
        var submitted = personas.callAs(LYON, () -> campaigns.submit(campaignId, campaigns.get(campaignId).version()));
        if (submitted.status() != CampaignStatus.APPROVED && submitted.status() != CampaignStatus.SCHEDULED) {
            throw new IllegalStateException("campaign not approved: " + submitted);
        }
        return campaignId;
    }

    /**
     * Starts the campaign (SENDING) and writes its send as the engine would have it: {@code sentLastMinute} recipients
     * sent just now, {@code failed} failed with {@code error}, {@code skipped} skipped, the rest queued.
     */
    public UUID runningSend(int total, int sentLastMinute, int failed, String error, int skipped) {
        return send(total, sentLastMinute, failed, error, skipped, null);
    }

    /** As {@link #runningSend}, but paused by {@code who} from the start (a running engine leaves it alone). */
    public UUID pausedSend(int total, int sentLastMinute, int failed, String error, int skipped, String who) {
        return send(total, sentLastMinute, failed, error, skipped, who);
    }

    private UUID send(int total, int sentLastMinute, int failed, String error, int skipped, String pausedBy) {
        // scheduled far ahead, so that a running engine does not start it first
        UUID campaignId = approvedCampaign(Instant.now().plus(java.time.Duration.ofDays(30)));
        system(() -> {
            campaigns.startSending(campaignId);
            jdbc.update("insert into campaign_send (tenant_id, campaign_id, branch_id, channel, recipient_count, "
                    + "sent_count, failed_count, skipped_count, state, pause_reason, paused_by, paused_at) values "
                    + "(?, ?, ?, 'EMAIL', ?, ?, ?, ?, ?, ?, ?, case when ? then now() end)", tenantId,
                    campaignId, branchId, total, sentLastMinute, failed, skipped,
                    pausedBy == null ? "RUNNING" : "PAUSED", pausedBy == null ? null : "USER", pausedBy,
                    pausedBy != null);
            recipients(campaignId, sentLastMinute, "SENT", null, "now()");
            recipients(campaignId, failed, "FAILED", error, "null");
            recipients(campaignId, skipped, "SKIPPED", "unsubscribed", "null");
            recipients(campaignId, total - sentLastMinute - failed - skipped, "QUEUED", null, "null");
            return null;
        });
        return campaignId;
    }

    /**
     * A finished send on the SMS channel with one recipient row, SENT to {@code mobile}, as the engine leaves it.
     * Returns {campaign id, recipient row id}.
     */
    public Object[] finishedSmsSend(String mobile) {
        UUID campaignId = approvedCampaign(Instant.now().plus(java.time.Duration.ofDays(30)));
        Long recipientId = system(() -> {
            campaigns.startSending(campaignId);
            jdbc.update("insert into campaign_send (tenant_id, campaign_id, branch_id, channel, recipient_count, "
                    + "sent_count, state, finished_at) values (?, ?, ?, 'SMS', 1, 1, 'FINISHED', now())", tenantId,
                    campaignId, branchId);
            Long id = jdbc.queryForObject("insert into campaign_recipient (tenant_id, campaign_id, contact_id, address, "
                    + "status, sent_at) values (?, ?, gen_random_uuid(), ?, 'SENT', now()) returning id", Long.class,
                    tenantId, campaignId, mobile);
            campaigns.finishSending(campaignId);
            return id;
        });
        return new Object[] {campaignId, recipientId};
    }

    private void recipients(UUID campaignId, int n, String status, String error, String sentAt) {
        if (n <= 0) {
            return;
        }
        jdbc.update("insert into campaign_recipient (tenant_id, campaign_id, contact_id, address, status, last_error, "
                + "sent_at) select ?, ?, gen_random_uuid(), 'r' || g || '@progress.example', ?, ?, " + sentAt
                + " from generate_series(1, ?) g", tenantId, campaignId, status, error, n);
    }

    /** Marks the send finished (and the campaign SENT) as the engine does at the end. */
    public void finish(UUID campaignId) {
        system(() -> {
            jdbc.update("update campaign_recipient set status = 'SENT', sent_at = now() - interval '5 minutes' "
                    + "where tenant_id = ? and campaign_id = ? and status = 'QUEUED'", tenantId, campaignId);
            jdbc.update("update campaign_send set state = 'FINISHED', finished_at = now(), sent_count = (select "
                    + "count(*) from campaign_recipient r where r.tenant_id = ? and r.campaign_id = ? and r.status = "
                    + "'SENT') where tenant_id = ? and campaign_id = ?", tenantId, campaignId, tenantId, campaignId);
            campaigns.finishSending(campaignId);
            return null;
        });
    }

    /** A tracking event on the n-th sent recipient (1-based, by id). */
    public void event(UUID campaignId, int n, String kind, boolean firstOfKind, boolean machine) {
        system(() -> jdbc.update("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, first_of_kind, "
                + "machine_suspected) values (?, ?, (select id from campaign_recipient where tenant_id = ? and "
                + "campaign_id = ? and status = 'SENT' order by id offset ? limit 1), ?, ?, ?)", tenantId, campaignId,
                tenantId, campaignId, n - 1, kind, firstOfKind, machine));
    }

    public void pausedByErrors(UUID campaignId) {
        system(() -> jdbc.update("update campaign_send set state = 'PAUSED', pause_reason = 'ERROR_RATE', paused_at = "
                + "now() where tenant_id = ? and campaign_id = ?", tenantId, campaignId));
    }

    public String sendState(UUID campaignId) {
        return system(() -> jdbc.queryForObject("select state from campaign_send where tenant_id = ? and campaign_id = ?",
                String.class, tenantId, campaignId));
    }

    public CampaignStatus status(UUID campaignId) {
        return personas.callAs(ADMIN, () -> campaigns.get(campaignId).summary().status());
    }

    public <T> T system(java.util.function.Supplier<T> work) {
        Object[] out = {null};
        TenantContext.runAsSystem(tenantId, () -> out[0] = tx.execute(s -> work.get()));
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }
}
