package io.archipel.campaign.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.AssetLibrary;
import io.archipel.brand.BlockField;
import io.archipel.brand.BlockType;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCatalog;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.brand.Templates;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.IllegalTransitionException;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The branch's campaigns: the list of the acting branch's campaigns, step 1 of the wizard (choose a template the
 * branch may use: creating the campaign leads to step 2), and a campaign's own page (status, timeline, the comment
 * thread with the reviewer, "edit and resubmit", cancel). Steps 2 to 4 are in {@link PortalCampaignContentController}
 * and {@link PortalCampaignSendController}.
 */
@Controller
@RequestMapping("/portal/campaigns")
class PortalCampaignController {

    static final int MAX_NAME_LENGTH = 120;
    static final int MAX_COMMENT_LENGTH = 4000;

    /** A template of step 1: what it is, a headline (subject or SMS text for the branch) and a picture if it has one. */
    public record TemplateCard(Templates.Available template, String headline, String thumbnailUrl) {
    }

    private final CampaignService campaigns;
    private final TemplateCatalog catalog;
    private final TemplatePreviewer previewer;
    private final AssetLibrary assets;
    private final PortalCampaignPages pages;

    PortalCampaignController(CampaignService campaigns, TemplateCatalog catalog, TemplatePreviewer previewer,
            AssetLibrary assets, PortalCampaignPages pages) {
        this.campaigns = campaigns;
        this.catalog = catalog;
        this.previewer = previewer;
        this.assets = assets;
        this.pages = pages;
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID branchId, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        if (branch == null) {
            model.addAttribute("rows", List.of());
            return "portal/campaigns/list";
        }
        List<Campaigns.Summary> rows = campaigns.listForBranch(branch.id());
        model.addAttribute("rows", rows);
        model.addAttribute("views", new PortalCampaignViews(branch.timeZone(), locale));
        model.addAttribute("toDo", rows.stream().filter(r -> r.status().editable()).count());
        model.addAttribute("inReview", rows.stream().filter(r -> r.status() == CampaignStatus.IN_REVIEW).count());
        model.addAttribute("planned", rows.stream().filter(r -> r.status() == CampaignStatus.APPROVED
                || r.status() == CampaignStatus.SCHEDULED || r.status() == CampaignStatus.SENDING).count());
        return "portal/campaigns/list";
    }

    /** Step 1: choose what to start from. */
    @GetMapping("/new")
    String choose(@RequestParam(required = false) UUID branchId, @RequestParam(required = false) UUID templateId,
            Model model, Locale locale) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        chooser(model, branch, templateId, "", null, locale);
        return "portal/campaigns/new";
    }

    /** Creates the campaign from the chosen template (its latest version the branch may use), then step 2. */
    @PostMapping
    String create(@RequestParam(required = false) UUID branchId, @RequestParam(required = false) String templateId,
            @RequestParam(required = false) String name, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        if (branch == null) {
            throw new NotFoundException("Branch");
        }
        UUID template = uuid(templateId);
        String cleanName = name == null ? "" : name.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (template == null) {
            errors.put("templateId", "campaign.portal.choose.required");
        }
        if (cleanName.length() > MAX_NAME_LENGTH) {
            errors.put("name", "campaign.portal.choose.nameTooLong");
        }
        Templates.Available chosen = null;
        if (template != null) {
            chosen = catalog.availableTo(branch.id(), null).stream().filter(a -> a.templateId().equals(template))
                    .findFirst().orElse(null);
            if (chosen == null) {
                errors.put("templateId", "campaign.portal.choose.unavailable");
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            chooser(model, branch, template, name == null ? "" : name, errors, locale);
            return "portal/campaigns/new";
        }
        String finalName = cleanName.isEmpty() ? chosen.name() : cleanName;
        UUID campaignId = campaigns.createFromTemplate(branch.id(), chosen.templateId(), finalName);
        Flash.success(redirect, "campaign.portal.created", finalName);
        return "redirect:/portal/campaigns/" + campaignId + "/content";
    }

    @GetMapping("/{campaignId}")
    String campaign(@PathVariable UUID campaignId, Model model, Locale locale) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        page(model, d, locale);
        return "portal/campaigns/campaign";
    }

    /** The branch's answer in the thread with the reviewer. */
    @PostMapping("/{campaignId}/comments")
    String comment(@PathVariable UUID campaignId, @RequestParam(required = false) String text, Model model,
            Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        String clean = text == null ? "" : text.strip();
        if (clean.isEmpty() || clean.length() > MAX_COMMENT_LENGTH) {
            Campaigns.Details d = pages.campaign(campaignId, model, locale);
            page(model, d, locale);
            model.addAttribute("commentText", text == null ? "" : text);
            model.addAttribute("commentError", clean.isEmpty() ? "validation.required" : "campaign.portal.comment.tooLong");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "portal/campaigns/campaign";
        }
        campaigns.comment(campaignId, clean);
        Flash.success(redirect, "campaign.portal.commented");
        return "redirect:/portal/campaigns/" + campaignId + "#thread";
    }

    @PostMapping("/{campaignId}/cancel")
    String cancel(@PathVariable UUID campaignId, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        String clean = reason == null ? "" : reason.strip();
        if (clean.length() > MAX_COMMENT_LENGTH) {
            clean = clean.substring(0, MAX_COMMENT_LENGTH);
        }
        try {
            campaigns.cancel(campaignId, clean.isEmpty() ? null : clean);
            Flash.success(redirect, "campaign.portal.cancelled");
        } catch (IllegalTransitionException e) {
            Flash.error(redirect, "campaign.portal.cannotCancel");
        }
        return "redirect:/portal/campaigns/" + campaignId;
    }

    // ------------------------------------------------------------------------------------------------------------

    private void page(Model model, Campaigns.Details d, Locale locale) {
        NetworkQueries.BranchCard branch = (NetworkQueries.BranchCard) model.getAttribute("branch");
        model.addAttribute("next", pages.whatHappensNext(d, branch, d.summary().sendAt(), locale));
        model.addAttribute("policySource", pages.policySource(d, locale));
        model.addAttribute("recipients", d.summary().segmentId() == null ? null
                : campaigns.recipients(d.summary().id()));
        model.addAttribute("canCancel", d.summary().status().canMoveTo(CampaignStatus.CANCELLED));
        model.addAttribute("continueUrl", PortalCampaignPages.continueUrl(d.summary()));
        if (!model.containsAttribute("commentText")) {
            model.addAttribute("commentText", "");
        }
    }

    private void chooser(Model model, NetworkQueries.BranchCard branch, UUID chosen, String name,
            Map<String, String> errors, Locale locale) {
        model.addAttribute("chosen", chosen == null ? "" : chosen.toString());
        model.addAttribute("name", name);
        model.addAttribute("errors", errors == null ? Map.of() : errors);
        if (branch == null) {
            model.addAttribute("cards", List.of());
            return;
        }
        var merge = previewer.mergeValues(branch.id(), SampleContact.defaults(locale), locale);
        List<TemplateCard> cards = new ArrayList<>();
        for (Templates.Available a : catalog.availableTo(branch.id(), null)) {
            String headline = "";
            String thumbnail = null;
            try {
                Templates.Version v = catalog.latestFor(branch.id(), a.templateId());
                if (v.channel() == TemplateChannel.EMAIL && v.email() != null) {
                    headline = TemplatePreviewer.fill(v.email().subject().text(), merge);
                    for (TemplateBlock b : v.email().blocks()) {
                        if ((b.type() == BlockType.HERO_IMAGE || b.type() == BlockType.IMAGE) && thumbnail == null) {
                            UUID asset = uuid(b.value(BlockField.IMAGE));
                            thumbnail = asset == null ? null
                                    : assets.find(asset).map(AssetLibrary.AssetSummary::thumbnailUrl).orElse(null);
                        }
                    }
                } else if (v.sms() != null) {
                    headline = TemplatePreviewer.fill(v.sms().text(), merge);
                }
            } catch (NotFoundException e) {
                continue; // closed meanwhile
            }
            cards.add(new TemplateCard(a, headline, thumbnail));
        }
        model.addAttribute("cards", cards);
    }

    static UUID uuid(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
