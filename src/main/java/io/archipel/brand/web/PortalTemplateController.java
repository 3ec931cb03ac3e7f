package io.archipel.brand.web;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.EmailPreviewResponse;
import io.archipel.brand.SmsLength;
import io.archipel.brand.TemplateCatalog;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.brand.Templates;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The branch side of templates: what headquarters made available to the acting branch, and a read-only preview of a
 * template with the branch's own details. A manager of several branches picks the acting branch with
 * {@code ?branchId=} (the first of their branches otherwise); a branch outside their scope is refused by the service,
 * and a template not available to the branch does not exist for it (404).
 */
@Controller
@RequestMapping("/portal/templates")
class PortalTemplateController {

    private final TemplateCatalog catalog;
    private final TemplatePreviewer previewer;
    private final NetworkQueries network;
    private final MessageSource messages;

    PortalTemplateController(TemplateCatalog catalog, TemplatePreviewer previewer, NetworkQueries network,
            MessageSource messages) {
        this.catalog = catalog;
        this.previewer = previewer;
        this.network = network;
        this.messages = messages;
    }

    @GetMapping
    String catalogue(@RequestParam(required = false) UUID branchId, @RequestParam(required = false) String category,
            Model model, Locale locale) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        model.addAttribute("when", new TemplateLifecycleViews.When(messages, locale));
        if (branch == null) {
            model.addAttribute("groups", Map.of());
            return "portal/templates/catalog";
        }
        List<Templates.Available> available = catalog.availableTo(branch.id(), null);
        TemplateCategory chosen = category(category);
        Map<TemplateCategory, Long> counts = new EnumMap<>(TemplateCategory.class);
        available.forEach(a -> counts.merge(a.category(), 1L, Long::sum));
        Map<TemplateCategory, List<Templates.Available>> groups = new EnumMap<>(TemplateCategory.class);
        for (Templates.Available a : available) {
            if (chosen == null || a.category() == chosen) {
                groups.computeIfAbsent(a.category(), c -> new java.util.ArrayList<>()).add(a);
            }
        }
        model.addAttribute("total", available.size());
        model.addAttribute("counts", counts);
        model.addAttribute("groups", groups);
        model.addAttribute("category", chosen == null ? "" : chosen.name());
        return "portal/templates/catalog";
    }

    @GetMapping("/{templateId}")
    String detail(@PathVariable UUID templateId, @RequestParam(required = false) UUID branchId, Model model,
            Locale locale) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        if (branch == null) {
            throw new NotFoundException("Template");
        }
        Templates.Version v = catalog.latestFor(branch.id(), templateId);
        Templates.Available available = catalog.availableTo(branch.id(), null).stream()
                .filter(a -> a.templateId().equals(templateId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Template"));
        model.addAttribute("v", v);
        model.addAttribute("available", available);
        if (v.channel() == TemplateChannel.EMAIL) {
            model.addAttribute("subject", TemplatePreviewer.fill(v.email().subject().text(),
                    previewer.mergeValues(branch.id(), SampleContact.defaults(locale), locale)));
        }
        if (v.channel() == TemplateChannel.SMS) {
            String text = previewer.previewSms(v.sms(), branch.id(), SampleContact.defaults(locale), locale);
            model.addAttribute("smsText", text);
            model.addAttribute("smsLength", SmsLength.of(text));
        }
        model.addAttribute("when", new TemplateLifecycleViews.When(messages, locale));
        return "portal/templates/detail";
    }

    @GetMapping("/{templateId}/preview")
    ResponseEntity<String> preview(@PathVariable UUID templateId, @RequestParam(required = false) UUID branchId,
            Locale locale) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, null);
        if (branch == null) {
            throw new NotFoundException("Template");
        }
        Templates.Version v = catalog.latestFor(branch.id(), templateId);
        if (v.channel() != TemplateChannel.EMAIL) {
            throw new NotFoundException("E-mail template");
        }
        return EmailPreviewResponse.of(previewer.previewEmail(v.email(), branch.id(), SampleContact.defaults(locale),
                locale).html());
    }

    /** The branch the manager acts for: the one asked for (403/404 outside their scope), or their first. */
    private NetworkQueries.BranchCard actingBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = network.actingBranch(branchId).orElse(null);
        if (model != null) {
            model.addAttribute("myBranches", network.visibleBranches());
            model.addAttribute("branch", branch);
        }
        return branch;
    }

    private static TemplateCategory category(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return TemplateCategory.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
