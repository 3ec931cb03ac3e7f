package io.archipel.identity.web;

import io.archipel.shared.Flash;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.archipel.identity.CurrentUser;
import io.archipel.identity.InvalidInputException;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserFilter;
import io.archipel.identity.UserAccountService.UserRow;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import jakarta.validation.Valid;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** HQ admins manage the people of their network (within their own scope). */
@Controller
@RequestMapping("/hq/users")
class UserAdminController {

    /** Times are shown in the network's home time zone (the demo network and most tenants are French). */
    static final ZoneId DISPLAY_ZONE = ZoneId.of("Europe/Paris");

    private final UserAccountService users;
    private final TerritoryService territories;
    private final BranchService branches;

    UserAdminController(UserAccountService users, TerritoryService territories, BranchService branches) {
        this.users = users;
        this.territories = territories;
        this.branches = branches;
    }

    record TerritoryOption(UUID id, String label) {
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String role,
            @RequestParam(required = false) String status,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        Role roleFilter = Arrays.stream(Role.tenantRoles()).filter(r -> r.name().equals(role)).findFirst().orElse(null);
        Boolean active = "active".equals(status) ? Boolean.TRUE : "inactive".equals(status) ? Boolean.FALSE : null;
        List<UserRow> rows = users.visibleUsers(new UserFilter(q, roleFilter, active));
        model.addAttribute("rows", rows);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("roleFilter", roleFilter == null ? "" : roleFilter.name());
        model.addAttribute("statusFilter", active == null ? "" : status);
        model.addAttribute("filtered", (q != null && !q.isBlank()) || roleFilter != null || active != null);
        model.addAttribute("roles", Role.tenantRoles());
        model.addAttribute("zone", DISPLAY_ZONE);
        return htmx != null ? "hq/users/list :: rows" : "hq/users/list";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("userForm", UserForm.blank(users.canGrantWholeTenant()));
        return form(model, null);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("userForm") UserForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        checkRules(null, form, result);
        if (result.hasErrors()) {
            return form(model, null);
        }
        try {
            users.create(form.toData());
        } catch (InvalidInputException e) {
            reject(e, result);
            return form(model, null);
        } catch (DataIntegrityViolationException e) {
            // the e-mail was taken between our check and the insert (the unique index has the last word)
            result.rejectValue("email", "users.error.emailTaken");
            return form(model, null);
        }
        Flash.success(redirect, "users.flash.created", form.getDisplayName().trim());
        return "redirect:/hq/users";
    }

    @GetMapping("/{userId}")
    String editForm(@PathVariable UUID userId, Model model) {
        UserRow row = users.get(userId);
        model.addAttribute("userForm", UserForm.of(row.user()));
        return form(model, row);
    }

    @PostMapping("/{userId}")
    String update(@PathVariable UUID userId, @Valid @ModelAttribute("userForm") UserForm form, BindingResult result,
            Model model, RedirectAttributes redirect) {
        UserRow row = users.get(userId);
        checkRules(userId, form, result);
        if (result.hasErrors()) {
            return form(model, row);
        }
        try {
            users.update(userId, form.toData(), form.getVersion() == null ? -1 : form.getVersion());
        } catch (InvalidInputException e) {
            reject(e, result);
            return form(model, row);
        } catch (OptimisticLockingFailureException e) {
            result.reject("validation.stale");
            return form(model, row);
        } catch (DataIntegrityViolationException e) {
            result.rejectValue("email", "users.error.emailTaken");
            return form(model, row);
        }
        Flash.success(redirect, "users.flash.updated", form.getDisplayName().trim());
        return "redirect:/hq/users";
    }

    @PostMapping("/{userId}/deactivate")
    String deactivate(@PathVariable UUID userId, RedirectAttributes redirect) {
        UserRow row = users.get(userId);
        try {
            users.deactivate(userId);
            Flash.success(redirect, "users.flash.deactivated", row.user().displayName());
        } catch (InvalidInputException e) {
            Flash.error(redirect, "users.error.selfDeactivate", row.user().displayName());
        }
        return "redirect:/hq/users/" + userId;
    }

    @PostMapping("/{userId}/reactivate")
    String reactivate(@PathVariable UUID userId, RedirectAttributes redirect) {
        UserRow row = users.get(userId);
        users.reactivate(userId);
        Flash.success(redirect, "users.flash.reactivated", row.user().displayName());
        return "redirect:/hq/users/" + userId;
    }

    /** Cross-field rules, only where the single fields are fine (one message per field is enough). */
    private void checkRules(UUID userId, UserForm form, BindingResult result) {
        if (form.getRole() == null || form.getScopeType() == null) {
            return;
        }
        for (InvalidInputException.Problem p : users.problems(userId, form.toData())) {
            if (p.field() == null) {
                result.reject(p.messageKey());
            } else if (!result.hasFieldErrors(p.field())) {
                result.rejectValue(p.field(), p.messageKey());
            }
        }
    }

    private static void reject(InvalidInputException e, BindingResult result) {
        e.problems().forEach(p -> {
            if (p.field() == null) {
                result.reject(p.messageKey());
            } else {
                result.rejectValue(p.field(), p.messageKey());
            }
        });
    }

    private String form(Model model, UserRow existing) {
        boolean wholeTenant = users.canGrantWholeTenant();
        List<TerritoryView> tree = territories.visibleTree();
        int top = tree.stream().mapToInt(TerritoryView::depth).min().orElse(0);
        model.addAttribute("territoryOptions", tree.stream()
                .map(t -> new TerritoryOption(t.id(), "\u00a0\u00a0\u00a0".repeat(t.depth() - top) + t.name())).toList());
        model.addAttribute("branchOptions", branches.visibleBranches());
        model.addAttribute("roles", Role.tenantRoles());
        model.addAttribute("scopeTypes", wholeTenant ? ScopeType.values()
                : new ScopeType[] {ScopeType.TERRITORY, ScopeType.BRANCHES});
        model.addAttribute("existing", existing);
        model.addAttribute("self", existing != null
                && CurrentUser.find().map(u -> u.userId().equals(existing.user().id())).orElse(false));
        model.addAttribute("minPassword", UserAccountService.MIN_PASSWORD_LENGTH);
        model.addAttribute("zone", DISPLAY_ZONE);
        return "hq/users/form";
    }
}
