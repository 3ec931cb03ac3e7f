package io.archipel.audience.web;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.Contacts.SuppressionReason;
import io.archipel.shared.Flash;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** HQ: the contacts of every branch in the caller's scope (read-only), and the tenant-wide suppression list. */
@Controller
@RequestMapping("/hq/contacts")
class HqContactController {

    private static final String BASE = "/hq/contacts";

    private final ContactService contacts;

    HqContactController(ContactService contacts) {
        this.contacts = contacts;
    }

    @GetMapping
    String list(ContactListQuery query, @RequestParam(required = false) String cursor,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore,
            Model model) {
        model.addAttribute("base", BASE);
        model.addAttribute("showBranch", true);
        query.addTo(model, BASE, null, contacts.listInScope(query.filter(), cursor, ContactService.PAGE_SIZE));
        if (htmx != null && historyRestore == null) {
            return "portal/contacts/list :: rows";
        }
        return "hq/contacts/list";
    }

    public static class SuppressionForm {
        @NotBlank(message = "{validation.required}")
        @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "{validation.email}")
        @Size(max = 254, message = "{validation.tooLong}")
        private String email;
        @NotNull(message = "{validation.required}")
        private SuppressionReason reason = SuppressionReason.UNSUBSCRIBED;

        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = email; }
        public SuppressionReason getReason() { return reason; }
        public void setReason(SuppressionReason reason) { this.reason = reason; }
    }

    @GetMapping("/suppression")
    String suppression(Model model, java.util.Locale locale) {
        model.addAttribute("fmt", new ContactViews(locale));
        if (!model.containsAttribute("suppression")) {
            model.addAttribute("suppression", new SuppressionForm());
        }
        model.addAttribute("entries", contacts.suppressions(500));
        model.addAttribute("reasons", java.util.List.of(SuppressionReason.UNSUBSCRIBED, SuppressionReason.HARD_BOUNCE,
                SuppressionReason.COMPLAINT));
        return "hq/contacts/suppression";
    }

    @PostMapping("/suppression")
    String suppress(@Valid @ModelAttribute("suppression") SuppressionForm form, BindingResult result, Model model,
            RedirectAttributes redirect, java.util.Locale locale) {
        if (!result.hasErrors()) {
            try {
                contacts.suppress(form.getEmail(), null, form.getReason() == SuppressionReason.ERASED
                        ? SuppressionReason.UNSUBSCRIBED : form.getReason());
                Flash.success(redirect, "suppression.added");
                return "redirect:" + BASE + "/suppression";
            } catch (InvalidContactException e) {
                PortalContactController.reject(result, e);
            }
        }
        return suppression(model, locale);
    }
}
