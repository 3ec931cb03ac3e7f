package io.archipel.campaign.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignContents;
import io.archipel.brand.Templates;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.campaign.StaleCampaignException;
import io.archipel.shared.Flash;
import io.archipel.tenancy.NetworkQueries;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HQ's campaign kits: the list (active or archived), "new kit", and one kit's page — its settings (name, brief,
 * suggested segment with its live reach, window) and a summary of its content while DRAFT, the push form (network or
 * pilot group), then, once pushed, which branches used it, ignored it or still have it pending. The content editor is
 * {@link KitContentController}. Bad input re-renders the form with what was typed and the errors next to the fields.
 */
@Controller
@RequestMapping("/hq/kits")
class KitController {

    private final KitService kits;
    private final TemplateService templates;
    private final SegmentService segments;
    private final NetworkQueries network;
    private final MessageSource messages;
    private final TemplatePreviewer previewer;

    KitController(KitService kits, TemplateService templates, SegmentService segments, NetworkQueries network,
            MessageSource messages, TemplatePreviewer previewer) {
        this.previewer = previewer;
        this.kits = kits;
        this.templates = templates;
        this.segments = segments;
        this.network = network;
        this.messages = messages;
    }

    // ---------------------------------------------------------------- list and creation

    @GetMapping
    String list(@RequestParam(defaultValue = "false") boolean archived, Model model, Locale locale) {
        List<Kits.Summary> rows = kits.list(archived);
        model.addAttribute("rows", rows);
        model.addAttribute("archived", archived);
        model.addAttribute("views", new KitViews(locale));
        model.addAttribute("pushedCount", rows.stream().filter(r -> r.status() == Kits.Status.PUSHED).count());
        model.addAttribute("draftCount", rows.stream().filter(r -> r.status() == Kits.Status.DRAFT).count());
        return "hq/kits/list";
    }

    @GetMapping("/new")
    String newKit(@RequestParam(required = false) UUID templateId, Model model) {
        KitForms.Create form = new KitForms.Create();
        form.setTemplateId(templateId);
        return createPage(form, model);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("kit") KitForms.Create form, BindingResult result, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        if (!result.hasErrors()) {
            try {
                UUID id = kits.create(form.getName(), form.getTemplateId(), form.getBrief());
                Flash.success(redirect, "kit.flash.created", form.getName().strip());
                return "redirect:/hq/kits/" + id;
            } catch (Kits.InvalidKitException e) {
                KitForms.reject(result, e.problems(), List.of("name", "templateId", "brief"));
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return createPage(form, model);
    }

    private String createPage(KitForms.Create form, Model model) {
        model.addAttribute("kit", form);
        model.addAttribute("templates", templates.list(null, null, false).stream()
                .filter(Templates.Summary::published).toList());
        return "hq/kits/new";
    }

    // ---------------------------------------------------------------- one kit

    @GetMapping("/{kitId}")
    String details(@PathVariable UUID kitId, Model model, Locale locale) {
        Kits.Details d = kits.get(kitId);
        return detailsPage(d, KitForms.Settings.of(d), KitForms.Push.of(d), model, locale);
    }

    @PostMapping("/{kitId}")
    String update(@PathVariable UUID kitId, @Valid @ModelAttribute("settings") KitForms.Settings form,
            BindingResult result, Model model, Locale locale, RedirectAttributes redirect,
            HttpServletResponse response) {
        Kits.Details d = kits.get(kitId);
        if (d.status() != Kits.Status.DRAFT) {
            Flash.error(redirect, "kit.problem.notDraft");
            return "redirect:/hq/kits/" + kitId;
        }
        if (!result.hasErrors()) {
            try {
                kits.update(kitId, form.getVersion() == null ? -1 : form.getVersion(), form.getName(),
                        form.getBrief(), form.getSegmentId(), form.getWindowStart(), form.getWindowEnd());
                Flash.success(redirect, "kit.flash.saved");
                return "redirect:/hq/kits/" + kitId;
            } catch (Kits.InvalidKitException e) {
                KitForms.reject(result, e.problems(),
                        List.of("name", "brief", "segmentId", "windowStart", "windowEnd"));
            } catch (StaleCampaignException e) {
                result.reject("validation.stale");
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                return detailsPage(d, form, KitForms.Push.of(d), model, locale);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return detailsPage(d, form, KitForms.Push.of(d), model, locale);
    }

    @PostMapping("/{kitId}/push")
    String push(@PathVariable UUID kitId, @Valid @ModelAttribute("availability") KitForms.Push form,
            BindingResult result, Model model, Locale locale, RedirectAttributes redirect,
            HttpServletResponse response) {
        Kits.Details d = kits.get(kitId);
        if (d.status() != Kits.Status.DRAFT) {
            Flash.error(redirect, "kit.problem.notDraft");
            return "redirect:/hq/kits/" + kitId;
        }
        if (!result.hasErrors()) {
            try {
                kits.push(kitId, form.getVersion() == null ? -1 : form.getVersion(), form.toTargets());
                Flash.success(redirect, "kit.flash.pushed", d.summary().name());
                return "redirect:/hq/kits/" + kitId;
            } catch (Kits.InvalidKitException e) {
                List<TemplateProblem> others = new ArrayList<>();
                boolean content = false;
                for (TemplateProblem p : e.problems()) {
                    if (p.path().startsWith("blocks") || p.path().startsWith("parts") || p.path().equals("subject")
                            || p.path().equals("preheader")) {
                        content = true;
                    } else if (p.path().startsWith("window")) {
                        result.reject("kit.push.windowFirst");
                    } else {
                        others.add(p);
                    }
                }
                if (content) {
                    result.reject("kit.push.contentFirst");
                }
                KitForms.reject(result, others, List.of("territoryIds"));
            } catch (StaleCampaignException e) {
                result.reject("validation.stale");
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                return detailsPage(d, KitForms.Settings.of(d), form, model, locale);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return detailsPage(d, KitForms.Settings.of(d), form, model, locale);
    }

    @PostMapping("/{kitId}/archive")
    String archive(@PathVariable UUID kitId, RedirectAttributes redirect) {
        Kits.Details d = kits.get(kitId);
        kits.archive(kitId);
        Flash.success(redirect, "kit.flash.archived", d.summary().name());
        return "redirect:/hq/kits";
    }

    /** The live reach of a suggested segment across the network (htmx, on change of the select). */
    @GetMapping("/{kitId}/segment-count")
    String segmentCount(@PathVariable UUID kitId, @RequestParam(required = false) String segmentId, Model model) {
        kits.get(kitId);
        model.addAttribute("reach", reach(parse(segmentId)));
        return "hq/kits/details :: reach";
    }

    // ---------------------------------------------------------------- helpers

    private String detailsPage(Kits.Details d, KitForms.Settings settings, KitForms.Push push, Model model,
            Locale locale) {
        model.addAttribute("d", d);
        model.addAttribute("s", d.summary());
        model.addAttribute("settings", settings);
        model.addAttribute("availability", push);
        model.addAttribute("views", new KitViews(locale));
        boolean draft = d.status() == Kits.Status.DRAFT;
        if (d.template().sms() != null) {
            model.addAttribute("smsPreview", previewer.previewSms(CampaignContents.resolveSms(d.template().sms(),
                    d.content()), null, TemplatePreviewer.SampleContact.defaults(locale), locale));
        }
        if (draft) {
            String channel = d.summary().channel().name();
            model.addAttribute("segments", segments.listNetwork().stream()
                    .filter(s -> s.definition() != null && s.definition().channel() != null
                            && s.definition().channel().name().equals(channel)).toList());
            model.addAttribute("reach", reach(settings.getSegmentId()));
            model.addAttribute("checks", PortalCampaignChecks.of(kits.problems(d.id()), kits.findings(d.id()),
                    d.template().email(), d.template().sms(), messages, locale));
            model.addAttribute("roots", network.snapshot().roots());
            model.addAttribute("branches", network.visibleBranches().stream()
                    .filter(NetworkQueries.BranchSummary::active).toList());
        } else {
            model.addAttribute("progress", kits.progress(d.id()));
            model.addAttribute("targetNames", targetNames(d));
        }
        return "hq/kits/details";
    }

    /** The network reach of an HQ segment (null when none or unknown). */
    private Long reach(UUID segmentId) {
        if (segmentId == null) {
            return null;
        }
        return segments.listNetwork().stream().filter(s -> s.id().equals(segmentId)).findFirst()
                .map(Segments.Segment::definition).map(def -> segments.countInScope(def).total()).orElse(null);
    }

    /** The names of a pilot group's territories and branches, for "pushed to". */
    private List<String> targetNames(Kits.Details d) {
        List<String> names = new ArrayList<>();
        if (!d.targets().pilot()) {
            return names;
        }
        List<NetworkQueries.TerritoryNode> todo = new ArrayList<>(network.snapshot().roots());
        while (!todo.isEmpty()) {
            NetworkQueries.TerritoryNode n = todo.remove(0);
            if (d.targets().territoryIds().contains(n.id())) {
                names.add(n.name());
            }
            todo.addAll(n.children());
        }
        network.visibleBranches().stream().filter(b -> d.targets().branchIds().contains(b.id()))
                .forEach(b -> names.add(b.name() + " (" + b.code() + ")"));
        return names;
    }

    private static UUID parse(String id) {
        try {
            return id == null || id.isBlank() ? null : UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
