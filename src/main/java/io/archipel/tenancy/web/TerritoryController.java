package io.archipel.tenancy.web;

import io.archipel.shared.Flash;
import java.util.List;
import java.util.UUID;

import io.archipel.tenancy.NetworkConflictException;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryNode;
import io.archipel.tenancy.TerritoryService.TerritoryView;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** HQ admin: the territory tree (country › region › zone …), limited to the admin's scope by the service. */
@Controller
@RequestMapping("/hq/territories")
class TerritoryController {

    private final TerritoryService territories;

    TerritoryController(TerritoryService territories) {
        this.territories = territories;
    }

    @InitBinder
    void trim(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    @GetMapping
    String tree(Model model) {
        List<TerritoryNode> tree = territories.tree();
        model.addAttribute("tree", tree);
        model.addAttribute("territoryCount", territories.visibleTree().size());
        model.addAttribute("branchCount", tree.stream().mapToLong(TerritoryNode::subtreeBranches).sum());
        model.addAttribute("canCreateRoot", territories.canCreateRoot());
        return "hq/territories/tree";
    }

    @GetMapping("/new")
    String newForm(@RequestParam(required = false) UUID parentId, Model model) {
        TerritoryForm form = new TerritoryForm();
        if (parentId != null) {
            TerritoryView parent = territories.get(parentId);
            form.setParentId(parent.id());
            form.setKind(childKind(parent.kind()));
        } else {
            form.setKind(TerritoryKind.COUNTRY);
        }
        return form(model, form, null);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("territory") TerritoryForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        if (form.getParentId() == null && !territories.canCreateRoot() && !result.hasFieldErrors("parentId")) {
            result.rejectValue("parentId", "validation.required");
        }
        if (!result.hasErrors()) {
            try {
                territories.create(form.getParentId(), form.getKind(), form.getCode(), form.getName());
                Flash.success(redirect, "territory.created", form.getName());
                return "redirect:/hq/territories";
            } catch (NetworkConflictException e) {
                BranchController.reject(result, e);
            } catch (DataIntegrityViolationException e) {
                // a sibling with the same name saved concurrently: the unique index had the last word
                result.rejectValue("name", "territory.name.taken");
            }
        }
        return form(model, form, null);
    }

    @GetMapping("/{territoryId}/edit")
    String editForm(@PathVariable UUID territoryId, Model model) {
        TerritoryView territory = territories.get(territoryId);
        return form(model, TerritoryForm.of(territory), territory);
    }

    @PostMapping("/{territoryId}")
    String update(@PathVariable UUID territoryId, @Valid @ModelAttribute("territory") TerritoryForm form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        TerritoryView existing = territories.get(territoryId);
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        if (!result.hasErrors()) {
            try {
                territories.update(territoryId, form.getVersion(), form.getParentId(), form.getKind(), form.getCode(),
                        form.getName());
                Flash.success(redirect, "territory.updated", form.getName());
                return "redirect:/hq/territories";
            } catch (NetworkConflictException e) {
                BranchController.reject(result, e);
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            } catch (DataIntegrityViolationException e) {
                result.rejectValue("name", "territory.name.taken");
            }
        }
        return form(model, form, existing);
    }

    @PostMapping("/{territoryId}/delete")
    String delete(@PathVariable UUID territoryId, RedirectAttributes redirect) {
        TerritoryView territory = territories.get(territoryId);
        try {
            territories.delete(territoryId);
            Flash.success(redirect, "territory.deleted", territory.name());
        } catch (NetworkConflictException e) {
            Flash.error(redirect, e.messageKey(), territory.name());
        } catch (DataIntegrityViolationException e) {
            // users (or other records) still point at this territory: the foreign key refused
            Flash.error(redirect, "territory.delete.inUse", territory.name());
        }
        return "redirect:/hq/territories";
    }

    private String form(Model model, TerritoryForm form, TerritoryView existing) {
        List<TerritoryView> visible = territories.visibleTree();
        boolean parentLocked = existing != null && (existing.parentId() == null
                ? !territories.canCreateRoot()
                : visible.stream().noneMatch(t -> t.id().equals(existing.parentId())));
        model.addAttribute("territory", form);
        model.addAttribute("existing", existing);
        model.addAttribute("parentOptions", NetworkFormOptions.territories(visible, existing));
        model.addAttribute("canCreateRoot", territories.canCreateRoot());
        model.addAttribute("parentLocked", parentLocked);
        model.addAttribute("kinds", TerritoryKind.values());
        if (existing != null) {
            model.addAttribute("node", territories.node(existing.id()));
        }
        return "hq/territories/form";
    }

    private static TerritoryKind childKind(TerritoryKind parent) {
        return switch (parent) {
            case COUNTRY -> TerritoryKind.REGION;
            case REGION -> TerritoryKind.ZONE;
            case ZONE, AREA -> TerritoryKind.AREA;
        };
    }
}
