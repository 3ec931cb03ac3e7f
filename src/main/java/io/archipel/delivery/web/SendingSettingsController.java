package io.archipel.delivery.web;

import java.util.UUID;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.smtp.RelayProbe;
import io.archipel.shared.Flash;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import jakarta.validation.Valid;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HQ: the network's e-mail sending settings (HQ admins only, see SecurityConfiguration): SMTP relay and connection
 * test, rate and connections, DKIM key and DNS record, webhook secret and URLs. The SMS tab is another page.
 */
@Controller
@RequestMapping("/hq/sending")
class SendingSettingsController {

    static final int MAX_PEM_LENGTH = 10_000;

    private final SendingSettings settings;
    private final TenantService tenants;
    private final TemplatePreviewer previewer;

    SendingSettingsController(SendingSettings settings, TenantService tenants, TemplatePreviewer previewer) {
        this.settings = settings;
        this.tenants = tenants;
        this.previewer = previewer;
    }

    @InitBinder("settings")
    void trim(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    @GetMapping
    String page(Model model) {
        SendingSettings.View view = settings.view();
        return render(model, SendingSettingsForm.of(view), view);
    }

    @PostMapping
    String save(@Valid @ModelAttribute("settings") SendingSettingsForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        checkCrossFields(form, result);
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        if (!result.hasErrors()) {
            try {
                settings.save(form.getVersion(), form.toChanges());
                Flash.success(redirect, "sending.saved");
                return "redirect:/hq/sending";
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            }
        }
        return render(model, form, settings.view());
    }

    /** Tries the relay as typed (nothing is saved); the page comes back with the result and what was typed. */
    @PostMapping("/test")
    String test(@Valid @ModelAttribute("settings") SendingSettingsForm form, BindingResult result, Model model) {
        checkCrossFields(form, result);
        if (!form.ownRelay()) {
            result.rejectValue("relayHost", "sending.validation.hostForTest");
        }
        if (!result.hasFieldErrors("relayHost") && !result.hasFieldErrors("relayPort")
                && !result.hasFieldErrors("relaySecurity") && !result.hasFieldErrors("relayUsername")
                && !result.hasFieldErrors("relayPassword")) {
            RelayProbe.Result probe = settings.testConnection(form.getRelayHost(), form.getRelayPort(),
                    form.getRelaySecurity(), form.getRelayUsername(), form.getRelayPassword());
            model.addAttribute("probe", probe);
        }
        return render(model, form, settings.view());
    }

    @PostMapping("/dkim/generate")
    String generateDkimKey(RedirectAttributes redirect) {
        settings.generateDkimKey();
        Flash.success(redirect, "sending.dkim.generated");
        return "redirect:/hq/sending#dkim";
    }

    @PostMapping("/dkim/key")
    String importDkimKey(@RequestParam(name = "pem", required = false) String pem, Model model,
            RedirectAttributes redirect) {
        String error = null;
        if (pem == null || pem.isBlank()) {
            error = "validation.required";
        } else if (pem.length() > MAX_PEM_LENGTH) {
            error = "sending.dkim.pem.invalid";
        } else {
            try {
                settings.importDkimKey(pem);
                Flash.success(redirect, "sending.dkim.imported");
                return "redirect:/hq/sending#dkim";
            } catch (SendingSettings.InvalidKeyException e) {
                error = "sending.dkim.pem.invalid";
            }
        }
        model.addAttribute("pem", pem);
        model.addAttribute("pemError", error);
        SendingSettings.View view = settings.view();
        return render(model, SendingSettingsForm.of(view), view);
    }

    @PostMapping("/dkim/remove")
    String removeDkimKey(RedirectAttributes redirect) {
        settings.removeDkimKey();
        Flash.success(redirect, "sending.dkim.removed");
        return "redirect:/hq/sending#dkim";
    }

    /** A new webhook secret, shown once (flash attribute) and stored as its hash. */
    @PostMapping("/webhook-secret")
    String newWebhookSecret(RedirectAttributes redirect) {
        redirect.addFlashAttribute("newWebhookSecret", settings.generateWebhookSecret());
        Flash.success(redirect, "sending.webhook.generated");
        return "redirect:/hq/sending#webhooks";
    }

    private static void checkCrossFields(SendingSettingsForm form, BindingResult result) {
        boolean domain = form.getDkimDomain() != null;
        boolean selector = form.getDkimSelector() != null;
        if (domain && !selector && !result.hasFieldErrors("dkimSelector")) {
            result.rejectValue("dkimSelector", "sending.validation.selectorNeeded");
        }
        if (selector && !domain && !result.hasFieldErrors("dkimDomain")) {
            result.rejectValue("dkimDomain", "sending.validation.domainNeeded");
        }
        if (!form.ownRelay() && (form.getRelayUsername() != null || form.getRelayPassword() != null)
                && !result.hasFieldErrors("relayHost")) {
            result.rejectValue("relayHost", "sending.validation.hostNeeded");
        }
    }

    private String render(Model model, SendingSettingsForm form, SendingSettings.View view) {
        UUID tenantId = TenantContext.require();
        String slug = tenants.find(tenantId).map(TenantService.TenantSummary::slug).orElse("");
        String base = previewer.publicBaseUrl();
        model.addAttribute("settings", form);
        model.addAttribute("saved", view);
        model.addAttribute("securities", SendingSettings.Security.values());
        model.addAttribute("emailEventsUrl", base + "/hooks/" + slug + "/email-events");
        model.addAttribute("smsRepliesUrl", base + "/hooks/" + slug + "/sms-replies");
        model.addAttribute("defaultRate", SendingSettings.DEFAULT_MAX_PER_SECOND);
        model.addAttribute("zone", java.time.ZoneId.of("Europe/Paris"));
        return "hq/sending/email";
    }
}
