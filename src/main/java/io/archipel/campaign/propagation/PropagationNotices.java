package io.archipel.campaign.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.TemplateUpdates;
import io.archipel.campaign.notifications.CampaignRecipients;
import io.archipel.shared.mail.MailAddresses;
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.MailSender;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells a branch that its campaign moved to a new template version (or could not): one e-mail to the campaign's
 * author (when still active) and to each active manager of the branch, in the recipient's language. A mail that
 * cannot be sent is logged and skipped (the portal notice still shows it).
 */
@Component
class PropagationNotices {

    private static final Logger log = LoggerFactory.getLogger(PropagationNotices.class);

    /** A person to tell, with the language of their mails. */

    private final CampaignService campaigns;
    private final UpdateStore store;
    private final CampaignRecipients recipients;
    private final TenantDirectory tenantNames;
    private final MailSender outbox;
    private final MessageSource messages;
    private final TemplatePreviewer previewer;
    private final TransactionTemplate read;
    private final String defaultFrom;

    PropagationNotices(CampaignService campaigns, UpdateStore store, CampaignRecipients recipients,
            TenantDirectory tenantNames, MailSender outbox,
            MessageSource messages, TemplatePreviewer previewer, PlatformTransactionManager transactions,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.campaigns = campaigns;
        this.store = store;
        this.recipients = recipients;
        this.tenantNames = tenantNames;
        this.outbox = outbox;
        this.messages = messages;
        this.previewer = previewer;
        this.read = new TransactionTemplate(transactions);
        this.read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.read.setReadOnly(true);
        this.defaultFrom = MailAddresses.isValid(defaultFrom) ? defaultFrom.strip() : "no-reply@archipel.example";
    }

    /** Mails the branch side about a campaign just moved or kept (after its transaction committed). */
    void tell(TemplatePropagator.Handled handled) {
        UUID tenantId = handled.tenantId();
        try {
            List<OutgoingMail> mails = new ArrayList<>();
            TenantContext.runAsSystem(tenantId, () -> mails.addAll(read.execute(s -> {
                Campaigns.Details campaign = campaigns.get(handled.campaignId());
                Optional<TemplateUpdates.Update> update = store.forCampaign(tenantId, handled.campaignId()).stream()
                        .filter(u -> u.outcome() == handled.outcome()).findFirst();
                if (update.isEmpty()) {
                    return List.<OutgoingMail>of();
                }
                PropagationMails writer = new PropagationMails(messages, tenantNames.name(tenantId).orElse("Archipel"),
                        defaultFrom, previewer.publicBaseUrl());
                return recipients.branchSide(campaign, tenantId).stream()
                        .map(r -> writer.compose(r, campaign, update.get())).toList();
            })));
            if (mails.isEmpty() || !outbox.configured()) {
                return;
            }
            TenantContext.runAs(tenantId, () -> {
                for (OutgoingMail mail : mails) {
                    try {
                        outbox.send(mail);
                    } catch (MailDeliveryException | IllegalArgumentException e) {
                        log.warn("Template update notice to {} not sent: {}", mail.toAddress(), e.getMessage());
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Template update notice for campaign {} not sent: {}", handled.campaignId(), e.toString());
        }
    }

}
