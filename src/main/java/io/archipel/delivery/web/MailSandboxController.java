package io.archipel.delivery.web;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.UUID;

import io.archipel.brand.EmailPreviewResponse;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.delivery.sandbox.SandboxMessages;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.HtmlUtils;

/** The HQ's mail sandbox: the e-mails Archipel sent in development, as the SMTP sink received them. */
@Controller
@RequestMapping("/hq/mail-sandbox")
class MailSandboxController {

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final MailSandbox sandbox;

    MailSandboxController(MailSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("messages", sandbox.list());
        model.addAttribute("sandboxRunning", sandbox.running());
        model.addAttribute("keep", sandbox.keep());
        model.addAttribute("zone", ZONE);
        return "hq/mail-sandbox/list";
    }

    @GetMapping("/{messageId}")
    String message(@PathVariable UUID messageId, Model model) {
        SandboxMessages.Message message = sandbox.get(messageId);
        model.addAttribute("message", message);
        model.addAttribute("facts", MailSandboxHeaders.parse(message.headers()));
        model.addAttribute("sandboxRunning", sandbox.running());
        model.addAttribute("zone", ZONE);
        return "hq/mail-sandbox/message";
    }

    /** The HTML body for the sandboxed iframe (or the text body, escaped, when the mail has no HTML). */
    @GetMapping("/{messageId}/html")
    ResponseEntity<String> html(@PathVariable UUID messageId) {
        SandboxMessages.Message message = sandbox.get(messageId);
        String html = message.html() != null ? message.html()
                : "<!DOCTYPE html><html><body><pre style=\"white-space:pre-wrap;font-family:monospace\">"
                        + HtmlUtils.htmlEscape(message.text() == null ? "" : message.text()) + "</pre></body></html>";
        return EmailPreviewResponse.of(html);
    }

    /** The message as received, to open in a mail client. */
    @GetMapping("/{messageId}/source")
    ResponseEntity<byte[]> source(@PathVariable UUID messageId) {
        byte[] source = sandbox.source(messageId).orElseThrow(() -> new NotFoundException("Mail source"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("message/rfc822"))
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("mail-" + messageId + ".eml", StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(source);
    }

    @PostMapping("/clear")
    String clear(RedirectAttributes redirect) {
        int removed = sandbox.clear();
        Flash.success(redirect, "delivery.sandbox.cleared", removed);
        return "redirect:/hq/mail-sandbox";
    }
}
