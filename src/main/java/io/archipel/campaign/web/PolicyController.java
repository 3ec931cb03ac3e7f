package io.archipel.campaign.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.campaign.Policies;
import io.archipel.campaign.PolicyService;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.TerritoryService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Autonomy policies ({@code /hq/policies}, HQ admins and marketers): the network default; per template its own policy
 * or "follows the network default"; per territory an override of some fields; and the effective policy of every
 * territory in one table with where each value comes from.
 */
@Controller
class PolicyController {

    private final PolicyService policies;
    private final TemplateService templates;
    private final TerritoryService territories;

    PolicyController(PolicyService policies, TemplateService templates, TerritoryService territories) {
        this.policies = policies;
        this.templates = templates;
        this.territories = territories;
    }

    /** A template in the list, with how its policy is set. */
    public record TemplateRow(Templates.Summary template, boolean ownPolicy, int overrides) {
    }

    // ------------------------------------------------------------------------------------------ network default

    @GetMapping("/hq/policies")
    String list(Model model) {
        model.addAttribute("policyForm", PolicyForm.of(policies.networkDefault()));
        return listPage(model);
    }

    @PostMapping("/hq/policies")
    String saveDefault(@ModelAttribute("policyForm") PolicyForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        form.validate(errors);
        if (!errors.hasErrors()) {
            try {
                policies.setNetworkDefault(form.toPolicy());
                Flash.success(redirect, "policies.default.saved");
                return "redirect:/hq/policies";
            } catch (Policies.InvalidPolicyException e) {
                errors.rejectValue(e.field(), e.messageKey());
            }
        }
        return listPage(model);
    }

    private String listPage(Model model) {
        List<TemplateRow> rows = new ArrayList<>();
        java.text.Collator byName = java.text.Collator.getInstance(java.util.Locale.FRENCH);
        List<Templates.Summary> all = new ArrayList<>(templates.list(null, null, false));
        all.sort((a, b) -> byName.compare(a.name(), b.name()));
        for (Templates.Summary t : all) {
            if (!t.published()) {
                continue;
            }
            rows.add(new TemplateRow(t, policies.templatePolicy(t.id()).isPresent(),
                    policies.overrides(t.id()).size()));
        }
        model.addAttribute("templates", rows);
        model.addAttribute("options", Options.INSTANCE);
        return "hq/policies/list";
    }

    // ------------------------------------------------------------------------------------------------ template

    @GetMapping("/hq/policies/{templateId}")
    String template(@PathVariable UUID templateId, Model model) {
        Templates.Details t = templates.get(templateId);
        Optional<Policies.Policy> own = policies.templatePolicy(templateId);
        PolicyForm form = PolicyForm.of(own.orElseGet(policies::networkDefault));
        form.setMode(own.isPresent() ? "own" : "default");
        model.addAttribute("policyForm", form);
        return templatePage(t, model);
    }

    @PostMapping("/hq/policies/{templateId}")
    String saveTemplate(@PathVariable UUID templateId, @ModelAttribute("policyForm") PolicyForm form,
            BindingResult errors, Model model, RedirectAttributes redirect) {
        Templates.Details t = templates.get(templateId);
        if (!form.own()) {
            policies.clearTemplatePolicy(templateId);
            Flash.success(redirect, "policies.template.cleared", t.name());
            return "redirect:/hq/policies/" + templateId;
        }
        form.validate(errors);
        if (!errors.hasErrors()) {
            try {
                policies.setTemplatePolicy(templateId, form.toPolicy());
                Flash.success(redirect, "policies.template.saved", t.name());
                return "redirect:/hq/policies/" + templateId;
            } catch (Policies.InvalidPolicyException e) {
                errors.rejectValue(e.field(), e.messageKey());
            }
        }
        return templatePage(t, model);
    }

    private String templatePage(Templates.Details t, Model model) {
        model.addAttribute("t", t);
        model.addAttribute("rows", policies.effectiveTable(t.id()));
        model.addAttribute("networkDefault", policies.networkDefault());
        model.addAttribute("options", Options.INSTANCE);
        return "hq/policies/template";
    }

    // ---------------------------------------------------------------------------------------- territory override

    @GetMapping("/hq/policies/{templateId}/territories/{territoryId}")
    String override(@PathVariable UUID templateId, @PathVariable UUID territoryId, Model model) {
        Templates.Details t = templates.get(templateId);
        territories.get(territoryId);
        model.addAttribute("overrideForm", PolicyOverrideForm.of(policies.overrides(templateId).get(territoryId)));
        return overridePage(t, territoryId, model);
    }

    @PostMapping("/hq/policies/{templateId}/territories/{territoryId}")
    String saveOverride(@PathVariable UUID templateId, @PathVariable UUID territoryId,
            @ModelAttribute("overrideForm") PolicyOverrideForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        Templates.Details t = templates.get(templateId);
        String territoryName = territories.get(territoryId).name();
        form.validate(errors);
        if (!errors.hasErrors()) {
            try {
                Policies.Override override = form.toOverride();
                policies.setOverride(templateId, territoryId, override);
                Flash.success(redirect, override.empty() ? "policies.override.removed" : "policies.override.saved",
                        territoryName);
                return "redirect:/hq/policies/" + templateId + "#effective";
            } catch (Policies.InvalidPolicyException e) {
                errors.rejectValue(e.field(), e.messageKey());
            }
        }
        return overridePage(t, territoryId, model);
    }

    @PostMapping("/hq/policies/{templateId}/territories/{territoryId}/remove")
    String removeOverride(@PathVariable UUID templateId, @PathVariable UUID territoryId,
            RedirectAttributes redirect) {
        templates.get(templateId);
        String territoryName = territories.get(territoryId).name();
        policies.removeOverride(templateId, territoryId);
        Flash.success(redirect, "policies.override.removed", territoryName);
        return "redirect:/hq/policies/" + templateId + "#effective";
    }

    private String overridePage(Templates.Details t, UUID territoryId, Model model) {
        List<Policies.EffectiveRow> rows = policies.effectiveTable(t.id());
        int at = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).territoryId().equals(territoryId)) {
                at = i;
            }
        }
        if (at < 0) {
            throw new NotFoundException("Territory");
        }
        Policies.EffectiveRow row = rows.get(at);
        // what the territory inherits: its parent's effective policy (the nearest shallower row above it), or the
        // template's policy / the network default for a root
        Policies.Policy inherited = null;
        for (int i = at - 1; i >= 0 && inherited == null; i--) {
            if (rows.get(i).depth() < row.depth()) {
                inherited = rows.get(i).policy();
            }
        }
        if (inherited == null) {
            inherited = policies.templatePolicy(t.id()).orElseGet(policies::networkDefault);
        }
        model.addAttribute("t", t);
        model.addAttribute("row", row);
        model.addAttribute("inherited", inherited);
        model.addAttribute("options", Options.INSTANCE);
        return "hq/policies/override";
    }

    /** The choices of the policy selects, for the templates. */
    public static final class Options {
        static final Options INSTANCE = new Options();

        public Policies.ReviewMode[] getReviewModes() {
            return Policies.ReviewMode.values();
        }

        public Policies.Reviewer[] getReviewers() {
            return Policies.Reviewer.values();
        }

        public Policies.ExpiryAction[] getExpiryActions() {
            return Policies.ExpiryAction.values();
        }

        public TemplateChannel[] getChannels() {
            return TemplateChannel.values();
        }

        /** The channels of a set in the enum's order (a policy's set has none). */
        public List<TemplateChannel> sorted(java.util.Set<TemplateChannel> channels) {
            return java.util.Arrays.stream(TemplateChannel.values())
                    .filter(c -> channels != null && channels.contains(c)).toList();
        }

        public int getMaxDeadlineHours() {
            return Policies.MAX_DEADLINE_HOURS;
        }

        public int getMaxSendsPerWeek() {
            return Policies.MAX_SENDS_PER_WEEK;
        }
    }
}
