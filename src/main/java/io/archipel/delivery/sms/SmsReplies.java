package io.archipel.delivery.sms;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.identity.CurrentUser;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replies to the tenant's SMS, from the provider's webhook ({@code POST /hooks/{tenantSlug}/sms-replies}) or from the
 * SMS sandbox's "Simulate a reply". A STOP reply withdraws SMS consent, at once, for every contact of the tenant with
 * that mobile number (source {@code UNSUBSCRIBE_LINK}, the reply as proof), and records an UNSUBSCRIBE tracking event
 * on the latest campaign SMS sent to that number. Other replies are kept in the sandbox (when the tenant uses it) and
 * otherwise ignored: Archipel has no SMS inbox.
 * <p>
 * What counts as STOP: the reply's first word, ignoring case, accents and punctuation, is STOP, STOPSMS, ARRET or
 * UNSUBSCRIBE ("STOP", "Stop SMS", "arrêt", "stop please", "STOP." all do; "please don't stop" does not). People who
 * write "stop" first mean it, and honouring a borderline reply costs a marketing SMS, whereas ignoring it breaks the
 * law; a reply that merely contains the word somewhere else is more likely a conversation.
 */
@Service
public class SmsReplies {

    static final Set<String> STOP_WORDS = Set.of("STOP", "STOPSMS", "ARRET", "UNSUBSCRIBE");

    /** What became of a reply. */
    public record Outcome(boolean stop, int contactsWithdrawn, String fromE164) {
    }

    private final ContactService contacts;
    private final SmsSandbox sandbox;
    private final JdbcTemplate jdbc;

    SmsReplies(ContactService contacts, SmsSandbox sandbox, JdbcTemplate jdbc) {
        this.contacts = contacts;
        this.sandbox = sandbox;
        this.jdbc = jdbc;
    }

    /** Whether {@code text} asks to stop receiving SMS (see the class comment). */
    public static boolean isStop(String text) {
        if (text == null) {
            return false;
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT).strip();
        String[] words = plain.split("[^A-Z0-9]+");
        String first = words.length == 0 ? "" : words[0].isEmpty() && words.length > 1 ? words[1] : words[0];
        return STOP_WORDS.contains(first);
    }

    /**
     * A reply received by the provider for the tenant of the context (trusted code: the webhook, authenticated).
     * A number that is not a valid mobile is ignored.
     */
    @Transactional
    public Outcome receive(String from, String text) {
        String phone;
        try {
            phone = contacts.normaliseMobile(from, "FR");
        } catch (InvalidContactException e) {
            return new Outcome(false, 0, null);
        }
        if (phone == null) {
            return new Outcome(false, 0, null);
        }
        return handle(phone, text == null ? "" : text, "SMS reply");
    }

    /**
     * "Simulate a reply" in the SMS sandbox: as if {@code phone} had answered {@code text}. Only to a number the
     * sandbox sent an SMS to (404 otherwise); for HQ admins and marketers.
     */
    @Transactional
    public Outcome simulate(String phone, String text) {
        SmsSandbox.requireViewer();
        String number = phone == null ? "" : phone.strip();
        if (!sandbox.hasOutgoingTo(number)) {
            throw new NotFoundException("SMS conversation");
        }
        String who = CurrentUser.find().map(u -> u.email()).orElse("system");
        return handle(number, text == null ? "" : text, "Reply simulated in the SMS sandbox by " + who);
    }

    private Outcome handle(String phone, String text, String via) {
        boolean stop = isStop(text);
        int withdrawn = 0;
        if (stop) {
            withdrawn = withdraw(phone, text, via);
            recordUnsubscribeEvent(phone);
        }
        if (sandbox.enabled()) {
            sandbox.recordIncoming(phone, text, stop ? "STOP:" + withdrawn : null);
        }
        return new Outcome(stop, withdrawn, phone);
    }

    /** Withdraws SMS consent for every contact of the tenant with this mobile (as trusted code: whole tenant). */
    private int withdraw(String phone, String text, String via) {
        int[] count = new int[1];
        UUID tenantId = TenantContext.require();
        String proof = via + " from " + phone + ": \u201c" + (text.length() > 160 ? text.substring(0, 160) + "…" : text)
                + "\u201d";
        Runnable work = () -> {
            for (Contacts.Contact c : contacts.findInScope(null, phone)) {
                if (c.smsConsent() != Contacts.ConsentState.WITHDRAWN) {
                    contacts.recordConsent(c.id(), Contacts.Channel.SMS, Contacts.ConsentState.WITHDRAWN,
                            Contacts.ConsentSource.UNSUBSCRIBE_LINK, proof);
                    count[0]++;
                }
            }
        };
        if (TenantContext.isSystem()) {
            work.run();
        } else {
            // a marketer simulating a reply acts for the recipient, on the whole tenant, like the provider would
            TenantContext.runAsSystem(tenantId, work);
        }
        return count[0];
    }

    /** An UNSUBSCRIBE event on the latest campaign SMS sent to this number, if any. */
    private void recordUnsubscribeEvent(String phone) {
        UUID tenantId = TenantContext.require();
        jdbc.query("select r.id, r.campaign_id from campaign_recipient r join campaign_send s on s.tenant_id = "
                + "r.tenant_id and s.campaign_id = r.campaign_id where r.tenant_id = ? and r.address = ? and "
                + "s.channel = 'SMS' and r.status = 'SENT' order by r.sent_at desc nulls last, r.id desc limit 1", rs -> {
                    long recipientId = rs.getLong("id");
                    UUID campaignId = rs.getObject("campaign_id", UUID.class);
                    jdbc.update("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, first_of_kind, "
                            + "detail) values (?, ?, ?, 'UNSUBSCRIBE', not exists (select 1 from tracking_event where "
                            + "tenant_id = ? and recipient_id = ? and kind = 'UNSUBSCRIBE'), 'SMS reply STOP')",
                            tenantId, campaignId, recipientId, tenantId, recipientId);
                }, tenantId, phone);
    }
}
