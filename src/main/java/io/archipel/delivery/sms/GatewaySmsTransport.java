package io.archipel.delivery.sms;

import java.util.List;
import java.util.UUID;

import io.archipel.delivery.smtp.CampaignTransport;
import org.springframework.stereotype.Component;

/** The engine's {@link SmsTransport}: each tenant's SMS go through the provider its HQ chose ({@link SmsGateway}). */
@Component
class GatewaySmsTransport implements SmsTransport {

    private final SmsGateway gateway;

    GatewaySmsTransport(SmsGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<CampaignTransport.Outcome> sendAll(UUID tenantId, List<Sms> messages) {
        return gateway.send(tenantId, messages.stream()
                .map(m -> new SmsMessage(m.recipientId(), m.toE164(), m.text())).toList());
    }
}
