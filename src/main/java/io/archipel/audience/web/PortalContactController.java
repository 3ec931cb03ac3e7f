package io.archipel.audience.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.validation.Valid;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A branch's contacts: list (live search, filters, keyset pages), add, edit, delete, the contact page with its
 * consent, and the GDPR export and erasure. The acting branch is chosen with {@code ?branchId=} (the manager's first
 * branch otherwise); scope is checked by {@link ContactService}.
 */
@Controller
@RequestMapping("/portal/contacts")
class PortalContactController {

    private static final String BASE = "/portal/contacts";

    private final ContactService contacts;
    private final NetworkQueries network;
    private final io.archipel.audience.CustomAttributeService customAttributes;

    PortalContactController(ContactService contacts, NetworkQueries network,
            io.archipel.audience.CustomAttributeService customAttributes) {
        this.contacts = contacts;
        this.network = network;
        this.customAttributes = customAttributes;
    }

    @InitBinder
    void trim(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID branchId, ContactListQuery query,
            @RequestParam(required = false) String cursor,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore,
            Model model) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        model.addAttribute("base", BASE);
        model.addAttribute("showBranch", false);
        if (branch == null) {
            query.addTo(model, BASE, null, new io.archipel.audience.Contacts.Page(List.of(), null, null));
            return "portal/contacts/list";
        }
        query.addTo(model, BASE, branch.id(), contacts.list(branch.id(), query.filter(), cursor,
                ContactService.PAGE_SIZE));
        if (htmx != null && historyRestore == null) {
            return "portal/contacts/list :: rows";
        }
        return "portal/contacts/list";
    }

    @GetMapping("/new")
    String newForm(@RequestParam(required = false) UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = requireBranch(branchId, model);
        model.addAttribute("contact", new ContactForm());
        return form(model, branch, null);
    }

    @PostMapping
    String create(@RequestParam(required = false) UUID branchId, @Valid @ModelAttribute("contact") ContactForm form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        NetworkQueries.BranchCard branch = requireBranch(branchId, model);
        ContactData data = result.hasErrors() ? null : form.toData(result);
        if (data == null) {
            return form(model, branch, null);
        }
        try {
            UUID id = contacts.create(branch.id(), data);
            Flash.success(redirect, "contact.created", displayName(form));
            return "redirect:" + BASE + "/" + id;
        } catch (InvalidContactException e) {
            reject(result, e);
            return form(model, branch, null);
        }
    }

    @GetMapping("/{contactId}")
    String detail(@PathVariable UUID contactId, Model model, java.util.Locale locale) {
        Contact c = contacts.get(contactId);
        model.addAttribute("fmt", new ContactViews(locale));
        model.addAttribute("channels", io.archipel.audience.Contacts.Channel.values());
        model.addAttribute("states", io.archipel.audience.Contacts.ConsentState.values());
        model.addAttribute("c", c);
        model.addAttribute("attributeDefs", customAttributes.list());
        model.addAttribute("attrFmt", new io.archipel.audience.web.segments.AttributeValues(locale));
        model.addAttribute("history", contacts.consentHistory(contactId));
        model.addAttribute("suppressed", !c.erased() && contacts.isSuppressed(c.email(), c.mobile()));
        if (!model.containsAttribute("consent")) {
            model.addAttribute("consent", new ConsentForm());
        }
        return "portal/contacts/detail";
    }

    @GetMapping("/{contactId}/edit")
    String editForm(@PathVariable UUID contactId, Model model) {
        Contact c = contacts.get(contactId);
        if (c.erased()) {
            throw new NotFoundException("Contact");
        }
        model.addAttribute("contact", ContactForm.of(c));
        return form(model, network.branch(c.branchId()), c);
    }

    @PostMapping("/{contactId}")
    String update(@PathVariable UUID contactId, @Valid @ModelAttribute("contact") ContactForm form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        Contact c = contacts.get(contactId);
        NetworkQueries.BranchCard branch = network.branch(c.branchId());
        ContactData data = result.hasErrors() ? null : form.toData(result);
        if (data == null) {
            return form(model, branch, c);
        }
        try {
            contacts.update(contactId, form.getVersion(), data);
        } catch (InvalidContactException e) {
            reject(result, e);
            return form(model, branch, c);
        } catch (StaleContactException e) {
            result.reject("validation.stale");
            return form(model, branch, c);
        }
        Flash.success(redirect, "contact.updated", displayName(form));
        return "redirect:" + BASE + "/" + contactId;
    }

    @PostMapping("/{contactId}/delete")
    String delete(@PathVariable UUID contactId, RedirectAttributes redirect) {
        Contact c = contacts.get(contactId);
        contacts.delete(contactId);
        Flash.success(redirect, "contact.deleted", c.displayName());
        return "redirect:" + BASE + "?branchId=" + c.branchId();
    }

    @PostMapping("/{contactId}/consent")
    String consent(@PathVariable UUID contactId, @Valid @ModelAttribute("consent") ConsentForm form,
            BindingResult result, Model model, RedirectAttributes redirect, java.util.Locale locale) {
        if (!result.hasErrors()) {
            try {
                contacts.recordConsent(contactId, form.getChannel(), form.getState(), form.getSource(),
                        form.getProof());
                Flash.success(redirect, "contact.consent.recorded");
                return "redirect:" + BASE + "/" + contactId;
            } catch (InvalidContactException e) {
                reject(result, e);
            }
        }
        return detail(contactId, model, locale);
    }

    @GetMapping("/{contactId}/export")
    ResponseEntity<byte[]> export(@PathVariable UUID contactId) {
        byte[] body = contacts.exportJson(contactId).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("contact-" + contactId + ".json").build().toString())
                .body(body);
    }

    @PostMapping("/{contactId}/erase")
    String erase(@PathVariable UUID contactId, RedirectAttributes redirect) {
        contacts.erase(contactId);
        Flash.success(redirect, "contact.erased");
        return "redirect:" + BASE + "/" + contactId;
    }

    private String form(Model model, NetworkQueries.BranchCard branch, Contact existing) {
        model.addAttribute("branch", branch);
        model.addAttribute("existing", existing);
        model.addAttribute("attributeDefs", customAttributes.list());
        return "portal/contacts/form";
    }

    static void reject(BindingResult result, InvalidContactException e) {
        // an attribute the form has no input for (undeclared meanwhile, or a tampered form): a message for the form
        if (e.field() == null || "contact.attribute.unknown".equals(e.messageKey())) {
            result.reject(e.messageKey());
        } else {
            result.rejectValue(e.field(), e.messageKey());
        }
    }

    private static String displayName(ContactForm f) {
        String name = ((f.getFirstName() == null ? "" : f.getFirstName()) + " "
                + (f.getLastName() == null ? "" : f.getLastName())).strip();
        return name.isEmpty() ? (f.getEmail() == null ? f.getMobile() : f.getEmail()) : name;
    }

    private NetworkQueries.BranchCard requireBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        if (branch == null) {
            throw new NotFoundException("Branch");
        }
        return branch;
    }

    /** The branch the manager acts for: the one asked for (403/404 outside their scope), or their first. */
    private NetworkQueries.BranchCard actingBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = network.actingBranch(branchId).orElse(null);
        model.addAttribute("myBranches", network.visibleBranches());
        model.addAttribute("branch", branch);
        return branch;
    }
}
