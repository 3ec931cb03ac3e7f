package io.archipel.delivery;

import java.util.Locale;
import java.util.UUID;

import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.delivery.internal.TestSendLimiter;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.shared.mail.MailAddresses;
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.BranchService;
import org.jsoup.Jsoup;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * "Send me a test", for HQ's template editor and the branch's campaign wizard alike: renders an e-mail (with a branch
 * in scope or the sample branch, and the sample contact) and sends it to the signed-in person's own address, never to
 * a typed one, with the subject prefixed "[TEST] ", the branch's sender name when it has one (else the brand kit's),
 * the brand kit's sender address and its Reply-To rule, at most {@code archipel.mail.test-send.per-minute} a minute
 * per person. Why a send did not happen is a {@link TestEmailException} with a message key of the delivery bundle.
 */
@Service
public class TestEmails {

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

    TestEmails(TemplateService templates, TemplatePreviewer previewer, BrandKitService brandKits,
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

    /**
     * The current draft of an HQ template. A template of another tenant is not found; people who may not edit
     * templates are refused (TemplateService checks both).
     */
    public Sent sendTemplateDraft(UUID templateId, UUID branchId, Locale locale) {
        Templates.Details template = templates.get(templateId);
        if (template.channel() != TemplateChannel.EMAIL || template.email() == null) {
            throw new TestEmailException("delivery.testEmail.error.notEmail");
        }
        if (template.email().blocks().isEmpty()) {
            throw new TestEmailException("delivery.testEmail.error.empty");
        }
        return send(template.email(), branchId, java.util.Map.of("X-Archipel-Template", templateId.toString()), locale);
    }

    /** Any resolved e-mail (e.g. a campaign's content), marked with the given headers. */
    public Sent send(EmailTemplateContent email, UUID branchId, java.util.Map<String, String> headers, Locale locale) {
        ArchipelUser user = CurrentUser.require();
        BranchService.BranchView branch = branchId == null ? null : branches.get(branchId);
        PrecompiledEmail.Rendered rendered;
        try {
            rendered = previewer.previewEmail(email, branchId, SampleContact.defaults(locale), locale);
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
        String fromName = branch != null && notBlank(branch.senderName()) ? branch.senderName()
                : notBlank(kit.senderName()) ? kit.senderName() : kit.networkName();
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
        java.util.Map<String, String> allHeaders = new java.util.LinkedHashMap<>(headers);
        allHeaders.put("X-Archipel-Test-Send", "true");
        OutgoingMail mail = new OutgoingMail(fromName, fromAddress, replyTo, user.displayName(), user.email(),
                SUBJECT_PREFIX + rendered.subject(), rendered.html(), rendered.text(), allHeaders);
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
