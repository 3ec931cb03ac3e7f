package io.archipel.brand.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.EmailPreviewResponse;
import io.archipel.brand.SmsLength;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.validation.Valid;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import org.springframework.context.MessageSource;
import org.springframework.dao.OptimisticLockingFailureException;
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
 * HQ: the life of templates — list, create, overview (details, problems, versions, history), publish to the network
 * or a pilot group, change availability, discard the draft, archive and restore, and read-only published versions.
 * The editors themselves (e-mail blocks, SMS) live under {@code /hq/templates/{templateId}/email|sms}.
 */
@Controller
@RequestMapping("/hq/templates")
class TemplateController {

    private final TemplateService templates;
    private final TemplatePreviewer previewer;
    private final NetworkQueries network;
    private final MessageSource messages;

    TemplateController(TemplateService templates, TemplatePreviewer previewer, NetworkQueries network,
            MessageSource messages) {
        this.templates = templates;
        this.previewer = previewer;
        this.network = network;
        this.messages = messages;
    }

    @InitBinder
    void trim(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    // ---------------------------------------------------------------------------------------------- list

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String channel,
            @RequestParam(required = false) String view,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore,
            Model model, Locale locale) {
        TemplateChannel chosen = channel(channel);
        boolean archived = "archived".equals(view);
        String query = q == null ? "" : q.strip();
        model.addAttribute("templates", templates.list(query, chosen, archived));
        model.addAttribute("q", query);
        model.addAttribute("channel", chosen == null ? "" : chosen.name());
        model.addAttribute("archivedView", archived);
        model.addAttribute("filtered", !query.isEmpty() || chosen != null);
        model.addAttribute("when", new TemplateLifecycleViews.When(messages, locale));
        if (htmx != null && historyRestore == null) {
            return "hq/templates/list :: rows";
        }
        model.addAttribute("channels", TemplateChannel.values());
        return "hq/templates/list";
    }

    private static TemplateChannel channel(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return TemplateChannel.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- create

    @GetMapping("/new")
    String newForm(Model model) {
        return createForm(model, new TemplateCreateForm());
    }

    @PostMapping
    String create(@Valid @ModelAttribute("template") TemplateCreateForm form, BindingResult result, Model model) {
        if (!result.hasFieldErrors("name") && templates.nameTaken(form.getName(), null)) {
            result.rejectValue("name", "catalog.name.taken");
        }
        if (!result.hasErrors()) {
            try {
                UUID id = templates.create(form.getChannel(), form.getName(), form.getCategory(),
                        form.getDescription());
                return "redirect:" + TemplateLifecycleViews.editorUrl(id, form.getChannel());
            } catch (TemplateService.DuplicateNameException e) {
                result.rejectValue("name", "catalog.name.taken");
            }
        }
        return createForm(model, form);
    }

    private static String createForm(Model model, TemplateCreateForm form) {
        model.addAttribute("template", form);
        model.addAttribute("channels", TemplateChannel.values());
        model.addAttribute("categories", TemplateCategory.values());
        return "hq/templates/new";
    }

    // ---------------------------------------------------------------------------------------------- overview

    @GetMapping("/{templateId}")
    String overview(@PathVariable UUID templateId, Model model, Locale locale) {
        Templates.Details d = templates.get(templateId);
        return overview(d, TemplateDetailsForm.of(d), model, locale);
    }

    @PostMapping("/{templateId}/details")
    String updateDetails(@PathVariable UUID templateId, @Valid @ModelAttribute("details") TemplateDetailsForm form,
            BindingResult result, Model model, Locale locale, RedirectAttributes redirect) {
        Templates.Details d = templates.get(templateId);
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        if (!result.hasFieldErrors("name") && templates.nameTaken(form.getName(), templateId)) {
            result.rejectValue("name", "catalog.name.taken");
        }
        if (!result.hasErrors()) {
            try {
                templates.updateDetails(templateId, form.getVersion(), form.getName(), form.getCategory(),
                        form.getDescription());
                Flash.success(redirect, "catalog.details.saved");
                return "redirect:/hq/templates/" + templateId;
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            } catch (TemplateService.DuplicateNameException e) {
                result.rejectValue("name", "catalog.name.taken");
            }
        }
        model.addAttribute("detailsOpen", true);
        return overview(d, form, model, locale);
    }

    private String overview(Templates.Details d, TemplateDetailsForm form, Model model, Locale locale) {
        model.addAttribute("t", d);
        model.addAttribute("details", form);
        model.addAttribute("categories", TemplateCategory.values());
        model.addAttribute("editorUrl", TemplateLifecycleViews.editorUrl(d.id(), d.channel()));
        model.addAttribute("problems", TemplateLifecycleViews.problems(templates.problems(d.id()), d, messages,
                locale));
        model.addAttribute("versions", templates.versions(d.id()).stream()
                .sorted(Comparator.comparingInt(Templates.Version::number).reversed())
                .map(v -> TemplateLifecycleViews.version(v, messages, locale)).toList());
        model.addAttribute("history", templates.history(d.id()).stream()
                .map(e -> TemplateLifecycleViews.event(e, messages, locale)).toList());
        model.addAttribute("availability", availabilityView(d));
        model.addAttribute("when", new TemplateLifecycleViews.When(messages, locale));
        return "hq/templates/overview";
    }

    private TemplateLifecycleViews.AvailabilityView availabilityView(Templates.Details d) {
        NetworkQueries.NetworkSnapshot snapshot = network.snapshot();
        return TemplateLifecycleViews.AvailabilityView.of(d.availability(), territoryNames(snapshot.roots()),
                TemplateLifecycleViews.byId(network.visibleBranches(), NetworkQueries.BranchSummary::id,
                        NetworkQueries.BranchSummary::name));
    }

    private static Map<UUID, String> territoryNames(List<NetworkQueries.TerritoryNode> roots) {
        Map<UUID, String> names = new java.util.HashMap<>();
        List<NetworkQueries.TerritoryNode> todo = new ArrayList<>(roots);
        while (!todo.isEmpty()) {
            NetworkQueries.TerritoryNode n = todo.remove(todo.size() - 1);
            names.put(n.id(), n.name());
            todo.addAll(n.children());
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------- publish

    @GetMapping("/{templateId}/publish")
    String publishForm(@PathVariable UUID templateId, Model model, Locale locale) {
        Templates.Details d = templates.get(templateId);
        return availabilityPage(d, TemplateAvailabilityForm.of(d), true, List.of(), model, locale);
    }

    @PostMapping("/{templateId}/publish")
    String publish(@PathVariable UUID templateId, @Valid @ModelAttribute("availability") TemplateAvailabilityForm form,
            BindingResult result, Model model, Locale locale, RedirectAttributes redirect) {
        Templates.Details d = templates.get(templateId);
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        List<TemplateProblem> refused = List.of();
        if (!result.hasErrors()) {
            try {
                Templates.Version v = templates.publish(templateId, form.getVersion(), form.toAvailability());
                Flash.success(redirect, "catalog.published", v.number());
                return "redirect:/hq/templates/" + templateId;
            } catch (TemplateProblem.InvalidTemplateException e) {
                refused = reject(e, result);
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            }
        }
        return availabilityPage(d, form, true, refused, model, locale);
    }

    @GetMapping("/{templateId}/availability")
    String availabilityForm(@PathVariable UUID templateId, Model model, Locale locale) {
        Templates.Details d = templates.get(templateId);
        return availabilityPage(d, TemplateAvailabilityForm.of(d), false, List.of(), model, locale);
    }

    @PostMapping("/{templateId}/availability")
    String changeAvailability(@PathVariable UUID templateId,
            @Valid @ModelAttribute("availability") TemplateAvailabilityForm form, BindingResult result, Model model,
            Locale locale, RedirectAttributes redirect) {
        Templates.Details d = templates.get(templateId);
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        List<TemplateProblem> refused = List.of();
        if (!result.hasErrors()) {
            try {
                templates.changeAvailability(templateId, form.getVersion(), form.toAvailability());
                Flash.success(redirect, "catalog.availability.saved");
                return "redirect:/hq/templates/" + templateId;
            } catch (TemplateProblem.InvalidTemplateException e) {
                refused = reject(e, result);
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            }
        }
        return availabilityPage(d, form, false, refused, model, locale);
    }

    /** Availability problems go next to their fields; the others (the template's own) are returned for a list. */
    private static List<TemplateProblem> reject(TemplateProblem.InvalidTemplateException e, BindingResult result) {
        List<TemplateProblem> others = new ArrayList<>();
        for (TemplateProblem p : e.problems()) {
            if ("availability".equals(p.path())) {
                result.rejectValue("territoryIds", p.messageKey(), p.argsArray(), null);
            } else if ("availability.until".equals(p.path())) {
                result.rejectValue("until", p.messageKey(), p.argsArray(), null);
            } else if ("availability.from".equals(p.path())) {
                result.rejectValue("from", p.messageKey(), p.argsArray(), null);
            } else {
                others.add(p);
            }
        }
        return others;
    }

    private String availabilityPage(Templates.Details d, TemplateAvailabilityForm form, boolean publishing,
            List<TemplateProblem> refused, Model model, Locale locale) {
        NetworkQueries.NetworkSnapshot snapshot = network.snapshot();
        List<NetworkQueries.BranchSummary> branches = network.visibleBranches();
        Map<UUID, String> territoryNames = territoryNames(snapshot.roots());
        model.addAttribute("t", d);
        model.addAttribute("availability", form);
        model.addAttribute("publishing", publishing);
        model.addAttribute("editorUrl", TemplateLifecycleViews.editorUrl(d.id(), d.channel()));
        model.addAttribute("roots", snapshot.roots());
        model.addAttribute("branches", branches);
        model.addAttribute("territoryNames", territoryNames);
        List<TemplateProblem> problems = publishing ? templates.problems(d.id()) : List.of();
        List<TemplateProblem> shown = new ArrayList<>(problems);
        refused.stream().filter(p -> !problems.contains(p)).forEach(shown::add);
        model.addAttribute("problems", TemplateLifecycleViews.problems(shown, d, messages, locale));
        model.addAttribute("blocking", !problems.isEmpty());
        model.addAttribute("nextVersion", d.publishedVersion() == null ? 1 : d.publishedVersion() + 1);
        model.addAttribute("current", availabilityView(d));
        model.addAttribute("when", new TemplateLifecycleViews.When(messages, locale));
        return "hq/templates/publish";
    }

    // ---------------------------------------------------------------------------------------------- other actions

    @PostMapping("/{templateId}/discard")
    String discard(@PathVariable UUID templateId, @RequestParam(required = false) Long version,
            RedirectAttributes redirect) {
        Templates.Details d = templates.get(templateId);
        if (!d.published() || !d.unpublishedChanges()) {
            Flash.error(redirect, "catalog.discard.nothing");
            return "redirect:/hq/templates/" + templateId;
        }
        try {
            templates.discardDraft(templateId, version == null ? d.version() : version);
            Flash.success(redirect, "catalog.discarded", d.publishedVersion());
        } catch (OptimisticLockingFailureException e) {
            Flash.error(redirect, "validation.stale");
        }
        return "redirect:/hq/templates/" + templateId;
    }

    @PostMapping("/{templateId}/archive")
    String archive(@PathVariable UUID templateId, RedirectAttributes redirect) {
        Templates.Details d = templates.get(templateId);
        templates.archive(templateId);
        Flash.success(redirect, "catalog.archived", d.name());
        return "redirect:/hq/templates/" + templateId;
    }

    @PostMapping("/{templateId}/restore")
    String restore(@PathVariable UUID templateId, RedirectAttributes redirect) {
        Templates.Details d = templates.get(templateId);
        templates.restore(templateId);
        Flash.success(redirect, "catalog.restored", d.name());
        return "redirect:/hq/templates/" + templateId;
    }

    // ---------------------------------------------------------------------------------------------- versions

    @GetMapping("/{templateId}/versions/{number}")
    String version(@PathVariable UUID templateId, @PathVariable int number, Model model, Locale locale) {
        Templates.Details d = templates.get(templateId);
        List<Templates.Version> all = templates.versions(templateId);
        Templates.Version v = find(all, number);
        model.addAttribute("t", d);
        model.addAttribute("v", v);
        model.addAttribute("changes", TemplateLifecycleViews.describe(v.changes(), messages, locale));
        model.addAttribute("numbers", all.stream().map(Templates.Version::number).sorted(Comparator.reverseOrder())
                .toList());
        model.addAttribute("latest", all.stream().mapToInt(Templates.Version::number).max().orElse(number));
        if (v.channel() == TemplateChannel.EMAIL) {
            model.addAttribute("subject", TemplatePreviewer.fill(v.email().subject().text(),
                    previewer.mergeValues(null, SampleContact.defaults(locale), locale)));
        }
        if (v.channel() == TemplateChannel.SMS) {
            String text = previewer.previewSms(v.sms(), null, SampleContact.defaults(locale), locale);
            model.addAttribute("smsText", text);
            model.addAttribute("smsLength", SmsLength.of(text));
        }
        model.addAttribute("when", new TemplateLifecycleViews.When(messages, locale));
        return "hq/templates/version";
    }

    @GetMapping("/{templateId}/versions/{number}/preview")
    ResponseEntity<String> versionPreview(@PathVariable UUID templateId, @PathVariable int number, Locale locale) {
        templates.get(templateId);
        Templates.Version v = find(templates.versions(templateId), number);
        if (v.channel() != TemplateChannel.EMAIL) {
            throw new NotFoundException("E-mail version");
        }
        return EmailPreviewResponse.of(previewer.previewEmail(v.email(), null, SampleContact.defaults(locale), locale)
                .html());
    }

    private static Templates.Version find(List<Templates.Version> versions, int number) {
        return versions.stream().filter(v -> v.number() == number).findFirst()
                .orElseThrow(() -> new NotFoundException("Template version"));
    }
}
