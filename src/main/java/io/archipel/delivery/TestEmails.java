package io.archipel.delivery;

import java.util.Locale;
import java.util.UUID;

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
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.BranchService;
import org.jsoup.Jsoup;
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
    private final SenderIdentity senders;
    private final BranchService branches;
    private final Outbox outbox;
    private final TestSendLimiter limiter;

    TestEmails(TemplateService templates, TemplatePreviewer previewer, SenderIdentity senders,
            BranchService branches, Outbox outbox, TestSendLimiter limiter) {
        this.templates = templates;
        this.previewer = previewer;
        this.senders = senders;
        this.branches = branches;
        this.outbox = outbox;
        this.limiter = limiter;
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
        SenderIdentity.Sender sender = senders.of(branch);
        String fromName = sender.fromName();
        String fromAddress = sender.fromAddress();
        String replyTo = sender.replyTo();
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
}
