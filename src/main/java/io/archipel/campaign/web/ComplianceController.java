package io.archipel.campaign.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.campaign.Compliance.Finding;
import io.archipel.campaign.Compliance.InvalidRuleException;
import io.archipel.campaign.Compliance.Rule;
import io.archipel.campaign.Compliance.RuleKind;
import io.archipel.campaign.Compliance.Severity;
import io.archipel.campaign.Compliance.StaleRuleException;
import io.archipel.campaign.ComplianceService;
import io.archipel.shared.Flash;
import org.springframework.context.MessageSource;
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

/**
 * HQ's compliance rules: the list grouped by kind (severity, on/off, parameters, the note for branches), the form to
 * add or change a rule, switching a rule on or off, deleting one, and a "try a text" box that shows live (htmx) what
 * the rules switched on find in a sample subject and text.
 */
@Controller
@RequestMapping("/hq/compliance")
class ComplianceController {

    private static final String BASE = "/hq/compliance";
    private static final int MAX_SAMPLE = 5000;

    /** The rules of one kind, as the list shows them. */
    public record KindGroup(RuleKind kind, List<Rule> rules) {
        public boolean single() {
            return kind.single();
        }

        public long enabledCount() {
            return rules.stream().filter(Rule::enabled).count();
        }
    }

    private final ComplianceService compliance;
    private final MessageSource messages;
    ComplianceController(ComplianceService compliance, MessageSource messages) {
        this.compliance = compliance;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("sample", new SampleForm());
        return list(model, null);
    }

    /** The "try a text" box: the findings fragment for htmx, else the whole page with the findings. */
    @PostMapping("/try")
    String trySample(@ModelAttribute("sample") SampleForm sample, Model model,
            @RequestHeader(value = "HX-Request", required = false) String htmx) {
        String subject = cut(sample.getSubject());
        String text = cut(sample.getText());
        boolean empty = subject.isBlank() && text.isBlank();
        List<Finding> findings = empty ? List.of() : compliance.checkSample(subject, text, language());
        model.addAttribute("tried", !empty);
        model.addAttribute("findings", findings);
        Map<String, List<Finding>> byPlace = new LinkedHashMap<>();
        for (Finding f : findings) {
            byPlace.computeIfAbsent("subject".equals(f.path()) ? "subject" : "text", k -> new ArrayList<>()).add(f);
        }
        model.addAttribute("findingsByPlace", byPlace);
        if (htmx != null) {
            return "hq/compliance/list :: findings";
        }
        return list(model, findings);
    }

    @GetMapping("/new")
    String newRule(@RequestParam(required = false) RuleKind kind, Model model) {
        model.addAttribute("rule", ComplianceRuleForm.starter(kind));
        return form(model, null);
    }

    @PostMapping
    String create(@ModelAttribute("rule") ComplianceRuleForm form, BindingResult result, Model model,
            RedirectAttributes redirect, Locale locale) {
        if (form.getKind() == null) {
            result.rejectValue("kind", "validation.required");
            return form(model, null);
        }
        Integer length = length(form, result);
        if (result.hasErrors()) {
            return form(model, null);
        }
        try {
            UUID id = compliance.create(form.toDraft(form.getKind(), length));
            Flash.success(redirect, "compliance.created", label(compliance.get(id), locale));
            return "redirect:" + BASE;
        } catch (InvalidRuleException e) {
            reject(result, e);
            return form(model, null);
        }
    }

    @GetMapping("/{ruleId}")
    String edit(@PathVariable UUID ruleId, Model model) {
        Rule rule = compliance.get(ruleId);
        model.addAttribute("rule", ComplianceRuleForm.of(rule));
        return form(model, rule);
    }

    @PostMapping("/{ruleId}")
    String update(@PathVariable UUID ruleId, @ModelAttribute("rule") ComplianceRuleForm form, BindingResult result,
            Model model, RedirectAttributes redirect, Locale locale) {
        Rule rule = compliance.get(ruleId);
        form.setKind(rule.kind());
        Integer length = length(form, result);
        if (result.hasErrors()) {
            return form(model, rule);
        }
        try {
            compliance.update(ruleId, form.getVersion(), form.toDraft(rule.kind(), length));
            Flash.success(redirect, "compliance.updated", label(compliance.get(ruleId), locale));
            return "redirect:" + BASE;
        } catch (InvalidRuleException e) {
            reject(result, e);
            return form(model, rule);
        } catch (StaleRuleException e) {
            result.reject("validation.stale");
            return form(model, rule);
        }
    }

    @PostMapping("/{ruleId}/toggle")
    String toggle(@PathVariable UUID ruleId, @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect, Locale locale) {
        Rule rule = compliance.get(ruleId);
        compliance.setEnabled(ruleId, enabled);
        Flash.success(redirect, enabled ? "compliance.enabled" : "compliance.disabled", label(rule, locale));
        return "redirect:" + BASE + "#kind-" + rule.kind().name();
    }

    @PostMapping("/{ruleId}/delete")
    String delete(@PathVariable UUID ruleId, RedirectAttributes redirect, Locale locale) {
        Rule rule = compliance.get(ruleId);
        compliance.delete(ruleId);
        Flash.success(redirect, "compliance.deleted", label(rule, locale));
        return "redirect:" + BASE;
    }

    private String list(Model model, List<Finding> findings) {
        Map<RuleKind, List<Rule>> byKind = new LinkedHashMap<>();
        for (RuleKind kind : RuleKind.values()) {
            byKind.put(kind, new ArrayList<>());
        }
        List<Rule> rules = compliance.rules();
        rules.forEach(r -> byKind.get(r.kind()).add(r));
        List<KindGroup> groups = new ArrayList<>();
        byKind.forEach((kind, list) -> groups.add(new KindGroup(kind, list)));
        model.addAttribute("groups", groups);
        model.addAttribute("ruleCount", rules.size());
        model.addAttribute("enabledCount", rules.stream().filter(Rule::enabled).count());
        model.addAttribute("mayEdit", compliance.mayEdit());
        if (findings != null) {
            model.addAttribute("findings", findings);
        }
        return "hq/compliance/list";
    }

    private String form(Model model, Rule existing) {
        model.addAttribute("existing", existing);
        model.addAttribute("kindName", existing == null ? "" : messages.getMessage("compliance.kind."
                + existing.kind().name(), null, org.springframework.context.i18n.LocaleContextHolder.getLocale()));
        model.addAttribute("kinds", RuleKind.values());
        model.addAttribute("severities", Severity.values());
        return "hq/compliance/form";
    }

    /** The typed maximum length for a subject length rule, with a field error when it is not a number. */
    private static Integer length(ComplianceRuleForm form, BindingResult result) {
        if (form.getKind() != RuleKind.SUBJECT_LENGTH) {
            return null;
        }
        Integer length = form.parsedMaxLength();
        if (length != null && length < 0) {
            result.rejectValue("maxLength", "compliance.rule.maxLength.range", new Object[] {10, 500}, null);
            return null;
        }
        return length;
    }

    /** "Restricted words (gratuit, meilleur prix…)": the kind and what the rule holds, for messages. */
    private String label(Rule rule, Locale locale) {
        String kind = messages.getMessage("compliance.kind." + rule.kind().name(), null, locale);
        List<String> items = switch (rule.kind()) {
            case RESTRICTED_WORD -> rule.words();
            case LINK_DOMAIN -> rule.domains();
            case RESTRICTED_PATTERN -> rule.pattern() == null ? List.of() : List.of(rule.pattern());
            case SUBJECT_LENGTH -> rule.maxLength() == null ? List.of() : List.of(rule.maxLength().toString());
            default -> List.of();
        };
        if (items.isEmpty()) {
            return kind;
        }
        String joined = String.join(", ", items.subList(0, Math.min(3, items.size())))
                + (items.size() > 3 ? "…" : "");
        return kind + " (" + (joined.length() > 60 ? joined.substring(0, 59) + "…" : joined) + ")";
    }

    /** The language of the person trying (typical merge values for the subject length). */
    private static String language() {
        return org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage();
    }

    private static String cut(String s) {
        String v = s == null ? "" : s;
        return v.length() > MAX_SAMPLE ? v.substring(0, MAX_SAMPLE) : v;
    }

    private static void reject(BindingResult result, InvalidRuleException e) {
        Object[] args = e.args() == null || e.args().length == 0 ? null : e.args();
        if (e.field() == null) {
            result.reject(e.messageKey(), args, null);
        } else {
            result.rejectValue(e.field(), e.messageKey(), args, null);
        }
    }

    /** The "try a text" box. */
    public static class SampleForm {
        private String subject;
        private String text;

        public String getSubject() { return subject; }
        public void setSubject(String subject) { this.subject = subject; }
        public String getText() { return text; }
        public void setText(String text) { this.text = text; }
    }
}
