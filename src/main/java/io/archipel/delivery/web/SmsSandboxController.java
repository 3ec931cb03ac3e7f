package io.archipel.delivery.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.delivery.sms.SmsReplies;
import io.archipel.delivery.sms.SmsSandbox;
import io.archipel.delivery.sms.SmsSettingsService;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HQ's SMS sandbox: the SMS the development provider kept, as conversations per phone number, with "Simulate a
 * reply" (e.g. STOP) going through the same code as the provider's webhook.
 */
@Controller
@RequestMapping("/hq/sms-sandbox")
class SmsSandboxController {

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final int MAX_REPLY = 500;

    private final SmsSandbox sandbox;
    private final SmsReplies replies;
    private final ContactService contacts;
    private final SmsSettingsService settings;

    SmsSandboxController(SmsSandbox sandbox, SmsReplies replies, ContactService contacts,
            SmsSettingsService settings) {
        this.sandbox = sandbox;
        this.replies = replies;
        this.contacts = contacts;
        this.settings = settings;
    }

    @GetMapping
    String list(@RequestParam(required = false) String phone, Model model) {
        List<SmsSandbox.Conversation> conversations = sandbox.conversations();
        model.addAttribute("conversations", conversations);
        model.addAttribute("keep", sandbox.keep());
        model.addAttribute("zone", ZONE);
        model.addAttribute("sandboxOn", sandbox.enabled());
        boolean admin = CurrentUser.find().map(u -> u.role() == Role.HQ_ADMIN).orElse(false);
        model.addAttribute("isAdmin", admin);
        if (admin) {
            model.addAttribute("providerInUse", settings.current().provider());
        }
        String selected = phone != null && !phone.isBlank() ? phone.strip()
                : conversations.isEmpty() ? null : conversations.get(0).phone();
        model.addAttribute("explicitPhone", phone != null && !phone.isBlank());
        if (selected != null) {
            try {
                model.addAttribute("thread", sandbox.conversation(selected));
                model.addAttribute("phone", selected);
                model.addAttribute("people", contacts.findInScope(null, selected).stream().map(Person::of).toList());
            } catch (NotFoundException e) {
                if (phone != null && !phone.isBlank()) {
                    throw e;
                }
            }
        }
        return "hq/sms-sandbox/list";
    }

    /** A contact with the conversation's number, as the sandbox shows it. */
    record Person(String name, String branchCode, Contacts.ConsentState consent) {
        static Person of(Contacts.Contact c) {
            String name = ((c.firstName() == null ? "" : c.firstName()) + " "
                    + (c.lastName() == null ? "" : c.lastName())).strip();
            return new Person(name.isEmpty() ? null : name, c.branchCode(), c.smsConsent());
        }
    }

    @PostMapping("/replies")
    String simulateReply(@RequestParam String phone, @RequestParam(required = false) String text,
            RedirectAttributes redirect) {
        String back = "/hq/sms-sandbox?phone=" + URLEncoder.encode(phone.strip(), StandardCharsets.UTF_8);
        if (text == null || text.isBlank()) {
            Flash.error(redirect, "dispatch.sms.sandbox.reply.empty");
            return "redirect:" + back;
        }
        if (text.length() > MAX_REPLY) {
            Flash.error(redirect, "dispatch.sms.sandbox.reply.tooLong", MAX_REPLY);
            return "redirect:" + back;
        }
        SmsReplies.Outcome outcome = replies.simulate(phone, text.strip());
        if (outcome.stop()) {
            Flash.success(redirect, "dispatch.sms.sandbox.reply.stop", outcome.contactsWithdrawn());
        } else {
            Flash.success(redirect, "dispatch.sms.sandbox.reply.kept");
        }
        return "redirect:" + back;
    }

    @PostMapping("/clear")
    String clear(RedirectAttributes redirect) {
        Flash.success(redirect, "dispatch.sms.sandbox.cleared", sandbox.clear());
        return "redirect:/hq/sms-sandbox";
    }
}
