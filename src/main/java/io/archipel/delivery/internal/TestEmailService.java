package io.archipel.delivery.internal;

import java.util.Locale;
import java.util.UUID;

import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.delivery.MailAddresses;
import io.archipel.delivery.MailDeliveryException;
import io.archipel.delivery.Outbox;
import io.archipel.delivery.OutgoingMail;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.tenancy.BranchService;
import org.jsoup.Jsoup;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * "Send test email": renders the current draft of an e-mail template (with a branch in scope or the sample branch, and
 * the sample contact) and sends it to the signed-in person's own address, never to a typed one, with the subject
 * prefixed "[TEST] ", the brand kit's sender and its Reply-To rule. A template of another tenant is not found; people
 * who may not edit templates are refused (TemplateService checks both).
 */
@Service
public class TestEmailService {

    public static final String SUBJECT_PREFIX = "[TEST] ";

    /** Why a test send did not happen, as a message key of the delivery bundle with its arguments. */
    public static class TestEmailException extends RuntimeException {
        private final String messageKey;
        private final transient Object[] args;

        TestEmailException(String messageKey, Object... args) {
            super(messageKey);
            this.messageKey = messageKey;
            this.args = args;
        }

        public String messageKey() {
            return messageKey;
        }

        public Object[] args() {
            return args.clone();
        }
    }

    /** What was sent, and to whom. */
    public record Sent(String to, String subject, String fromAddress, String replyTo) {
    }

    private final TemplateService templates;
    private final TemplatePreviewer previewer;
    private final BrandKitService brandKits;
    private final BranchService branches;
    private final Outbox outbox;
    private final TestSendLimiter limiter;
    private final String defaultFrom;

    TestEmailService(TemplateService templates, TemplatePreviewer previewer, BrandKitService brandKits,
            BranchService branches, Outbox outbox, TestSendLimiter limiter,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.templates = templates;
        this.previewer = previewer;
        this.brandKits = brandKits;
        this.branches = branches;
        this.outbox = outbox;
        this.limiter = limiter;
        if (!MailAddresses.isValid(defaultFrom)) {
            throw new IllegalStateException("archipel.mail.default-from must be a plain e-mail address: " + defaultFrom);
        }
        this.defaultFrom = defaultFrom.strip();
    }

    public Sent send(UUID templateId, UUID branchId, Locale locale) {
        Templates.Details template = templates.get(templateId);
        ArchipelUser user = CurrentUser.require();
        if (template.channel() != TemplateChannel.EMAIL || template.email() == null) {
            throw new TestEmailException("delivery.testEmail.error.notEmail");
        }
        if (template.email().blocks().isEmpty()) {
            throw new TestEmailException("delivery.testEmail.error.empty");
        }
        BranchService.BranchView branch = branchId == null ? null : branches.get(branchId);
        PrecompiledEmail.Rendered rendered;
        try {
            rendered = previewer.previewEmail(template.email(), branchId, SampleContact.defaults(locale), locale);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TestEmailException("delivery.testEmail.error.render");
        }
        if (rendered.subject() == null || rendered.subject().isBlank()) {
            throw new TestEmailException("delivery.testEmail.error.noSubject");
        }
        if (Jsoup.parse(rendered.html()).text().isBlank() && rendered.text().isBlank()) {
            throw new TestEmailException("delivery.testEmail.error.empty");
        }
        BrandKit kit = brandKits.current();
        String fromName = notBlank(kit.senderName()) ? kit.senderName() : kit.networkName();
        String fromAddress = notBlank(kit.senderEmail()) && MailAddresses.isValid(kit.senderEmail().strip())
                ? kit.senderEmail().strip() : defaultFrom;
        String replyTo = switch (kit.replyToRule()) {
            case BRANCH_EMAIL -> branch != null && notBlank(branch.email())
                    && MailAddresses.isValid(branch.email().strip()) ? branch.email().strip() : null;
            case FIXED -> notBlank(kit.replyToAddress()) && MailAddresses.isValid(kit.replyToAddress().strip())
                    ? kit.replyToAddress().strip() : null;
            case NONE -> null;
        };
        if (!limiter.tryAcquire(user.userId())) {
            throw new TestEmailException("delivery.testEmail.error.rateLimited", limiter.perMinute());
        }
        OutgoingMail mail = new OutgoingMail(fromName, fromAddress, replyTo, user.displayName(), user.email(),
                SUBJECT_PREFIX + rendered.subject(), rendered.html(), rendered.text(), java.util.Map.of(
                        "X-Archipel-Template", templateId.toString(), "X-Archipel-Test-Send", "true"));
        try {
            outbox.send(mail);
        } catch (MailDeliveryException e) {
            throw new TestEmailException(switch (e.reason()) {
                case NOT_CONFIGURED -> "delivery.testEmail.error.notConfigured";
                case UNREACHABLE -> "delivery.testEmail.error.unreachable";
                case REJECTED -> "delivery.testEmail.error.rejected";
            });
        }
        return new Sent(user.email(), mail.subject(), fromAddress, replyTo);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
