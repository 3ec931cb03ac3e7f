package io.archipel.delivery.web;

import java.util.Locale;

import io.archipel.delivery.sms.SmsGateway;
import io.archipel.delivery.sms.SmsSettings;
import io.archipel.delivery.sms.SmsSettingsService;
import io.archipel.shared.Flash;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** HQ's SMS provider settings ({@code /hq/sending/sms}, HQ admins): provider, URL, token, sender name, test SMS. */
@Controller
@RequestMapping("/hq/sending/sms")
class SmsSettingsController {

    private final SmsSettingsService settings;
    private final SmsGateway gateway;
    private final MessageSource messages;

    private final TenantService tenants;
    private final String publicBaseUrl;

    SmsSettingsController(SmsSettingsService settings, SmsGateway gateway, MessageSource messages,
            TenantService tenants, @Value("${archipel.public-base-url:}") String publicBaseUrl) {
        this.settings = settings;
        this.gateway = gateway;
        this.messages = messages;
        this.tenants = tenants;
        this.publicBaseUrl = publicBaseUrl;
    }

    @GetMapping
    String page(Model model) {
        SmsSettings.View view = settings.current();
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", SmsSettingsForm.of(view));
        }
        return render(view, model);
    }

    @PostMapping
    String save(@ModelAttribute("form") SmsSettingsForm form, BindingResult binding, Model model,
            RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return render(settings.current(), model);
        }
        try {
            settings.save(form.getVersion(), form.changes());
        } catch (SmsSettings.InvalidSmsSettingsException e) {
            binding.rejectValue(e.field(), e.messageKey());
            return render(settings.current(), model);
        } catch (SmsSettings.StaleSmsSettingsException e) {
            binding.reject("validation.stale");
            return render(settings.current(), model);
        }
        Flash.success(redirect, "dispatch.sms.settings.saved");
        return "redirect:/hq/sending/sms";
    }

    @PostMapping("/test")
    String test(@RequestParam(required = false) String testNumber, Model model, Locale locale,
            RedirectAttributes redirect) {
        String text = messages.getMessage("dispatch.sms.settings.test.text", null, locale);
        try {
            SmsSettings.TestResult result = gateway.sendTest(testNumber, text);
            if (result.accepted()) {
                Flash.success(redirect, result.provider() == SmsSettings.Provider.DEVELOPMENT
                        ? "dispatch.sms.settings.test.sentSandbox" : "dispatch.sms.settings.test.sent", result.toE164());
            } else {
                Flash.error(redirect, result.temporary() ? "dispatch.sms.settings.test.temporary"
                        : "dispatch.sms.settings.test.refused", result.detail());
            }
            return "redirect:/hq/sending/sms";
        } catch (SmsSettings.InvalidSmsSettingsException e) {
            SmsSettings.View view = settings.current();
            model.addAttribute("form", SmsSettingsForm.of(view));
            model.addAttribute("testNumber", testNumber);
            model.addAttribute("testError", e.messageKey());
            return render(view, model);
        }
    }

    private String render(SmsSettings.View view, Model model) {
        model.addAttribute("view", view);
        String base = publicBaseUrl.isBlank()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : publicBaseUrl.replaceAll("/+$", "");
        String slug = tenants.find(TenantContext.require()).map(TenantService.TenantSummary::slug).orElse("");
        model.addAttribute("replyUrl", base + "/hooks/" + slug + "/sms-replies");
        model.addAttribute("providers", SmsSettings.Provider.values());
        return "hq/sending/sms";
    }
}
