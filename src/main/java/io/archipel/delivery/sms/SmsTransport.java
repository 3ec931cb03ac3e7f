package io.archipel.delivery.sms;

import java.util.List;
import java.util.UUID;

import io.archipel.delivery.smtp.CampaignTransport;

/**
 * Hands a batch of one tenant's campaign SMS to a provider and reports, per message, what it said (in the order of
 * {@code messages}). The sending engine marks a recipient sent only on {@link CampaignTransport.Kind#ACCEPTED}. When
 * no bean implements it, the engine treats every SMS as {@link CampaignTransport.Kind#TEMPORARY}. Thread-safe.
 */
public interface SmsTransport {

    /** One personalised SMS for a campaign recipient row. */
    record Sms(long recipientId, String toE164, String text) {
    }

    List<CampaignTransport.Outcome> sendAll(UUID tenantId, List<Sms> messages);
}
