package io.archipel.campaign.web;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.delivery.MailAddresses;
import io.archipel.delivery.MailDeliveryException;
import io.archipel.delivery.Outbox;
import io.archipel.delivery.OutgoingMail;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.tenancy.NetworkQueries;
import org.jsoup.Jsoup;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * "Send me a test" of the campaign wizard: the campaign's current content, with the branch's details and the sample
 * contact, goes to the signed-in person's own address (never a typed one), subject prefixed "[TEST] ", from the brand
 * kit's sender with its Reply-To rule. At most {@value #PER_MINUTE} a minute per person. The outcome is a message key
 * of the delivery bundle (shared with HQ's test sends) with its arguments.
 */
@Component
class PortalCampaignTestMail {

    static final int PER_MINUTE = 5;

    /** What happened: sent to {@code to}, or the message key of why not. */
    record Outcome(String to, String errorKey, Object[] errorArgs) {
        public boolean sent() {
            return errorKey == null;
        }
    }

    private final TemplatePreviewer previewer;
    private final BrandKitService brandKits;
    private final Outbox outbox;
    private final String defaultFrom;
    private final Map<UUID, Deque<Instant>> recent = new ConcurrentHashMap<>();

    PortalCampaignTestMail(TemplatePreviewer previewer, BrandKitService brandKits, Outbox outbox,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.previewer = previewer;
        this.brandKits = brandKits;
        this.outbox = outbox;
        this.defaultFrom = defaultFrom.strip();
    }

    Outcome send(UUID campaignId, EmailTemplateContent resolved, NetworkQueries.BranchCard branch, Locale locale) {
        ArchipelUser user = CurrentUser.require();
        PrecompiledEmail.Rendered rendered;
        try {
            rendered = previewer.previewEmail(resolved, branch.id(), SampleContact.defaults(locale), locale);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Outcome(null, "delivery.testEmail.error.render", new Object[0]);
        }
        if (rendered.subject() == null || rendered.subject().isBlank()) {
            return new Outcome(null, "delivery.testEmail.error.noSubject", new Object[0]);
        }
        if (Jsoup.parse(rendered.html()).text().isBlank() && rendered.text().isBlank()) {
            return new Outcome(null, "delivery.testEmail.error.empty", new Object[0]);
        }
        if (!acquire(user.userId())) {
            return new Outcome(null, "delivery.testEmail.error.rateLimited", new Object[] {PER_MINUTE});
        }
        BrandKit kit = brandKits.current();
        String fromName = notBlank(branch.senderName()) ? branch.senderName()
                : notBlank(kit.senderName()) ? kit.senderName() : kit.networkName();
        String fromAddress = notBlank(kit.senderEmail()) && MailAddresses.isValid(kit.senderEmail().strip())
                ? kit.senderEmail().strip() : defaultFrom;
        String replyTo = switch (kit.replyToRule()) {
            case BRANCH_EMAIL -> notBlank(branch.email()) && MailAddresses.isValid(branch.email().strip())
                    ? branch.email().strip() : null;
            case FIXED -> notBlank(kit.replyToAddress()) && MailAddresses.isValid(kit.replyToAddress().strip())
                    ? kit.replyToAddress().strip() : null;
            case NONE -> null;
        };
        OutgoingMail mail = new OutgoingMail(fromName, fromAddress, replyTo, user.displayName(), user.email(),
                "[TEST] " + rendered.subject(), rendered.html(), rendered.text(),
                Map.of("X-Archipel-Campaign", campaignId.toString(), "X-Archipel-Test-Send", "true"));
        try {
            outbox.send(mail);
        } catch (MailDeliveryException e) {
            return new Outcome(null, switch (e.reason()) {
                case NOT_CONFIGURED -> "delivery.testEmail.error.notConfigured";
                case UNREACHABLE -> "delivery.testEmail.error.unreachable";
                case REJECTED -> "delivery.testEmail.error.rejected";
            }, new Object[0]);
        }
        return new Outcome(user.email(), null, new Object[0]);
    }

    private boolean acquire(UUID userId) {
        Instant now = Instant.now();
        Deque<Instant> times = recent.computeIfAbsent(userId, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minusSeconds(60))) {
                times.pollFirst();
            }
            if (times.size() >= PER_MINUTE) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
