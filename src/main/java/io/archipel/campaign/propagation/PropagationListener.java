package io.archipel.campaign.propagation;

import io.archipel.brand.TemplateVersionPublished;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.CampaignTransitioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Starts the propagation: once a template version's publication is committed, the template's campaigns in progress
 * follow it (in the publisher's thread, each campaign in its own system transaction of the tenant, so the publisher's
 * scope does not matter); a campaign kept on its version and sent back to its branch follows as soon as it is; and
 * every {@code archipel.campaigns.propagation.every} (5 minutes) a sweep picks up whatever should have moved and did
 * not (a crash between the commit and the listener, a campaign created on the previous version meanwhile). A failure
 * here never undoes the publication: it is logged and the sweep retries.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PropagationListener {

    private static final Logger log = LoggerFactory.getLogger(PropagationListener.class);

    private final TemplatePropagator propagator;
    private final boolean sweepEnabled;

    PropagationListener(TemplatePropagator propagator,
            @Value("${archipel.campaigns.propagation.sweep-enabled:true}") boolean sweepEnabled) {
        this.propagator = propagator;
        this.sweepEnabled = sweepEnabled;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onPublished(TemplateVersionPublished event) {
        try {
            int n = propagator.propagate(event.tenantId(), event.templateId()).size();
            if (n > 0) {
                log.info("Template {} version {}: {} campaign(s) in progress moved or kept", event.templateId(),
                        event.number(), n);
            }
        } catch (RuntimeException e) {
            log.warn("Campaigns of template {} not propagated to version {} (the sweep retries): {}",
                    event.templateId(), event.number(), e.toString());
        }
    }

    /** A campaign kept on an older version while in review goes back to its branch: it can follow now. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onTransition(CampaignTransitioned event) {
        if (event.to() != CampaignStatus.CHANGES_REQUESTED) {
            return;
        }
        try {
            propagator.propagateCampaign(event.tenantId(), event.campaignId());
        } catch (RuntimeException e) {
            log.warn("Campaign {} not propagated after changes were requested: {}", event.campaignId(), e.toString());
        }
    }

    @Scheduled(initialDelayString = "${archipel.campaigns.propagation.every:PT5M}",
            fixedDelayString = "${archipel.campaigns.propagation.every:PT5M}")
    void sweep() {
        if (!sweepEnabled) {
            return;
        }
        try {
            int n = propagator.sweep();
            if (n > 0) {
                log.info("Template propagation sweep: {} campaign(s) moved or kept", n);
            }
        } catch (RuntimeException e) {
            log.warn("Template propagation sweep failed: {}", e.toString());
        }
    }
}
