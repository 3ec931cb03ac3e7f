package io.archipel.delivery.sms;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.archipel.delivery.smtp.CampaignTransport;
import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;
import org.springframework.stereotype.Component;

/**
 * The development provider: every SMS lands in the tenant's SMS sandbox ({@link SmsSandbox}) and is accepted at once;
 * nothing leaves the server. With the sandbox disabled ({@code archipel.sms.sandbox.enabled=false}, production), it
 * accepts nothing: SMS wait (temporary failure) until HQ configures a real provider.
 */
@Component
class DevelopmentSmsProvider implements SmsProvider {

    static final String NOT_CONFIGURED = "No SMS provider is configured";

    private final SmsSandbox sandbox;

    DevelopmentSmsProvider(SmsSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public SmsSettings.Provider kind() {
        return SmsSettings.Provider.DEVELOPMENT;
    }

    @Override
    public List<CampaignTransport.Outcome> send(UUID tenantId, ResolvedSmsSettings settings,
            List<SmsMessage> messages) {
        if (!sandbox.enabled()) {
            return Collections.nCopies(messages.size(), new Outcome(Kind.TEMPORARY, NOT_CONFIGURED));
        }
        sandbox.recordOutgoing(messages, settings.senderName());
        return Collections.nCopies(messages.size(), Outcome.ACCEPTED_OUTCOME);
    }
}
