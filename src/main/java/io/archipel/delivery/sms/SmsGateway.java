package io.archipel.delivery.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.delivery.smtp.CampaignTransport;
import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;
import io.archipel.tenancy.TenantContext;
import org.springframework.stereotype.Service;

/**
 * Sends a tenant's SMS through the provider its HQ chose ({@link SmsSettingsService}): the development sandbox by
 * default, or the generic HTTP provider. Outcomes come back in the order of the messages; a provider that throws
 * counts as a temporary failure for the whole batch. Runs as trusted code of {@code tenantId} (the context is set for
 * the call when it is not already that tenant's).
 */
@Service
public class SmsGateway {

    private final SmsSettingsService settings;
    private final Map<SmsSettings.Provider, SmsProvider> providers;
    private final ContactService contacts;

    SmsGateway(SmsSettingsService settings, List<SmsProvider> providers, ContactService contacts) {
        this.settings = settings;
        this.providers = providers.stream().collect(Collectors.toMap(SmsProvider::kind, Function.identity()));
        this.contacts = contacts;
    }

    /** Hands the messages to the tenant's provider; one outcome per message, in order. */
    public List<CampaignTransport.Outcome> send(UUID tenantId, List<SmsMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        if (TenantContext.current().filter(tenantId::equals).isPresent()) {
            return sendInContext(tenantId, messages);
        }
        List<List<Outcome>> result = new ArrayList<>(1);
        TenantContext.runAsSystem(tenantId, () -> result.add(sendInContext(tenantId, messages)));
        return result.get(0);
    }

    private List<Outcome> sendInContext(UUID tenantId, List<SmsMessage> messages) {
        try {
            ResolvedSmsSettings resolved = settings.resolve();
            List<Outcome> outcomes = providers.get(resolved.provider()).send(tenantId, resolved, messages);
            if (outcomes.size() != messages.size()) {
                throw new IllegalStateException("provider answered " + outcomes.size() + " outcomes for "
                        + messages.size() + " messages");
            }
            return outcomes;
        } catch (RuntimeException e) {
            String detail = "SMS provider error: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
            return messages.stream().map(m -> new Outcome(Kind.TEMPORARY, detail)).toList();
        }
    }

    /**
     * Sends {@code text} to the number an HQ admin typed (national French format or international), through the
     * current settings. {@link SmsSettings.InvalidSmsSettingsException} on field {@code testNumber} for a number
     * that is not a valid mobile.
     */
    public SmsSettings.TestResult sendTest(String rawNumber, String text) {
        SmsSettingsService.requireAdmin();
        String to;
        try {
            to = contacts.normaliseMobile(rawNumber, "FR");
        } catch (InvalidContactException e) {
            throw new SmsSettings.InvalidSmsSettingsException("testNumber", "dispatch.sms.settings.test.invalid");
        }
        if (to == null) {
            throw new SmsSettings.InvalidSmsSettingsException("testNumber", "validation.required");
        }
        UUID tenantId = TenantContext.require();
        SmsSettings.Provider provider = settings.current().provider();
        Outcome outcome = sendInContext(tenantId, List.of(new SmsMessage(null, to, text))).get(0);
        return new SmsSettings.TestResult(outcome.kind() == Kind.ACCEPTED, outcome.kind() == Kind.TEMPORARY, to,
                outcome.detail(), provider);
    }
}
