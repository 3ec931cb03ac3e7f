package io.archipel.tenancy.web;

import io.archipel.shared.Flash;
import java.util.Locale;
import java.util.UUID;

import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchView;
import io.archipel.tenancy.NetworkConflictException;
import io.archipel.tenancy.TerritoryService;
import jakarta.validation.Valid;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
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

/** HQ admin: the branches of the network (points de vente), limited to the admin's scope by the service. */
@Controller
@RequestMapping("/hq/branches")
class BranchController {

    private final BranchService branches;
    private final TerritoryService territories;

    BranchController(BranchService branches, TerritoryService territories) {
        this.branches = branches;
        this.territories = territories;
    }

    @InitBinder
    void trim(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) UUID territoryId,
            @RequestParam(required = false) String status,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore,
            Model model) {
        Boolean active = "active".equals(status) ? Boolean.TRUE : "inactive".equals(status) ? Boolean.FALSE : null;
        model.addAttribute("branches", branches.search(q, territoryId, active));
        model.addAttribute("filtered", (q != null && !q.isBlank()) || territoryId != null || active != null);
        model.addAttribute("status", active == null ? "" : status);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("territoryId", territoryId);
        if (htmx != null && historyRestore == null) {
            return "hq/branches/list :: rows";
        }
        model.addAttribute("territoryOptions", NetworkFormOptions.territories(territories.visibleTree(), null));
        return "hq/branches/list";
    }

    @GetMapping("/new")
    String newForm(@RequestParam(required = false) UUID territoryId, Model model, Locale locale) {
        BranchForm form = new BranchForm();
        form.setTerritoryId(territoryId);
        return form(model, form, null, locale);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("branch") BranchForm form, BindingResult result, Model model, Locale locale,
            RedirectAttributes redirect) {
        checkChoices(form, result);
        if (!result.hasErrors()) {
            try {
                UUID id = branches.create(form.toData());
                Flash.success(redirect, "branch.created", form.getName());
                return "redirect:/hq/branches/" + id;
            } catch (NetworkConflictException e) {
                reject(result, e);
            } catch (DataIntegrityViolationException e) {
                // the same code saved concurrently: the unique index had the last word
                result.rejectValue("code", "branch.code.taken");
            }
        }
        return form(model, form, null, locale);
    }

    @GetMapping("/{branchId}")
    String detail(@PathVariable UUID branchId, Model model, Locale locale) {
        BranchView branch = branches.get(branchId);
        model.addAttribute("branch", branch);
        model.addAttribute("countryName", new Locale.Builder().setRegion(branch.countryCode()).build().getDisplayCountry(locale));
        return "hq/branches/detail";
    }

    @GetMapping("/{branchId}/edit")
    String editForm(@PathVariable UUID branchId, Model model, Locale locale) {
        BranchView branch = branches.get(branchId);
        return form(model, BranchForm.of(branch), branch, locale);
    }

    @PostMapping("/{branchId}")
    String update(@PathVariable UUID branchId, @Valid @ModelAttribute("branch") BranchForm form, BindingResult result,
            Model model, Locale locale, RedirectAttributes redirect) {
        BranchView existing = branches.get(branchId);
        checkChoices(form, result);
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        if (!result.hasErrors()) {
            try {
                branches.update(branchId, form.getVersion(), form.toData());
                Flash.success(redirect, "branch.updated", form.getName());
                return "redirect:/hq/branches/" + branchId;
            } catch (NetworkConflictException e) {
                reject(result, e);
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            } catch (DataIntegrityViolationException e) {
                result.rejectValue("code", "branch.code.taken");
            }
        }
        return form(model, form, existing, locale);
    }

    @PostMapping("/{branchId}/deactivate")
    String deactivate(@PathVariable UUID branchId, RedirectAttributes redirect) {
        return setActive(branchId, false, redirect);
    }

    @PostMapping("/{branchId}/reactivate")
    String reactivate(@PathVariable UUID branchId, RedirectAttributes redirect) {
        return setActive(branchId, true, redirect);
    }

    private String setActive(UUID branchId, boolean active, RedirectAttributes redirect) {
        branches.setActive(branchId, active);
        BranchView branch = branches.get(branchId);
        Flash.success(redirect, active ? "branch.reactivated" : "branch.deactivated", branch.name());
        return "redirect:/hq/branches/" + branchId;
    }

    private String form(Model model, BranchForm form, BranchView existing, Locale locale) {
        model.addAttribute("branch", form);
        model.addAttribute("existing", existing);
        model.addAttribute("territoryOptions", NetworkFormOptions.territories(territories.visibleTree(), null));
        model.addAttribute("countries", NetworkFormOptions.countries(locale));
        model.addAttribute("europeanZones", NetworkFormOptions.europeanTimeZones());
        model.addAttribute("otherZones", NetworkFormOptions.otherTimeZones());
        return "hq/branches/form";
    }

    private static void checkChoices(BranchForm form, BindingResult result) {
        if (form.getCountryCode() != null && !NetworkFormOptions.isCountry(form.getCountryCode())
                && !result.hasFieldErrors("countryCode")) {
            result.rejectValue("countryCode", "tenancy.choice.invalid");
        }
        if (form.getTimeZone() != null && !NetworkFormOptions.isTimeZone(form.getTimeZone())
                && !result.hasFieldErrors("timeZone")) {
            result.rejectValue("timeZone", "tenancy.choice.invalid");
        }
    }

    static void reject(BindingResult result, NetworkConflictException e) {
        if (e.field() == null) {
            result.reject(e.messageKey());
        } else {
            result.rejectValue(e.field(), e.messageKey());
        }
    }
}
