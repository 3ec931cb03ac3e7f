package io.archipel.campaign.notifications;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.campaign.CampaignEscalated;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.CampaignTransitioned;
import io.archipel.campaign.Campaigns;
import io.archipel.shared.mail.MailAddresses;
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.MailSender;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantDirectory;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TenantStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * E-mails of the review workflow, sent once the change is committed:
 * <ul>
 * <li>submitted for review → the reviewers concerned (see {@link CampaignRecipients});</li>
 * <li>changes requested, approved → the campaign's author and the branch's managers;</li>
 * <li>deadline near (80 % of the review time elapsed) → the reviewers, once per review round
 * ({@link #remindDue});</li>
 * <li>deadline passed and escalated → HQ's reviewers.</li>
 * </ul>
 * Whoever acted is not told about their own action. Each mail is in its recipient's language. A mail that cannot be
 * sent is logged and skipped: a notification never undoes or blocks a decision.
 */
@Component
public class ReviewNotifications {

    /** Share of the review time after which the reviewers get a reminder. */
    static final double REMINDER_AT = 0.8;

    private static final Logger log = LoggerFactory.getLogger(ReviewNotifications.class);

    private final CampaignService campaigns;
    private final CampaignRecipients audience;
    private final MailSender outbox;
    private final MessageSource messages;
    private final TemplatePreviewer previewer;
    private final TenantDirectory tenantNames;
    private final TenantService tenants;
    private final BranchService branches;
    private final TransactionTemplate newTransaction;
    private final TransactionTemplate claimTransaction;
    private final JdbcTemplate jdbc;
    private final String defaultFrom;

    ReviewNotifications(CampaignService campaigns, CampaignRecipients audience, MailSender outbox,
            MessageSource messages, TemplatePreviewer previewer, TenantDirectory tenantNames, TenantService tenants, BranchService branches,
            PlatformTransactionManager transactions, JdbcTemplate jdbc,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.campaigns = campaigns;
        this.audience = audience;
        this.outbox = outbox;
        this.messages = messages;
        this.previewer = previewer;
        this.tenantNames = tenantNames;
        this.tenants = tenants;
        this.branches = branches;
        // the event's transaction is over (and its tenant setting with it): read in a fresh one
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.newTransaction.setReadOnly(true);
        this.claimTransaction = new TransactionTemplate(transactions);
        this.claimTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.defaultFrom = MailAddresses.isValid(defaultFrom) ? defaultFrom.strip() : "no-reply@archipel.example";
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onTransition(CampaignTransitioned event) {
        ReviewMails.Kind kind = switch (event.to()) {
            case IN_REVIEW -> ReviewMails.Kind.SUBMITTED;
            case CHANGES_REQUESTED -> ReviewMails.Kind.CHANGES_REQUESTED;
            case APPROVED -> ReviewMails.Kind.APPROVED;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        try {
            List<OutgoingMail> mails = new ArrayList<>();
            TenantContext.runAsSystem(event.tenantId(), () -> mails.addAll(newTransaction.execute(status -> {
                Campaigns.Details campaign = campaigns.get(event.campaignId());
                List<CampaignRecipients.Recipient> to = kind == ReviewMails.Kind.SUBMITTED
                        ? audience.reviewers(campaign, event.tenantId())
                        : audience.branchSide(campaign, event.tenantId());
                String actorName = actorName(campaign, event);
                ReviewMails writer = writer(event.tenantId());
                return to.stream().filter(r -> event.actor() == null || !r.email().equalsIgnoreCase(event.actor()))
                        .map(r -> writer.compose(kind, r, campaign, actorName, event.comment())).toList();
            })));
            send(event.tenantId(), mails);
        } catch (RuntimeException e) {
            log.warn("Review notification for campaign {} ({} → {}) not sent: {}", event.campaignId(), event.from(),
                    event.to(), e.toString());
        }
    }

    /** The deadline passed and the policy hands the campaign to HQ: HQ's reviewers are told. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onEscalation(CampaignEscalated event) {
        try {
            List<OutgoingMail> mails = new ArrayList<>();
            TenantContext.runAsSystem(event.tenantId(), () -> mails.addAll(newTransaction.execute(status -> {
                Campaigns.Details campaign = campaigns.get(event.campaignId());
                ReviewMails writer = writer(event.tenantId());
                return audience.reviewers(campaign, event.tenantId()).stream()
                        .map(r -> writer.compose(ReviewMails.Kind.ESCALATED, r, campaign, null, null)).toList();
            })));
            send(event.tenantId(), mails);
        } catch (RuntimeException e) {
            log.warn("Escalation notice for campaign {} not sent: {}", event.campaignId(), e.toString());
        }
    }

    /**
     * Reminds the reviewers of every campaign in review whose reminder time ({@value #REMINDER_AT} of the way from
     * submission to deadline) has come, in every active network, once per review round: each campaign is claimed by
     * a conditional update of {@code review_reminded_at} before its mails are composed, so several instances never
     * remind twice, and a reminder that fell while no instance ran is sent at the next sweep if the deadline is
     * still ahead. Returns how many mails were sent.
     */
    public int remindDue(Instant now) {
        int sent = 0;
        for (TenantService.TenantSummary tenant : tenants.list()) {
            if (tenant.status() != TenantStatus.ACTIVE) {
                continue;
            }
            try {
                sent += remindDue(tenant.id(), now);
            } catch (RuntimeException e) {
                log.warn("Review reminders of network {} not sent: {}", tenant.slug(), e.toString());
            }
        }
        return sent;
    }

    int remindDue(UUID tenantId, Instant now) {
        List<OutgoingMail> mails = new ArrayList<>();
        TenantContext.runAsSystem(tenantId, () -> mails.addAll(claimTransaction.execute(status -> {
            List<OutgoingMail> out = new ArrayList<>();
            ReviewMails writer = null;
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            List<UUID> due = jdbc.queryForList("update campaign set review_reminded_at = ? where tenant_id = ? "
                    + "and status = 'IN_REVIEW' and review_reminded_at is null and escalated_at is null "
                    + "and submitted_at is not null and review_due_at > ? "
                    + "and submitted_at + (review_due_at - submitted_at) * " + REMINDER_AT + " <= ? returning id",
                    UUID.class, at, tenantId, at, at);
            for (UUID campaignId : due) {
                Campaigns.Details campaign = campaigns.get(campaignId);
                if (writer == null) {
                    writer = writer(tenantId);
                }
                for (CampaignRecipients.Recipient r : audience.reviewers(campaign, tenantId)) {
                    out.add(writer.compose(ReviewMails.Kind.DEADLINE_NEAR, r, campaign, null, null));
                }
            }
            return out;
        })));
        return send(tenantId, mails);
    }

    /** When {@value #REMINDER_AT} of the time between submission and deadline has passed. */
    static Instant reminderTime(Instant submittedAt, Instant dueAt) {
        if (submittedAt == null || dueAt == null || !dueAt.isAfter(submittedAt)) {
            return null;
        }
        long millis = Duration.between(submittedAt, dueAt).toMillis();
        return submittedAt.plusMillis(Math.round(millis * REMINDER_AT));
    }

    private int send(UUID tenantId, List<OutgoingMail> mails) {
        int[] sent = {0};
        if (mails.isEmpty() || !outbox.configured()) {
            return 0;
        }
        // the tenant context marks each mail with its network (the mail sandbox files them by it)
        TenantContext.runAs(tenantId, () -> {
            for (OutgoingMail mail : mails) {
                try {
                    outbox.send(mail);
                    sent[0]++;
                } catch (MailDeliveryException | IllegalArgumentException e) {
                    log.warn("Review notification to {} not sent: {}", mail.toAddress(), e.getMessage());
                }
            }
        });
        return sent[0];
    }

    private ReviewMails writer(UUID tenantId) {
        String network = tenantNames.name(tenantId).orElse("Archipel");
        return new ReviewMails(messages, network, defaultFrom, previewer.publicBaseUrl());
    }

    /** The display name of whoever made this change (the newest matching timeline entry), else the login. */
    private static String actorName(Campaigns.Details campaign, CampaignTransitioned event) {
        List<Campaigns.Transition> timeline = campaign.timeline() == null ? List.of() : campaign.timeline();
        for (int i = timeline.size() - 1; i >= 0; i--) {
            Campaigns.Transition t = timeline.get(i);
            if (t.to() == event.to() && t.actorName() != null) {
                return "system".equals(t.actorName()) ? "Archipel" : t.actorName();
            }
        }
        return event.actor() == null || "system".equals(event.actor()) ? "Archipel" : event.actor();
    }
}
