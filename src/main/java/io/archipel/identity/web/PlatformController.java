package io.archipel.identity.web;

import io.archipel.shared.Flash;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.archipel.identity.InvalidInputException;
import io.archipel.identity.Role;
import io.archipel.identity.TenantOnboarding;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TenantService.TenantOverview;
import io.archipel.tenancy.TenantStatus;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The platform operator's area: the networks (tenants), their creation, suspension and reactivation. */
@Controller
class PlatformController {

    private final TenantService tenants;
    private final TenantOnboarding onboarding;
    private final UserAccountService users;

    PlatformController(TenantService tenants, TenantOnboarding onboarding, UserAccountService users) {
        this.tenants = tenants;
        this.onboarding = onboarding;
        this.users = users;
    }

    @GetMapping("/platform")
    String home(Model model) {
        List<TenantOverview> all = tenants.listWithCounts();
        model.addAttribute("tenants", all);
        model.addAttribute("activeCount", all.stream().filter(t -> t.tenant().status() == TenantStatus.ACTIVE).count());
        model.addAttribute("suspendedCount", all.stream().filter(t -> t.tenant().status() == TenantStatus.SUSPENDED).count());
        model.addAttribute("userCount", all.stream().mapToLong(TenantOverview::users).sum());
        model.addAttribute("branchCount", all.stream().mapToLong(TenantOverview::branches).sum());
        model.addAttribute("zone", UserAdminController.DISPLAY_ZONE);
        return "platform/home";
    }

    @GetMapping("/platform/tenants/new")
    String newTenant(Model model) {
        model.addAttribute("tenantForm", new TenantForm());
        return newTenantForm(model);
    }

    @PostMapping("/platform/tenants")
    String create(@Valid @ModelAttribute("tenantForm") TenantForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        for (InvalidInputException.Problem p : onboarding.problems(form.toData())) {
            if (!result.hasFieldErrors(p.field())) {
                result.rejectValue(p.field(), p.messageKey());
            }
        }
        if (result.hasErrors()) {
            return newTenantForm(model);
        }
        UUID tenantId;
        try {
            tenantId = onboarding.onboard(form.toData());
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> {
                if (p.field() == null) {
                    result.reject(p.messageKey());
                } else {
                    result.rejectValue(p.field(), p.messageKey());
                }
            });
            return newTenantForm(model);
        }
        Flash.success(redirect, "platform.flash.created", form.getName().trim(), form.getAdminEmail().trim());
        return "redirect:/platform/tenants/" + tenantId;
    }

    @GetMapping("/platform/tenants/{tenantId}")
    String detail(@PathVariable UUID tenantId, Model model) {
        TenantOverview overview = tenants.overview(tenantId);
        AtomicReference<List<UserView>> admins = new AtomicReference<>();
        TenantContext.runAsSystem(tenantId, () -> admins.set(users.all().stream()
                .filter(u -> u.role() == Role.HQ_ADMIN).toList()));
        model.addAttribute("overview", overview);
        model.addAttribute("t", overview.tenant());
        model.addAttribute("admins", admins.get());
        model.addAttribute("zone", UserAdminController.DISPLAY_ZONE);
        return "platform/detail";
    }

    @PostMapping("/platform/tenants/{tenantId}/suspend")
    String suspend(@PathVariable UUID tenantId, RedirectAttributes redirect) {
        TenantOverview overview = tenants.overview(tenantId);
        tenants.suspend(tenantId);
        Flash.success(redirect, "platform.flash.suspended", overview.tenant().name());
        return "redirect:/platform/tenants/" + tenantId;
    }

    @PostMapping("/platform/tenants/{tenantId}/reactivate")
    String reactivate(@PathVariable UUID tenantId, RedirectAttributes redirect) {
        TenantOverview overview = tenants.overview(tenantId);
        tenants.reactivate(tenantId);
        Flash.success(redirect, "platform.flash.reactivated", overview.tenant().name());
        return "redirect:/platform/tenants/" + tenantId;
    }

    private String newTenantForm(Model model) {
        model.addAttribute("minPassword", UserAccountService.MIN_PASSWORD_LENGTH);
        return "platform/new";
    }
}
