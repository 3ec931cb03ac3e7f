package io.archipel.delivery.sms;

import java.util.List;
import java.util.UUID;

import io.archipel.delivery.smtp.CampaignTransport;

/** One way of delivering SMS (development sandbox, generic HTTP). Outcomes in the order of {@code messages}. */
interface SmsProvider {

    SmsSettings.Provider kind();

    List<CampaignTransport.Outcome> send(UUID tenantId, ResolvedSmsSettings settings, List<SmsMessage> messages);
}
