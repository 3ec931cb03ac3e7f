package io.archipel.campaign.web;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.EmailPreviewResponse;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.SmsLength;
import io.archipel.brand.TemplateCatalog;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.brand.Templates;
import io.archipel.campaign.Gallery;
import io.archipel.campaign.GalleryRefusedException;
import io.archipel.campaign.GalleryService;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The network gallery in the branch portal ({@code /portal/gallery}): campaigns HQ featured, as cards filtered by
 * channel, template and text; one featured campaign with a large preview (with the acting branch's own details) and
 * "Reuse for my branch"; and the section of step 1 of the campaign wizard ({@code /portal/gallery/choices}).
 * Featured campaigns are readable by every branch (see {@link GalleryService}); reusing creates a draft of the acting
 * branch, then step 2 of the wizard.
 */
@Controller
@RequestMapping("/portal/gallery")
class GalleryController {

    static final int CHOICES = 3;

    private final GalleryService gallery;
    private final TemplateCatalog catalog;
    private final TemplatePreviewer previewer;
    private final PortalCampaignPages pages;

    GalleryController(GalleryService gallery, TemplateCatalog catalog, TemplatePreviewer previewer,
            PortalCampaignPages pages) {
        this.gallery = gallery;
        this.catalog = catalog;
        this.previewer = previewer;
        this.pages = pages;
    }

    /** A featured campaign as a card: whether the acting branch may reuse it now, and its dates for the branch. */
    public record Card(Gallery.Entry entry, boolean usable, String sent) {
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID branchId, @RequestParam(required = false) TemplateChannel channel,
            @RequestParam(required = false) UUID templateId, @RequestParam(required = false) String q,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        String text = q == null ? "" : q.strip();
        if (text.length() > 200) {
            text = text.substring(0, 200);
        }
        List<Gallery.Entry> entries = gallery.entries(new Gallery.Filter(channel, templateId, text));
        Set<UUID> usable = usableTemplates(branch);
        PortalCampaignViews views = new PortalCampaignViews(branch == null ? null : branch.timeZone(), locale);
        model.addAttribute("cards", entries.stream().map(e -> new Card(e, usable.contains(e.templateId()),
                views.longDate(e.sentAt()))).toList());
        model.addAttribute("channel", channel);
        model.addAttribute("templateId", templateId);
        model.addAttribute("q", text);
        model.addAttribute("filtered", channel != null || templateId != null || !text.isEmpty());
        model.addAttribute("templateOptions", gallery.templates());
        return htmx != null ? "portal/gallery/list :: results" : "portal/gallery/list";
    }

    /** Step 1 of the wizard: up to three featured campaigns the branch may reuse, or nothing at all. */
    @GetMapping("/choices")
    String choices(@RequestParam(required = false) UUID branchId, Model model, Locale locale,
            HttpServletResponse response) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        if (branch == null) {
            return "portal/gallery/choices :: nothing";
        }
        List<Gallery.Entry> entries = gallery.usableBy(branch.id(), CHOICES);
        if (entries.isEmpty()) {
            return "portal/gallery/choices :: nothing";
        }
        PortalCampaignViews views = new PortalCampaignViews(branch.timeZone(), locale);
        model.addAttribute("cards", entries.stream().map(e -> new Card(e, true, views.longDate(e.sentAt()))).toList());
        return "portal/gallery/choices :: choices";
    }

    @GetMapping("/{campaignId}")
    String entry(@PathVariable UUID campaignId, @RequestParam(required = false) UUID branchId, Model model,
            Locale locale) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        Gallery.Shown shown = gallery.entry(campaignId);
        model.addAttribute("name", "");
        return page(shown, branch, model, locale);
    }

    /** The e-mail's HTML for the sandboxed preview frame, with the acting branch's details and a sample contact. */
    @GetMapping("/{campaignId}/preview")
    ResponseEntity<String> preview(@PathVariable UUID campaignId, @RequestParam(required = false) UUID branchId,
            Locale locale, Model model) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        Gallery.Shown shown = gallery.entry(campaignId);
        if (shown.email() == null) {
            throw new NotFoundException("E-mail campaign");
        }
        return EmailPreviewResponse.of(previewer.previewEmail(shown.email(), branch == null ? null : branch.id(),
                SampleContact.defaults(locale), locale).html());
    }

    /** Reuses the featured campaign for the acting branch: a new draft, then step 2 of the wizard. */
    @PostMapping("/{campaignId}/reuse")
    String reuse(@PathVariable UUID campaignId, @RequestParam(required = false) UUID branchId,
            @RequestParam(required = false) String name, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        if (branch == null) {
            throw new NotFoundException("Branch");
        }
        Gallery.Shown shown = gallery.entry(campaignId);
        String clean = name == null ? "" : name.strip();
        if (clean.length() > PortalCampaignController.MAX_NAME_LENGTH) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("name", name);
            model.addAttribute("nameError", "gallery.reuse.nameTooLong");
            return page(shown, branch, model, locale);
        }
        Gallery.Reused reused;
        try {
            reused = gallery.reuse(campaignId, branch.id(), clean);
        } catch (GalleryRefusedException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("name", name);
            model.addAttribute("reuseError", e.messageKey());
            return page(shown, branch, model, locale);
        }
        String finalName = clean.isEmpty() ? shown.entry().name() : clean;
        if (reused.dropped().isEmpty()) {
            Flash.success(redirect, "gallery.reused", finalName, shown.entry().name());
        } else {
            Flash.success(redirect, "gallery.reused.dropped", finalName, shown.entry().name(),
                    reused.dropped().size());
        }
        return "redirect:/portal/campaigns/" + reused.campaignId() + "/content";
    }

    private String page(Gallery.Shown shown, NetworkQueries.BranchCard branch, Model model, Locale locale) {
        Gallery.Entry e = shown.entry();
        PortalCampaignViews views = new PortalCampaignViews(branch == null ? null : branch.timeZone(), locale);
        model.addAttribute("e", e);
        model.addAttribute("sent", views.longDate(e.sentAt()));
        Templates.Available available = null;
        if (branch != null) {
            available = catalog.availableTo(branch.id(), null).stream()
                    .filter(a -> a.templateId().equals(e.templateId())).findFirst().orElse(null);
        }
        model.addAttribute("usable", available != null);
        model.addAttribute("newerVersion", available != null && available.versionNumber() > e.templateVersion()
                ? available.versionNumber() : null);
        UUID branchId = branch == null ? null : branch.id();
        if (shown.email() != null) {
            PrecompiledEmail.Rendered rendered = previewer.previewEmail(shown.email(), branchId,
                    SampleContact.defaults(locale), locale);
            model.addAttribute("previewSubject", rendered.subject());
            model.addAttribute("previewText", rendered.text());
        } else if (shown.sms() != null) {
            String text = previewer.previewSms(shown.sms(), branchId, SampleContact.defaults(locale), locale);
            model.addAttribute("smsText", text);
            model.addAttribute("smsLength", SmsLength.of(text));
        }
        return "portal/gallery/entry";
    }

    private Set<UUID> usableTemplates(NetworkQueries.BranchCard branch) {
        Set<UUID> ids = new HashSet<>();
        if (branch != null) {
            catalog.availableTo(branch.id(), null).forEach(a -> ids.add(a.templateId()));
        }
        return ids;
    }
}
