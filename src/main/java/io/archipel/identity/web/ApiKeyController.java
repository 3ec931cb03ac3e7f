package io.archipel.identity.web;

import java.util.List;
import java.util.UUID;

import io.archipel.identity.ApiKeyService;
import io.archipel.identity.ApiKeys.ApiKeyView;
import io.archipel.identity.ApiKeys.CreatedApiKey;
import io.archipel.identity.InvalidInputException;
import io.archipel.shared.Flash;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * HQ admins create, list and revoke the network's REST API keys. The whole key is shown once, in the answer to the
 * creating POST itself (not through a redirect): it never goes through the session store, and that page is sent
 * with {@code Cache-Control: no-store}; reloading it cannot show it again.
 */
@Controller
@RequestMapping("/hq/api-keys")
class ApiKeyController {

    private final ApiKeyService apiKeys;
    private final TerritoryService territories;
    private final BranchService branches;
    private final CurrentScope scope;

    private final int rateLimitPerMinute;

    ApiKeyController(ApiKeyService apiKeys, TerritoryService territories, BranchService branches,
            CurrentScope scope, @Value("${archipel.api.rate-limit.per-minute:600}") int rateLimitPerMinute) {
        this.rateLimitPerMinute = rateLimitPerMinute;
        this.apiKeys = apiKeys;
        this.territories = territories;
        this.branches = branches;
        this.scope = scope;
    }

    @GetMapping
    String list(Model model) {
        List<ApiKeyView> keys = apiKeys.list();
        model.addAttribute("keys", keys);
        model.addAttribute("activeCount", keys.stream().filter(ApiKeyView::active).count());
        model.addAttribute("zone", UserAdminController.DISPLAY_ZONE);
        model.addAttribute("baseUrl", ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        model.addAttribute("rateLimit", rateLimitPerMinute);
        return "hq/api-keys/list";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("apiKeyForm", ApiKeyForm.blank(scope.get().isWholeTenant()));
        return form(model);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("apiKeyForm") ApiKeyForm form, BindingResult result, Model model,
            HttpServletResponse response) {
        if (!result.hasFieldErrors("scopeType")) {
            if (form.getScopeType() == ScopeType.TERRITORY && form.getTerritoryId() == null) {
                result.rejectValue("territoryId", "apiKeys.territory.required");
            }
            if (form.getScopeType() == ScopeType.BRANCHES && form.getBranchId() == null) {
                result.rejectValue("branchId", "apiKeys.branch.required");
            }
        }
        if (result.hasErrors()) {
            return form(model);
        }
        CreatedApiKey created;
        try {
            created = apiKeys.create(form.toDraft());
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> {
                if (p.field() == null) {
                    result.reject(p.messageKey());
                } else {
                    result.rejectValue(p.field(), p.messageKey());
                }
            });
            return form(model);
        }
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("created", created);
        model.addAttribute("baseUrl", ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        return "hq/api-keys/created";
    }

    @PostMapping("/{apiKeyId}/revoke")
    String revoke(@PathVariable UUID apiKeyId, RedirectAttributes redirect) {
        ApiKeyView key = apiKeys.get(apiKeyId);
        apiKeys.revoke(apiKeyId);
        Flash.success(redirect, "apiKeys.flash.revoked", key.name());
        return "redirect:/hq/api-keys";
    }

    private String form(Model model) {
        boolean wholeTenant = scope.get().isWholeTenant();
        List<TerritoryView> tree = territories.visibleTree();
        int top = tree.stream().mapToInt(TerritoryView::depth).min().orElse(0);
        model.addAttribute("territoryOptions", tree.stream().map(t -> new UserAdminController.TerritoryOption(t.id(),
                "\u00a0\u00a0\u00a0".repeat(t.depth() - top) + t.name())).toList());
        model.addAttribute("branchOptions", branches.visibleBranches());
        model.addAttribute("scopeTypes", wholeTenant ? ScopeType.values()
                : new ScopeType[] {ScopeType.TERRITORY, ScopeType.BRANCHES});
        return "hq/api-keys/form";
    }
}
