package io.archipel.delivery.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.MailSender;
import io.archipel.tenancy.TenantContext;
import org.springframework.stereotype.Component;

/**
 * The first transport: one mail at a time through the application's {@link MailSender} (one connection per mail, the
 * server's own Message-ID). To be replaced by the pooled SMTP transport (docs/delivery-plan.md).
 */
@Component
class OutboxCampaignTransport implements CampaignTransport {

    private final MailSender outbox;

    OutboxCampaignTransport(MailSender outbox) {
        this.outbox = outbox;
    }

    @Override
    public List<Outcome> sendAll(UUID tenantId, List<CampaignMail> mails) {
        List<Outcome> outcomes = new ArrayList<>(mails.size());
        TenantContext.runAs(tenantId, () -> {
            for (CampaignMail mail : mails) {
                try {
                    outbox.send(mail.mail());
                    outcomes.add(Outcome.ACCEPTED_OUTCOME);
                } catch (MailDeliveryException e) {
                    outcomes.add(new Outcome(e.reason() == MailDeliveryException.Reason.REJECTED ? Kind.PERMANENT
                            : Kind.TEMPORARY, e.getMessage()));
                }
            }
        });
        return outcomes;
    }
}
