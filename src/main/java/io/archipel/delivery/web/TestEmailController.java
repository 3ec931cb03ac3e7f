package io.archipel.delivery.web;

import java.util.Locale;
import java.util.UUID;

import io.archipel.delivery.TestEmails;
import io.archipel.delivery.TestEmails.TestEmailException;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.shared.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Send test email" of the e-mail editor: the current draft goes to the signed-in person's own address (a {@code to}
 * parameter is ignored). An htmx request gets the small result fragment for {@code #test-email-result}; a plain form
 * post is redirected back to the editor with a flash message. Failures are messages, never error pages, except a
 * template that is not found (404) or may not be used (403).
 */
@Controller
class TestEmailController {

    private final TestEmails testEmails;
    private final MailSandbox sandbox;

    TestEmailController(TestEmails testEmails, MailSandbox sandbox) {
        this.testEmails = testEmails;
        this.sandbox = sandbox;
    }

    @PostMapping("/hq/templates/{templateId}/test-email")
    String send(@PathVariable UUID templateId, @RequestParam(name = "branchId", required = false) String branchId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Locale locale, Model model,
            RedirectAttributes redirect) {
        String errorKey = null;
        Object[] errorArgs = new Object[0];
        TestEmails.Sent sent = null;
        try {
            sent = testEmails.sendTemplateDraft(templateId, parse(branchId), locale);
        } catch (TestEmailException e) {
            errorKey = e.messageKey();
            errorArgs = e.args();
        }
        if (htmx != null) {
            model.addAttribute("sent", sent);
            model.addAttribute("errorKey", errorKey);
            model.addAttribute("errorArgs", errorArgs);
            model.addAttribute("sandboxRunning", sandbox.running());
            return "hq/mail-sandbox/test-email :: result";
        }
        if (sent != null) {
            Flash.success(redirect, sandbox.running() ? "delivery.testEmail.sent.sandbox" : "delivery.testEmail.sent",
                    sent.to());
        } else {
            Flash.error(redirect, errorKey, errorArgs);
        }
        return "redirect:/hq/templates/" + templateId + "/email";
    }

    private static UUID parse(String branchId) {
        if (branchId == null || branchId.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(branchId.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
