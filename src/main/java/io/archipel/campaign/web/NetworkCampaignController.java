package io.archipel.campaign.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.SmsLength;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.Gallery;
import io.archipel.campaign.GalleryRefusedException;
import io.archipel.campaign.GalleryService;
import io.archipel.campaign.NetworkCampaigns;
import io.archipel.shared.Flash;
import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.TerritoryService;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HQ's view of the network's campaigns ({@code /hq/campaigns}): every campaign of the branches in the caller's scope,
 * filtered (status, territory, branch, template, channel, text) with htmx, paged, newest first; and one campaign read
 * only ({@code /hq/campaigns/{campaignId}}) with the review page's preview, diff, comments and timeline, plus the
 * gallery form for SENT campaigns (feature with a note, change the note, remove).
 */
@Controller
class NetworkCampaignController {

    private final NetworkCampaigns network;
    private final CampaignService campaigns;
    private final GalleryService gallery;
    private final TerritoryService territories;
    private final NetworkQueries queries;
    private final TemplatePreviewer previewer;
    private final MessageSource messages;

    NetworkCampaignController(NetworkCampaigns network, CampaignService campaigns, GalleryService gallery,
            TerritoryService territories, NetworkQueries queries, TemplatePreviewer previewer,
            MessageSource messages) {
        this.network = network;
        this.campaigns = campaigns;
        this.gallery = gallery;
        this.territories = territories;
        this.queries = queries;
        this.previewer = previewer;
        this.messages = messages;
    }

    /** An option of a filter select (territories indented by depth). */
    public record Option(String value, String label) {
    }

    /** A row as the table shows it (dates in the reader's language). */
    public record RowView(NetworkCampaigns.Row row, String created, String createdFull, String sent,
            String sentFull) {
    }

    /** Dates of the table are in the network's zone (French networks for now, as on the review pages). */
    static final java.time.ZoneId NETWORK_ZONE = java.time.ZoneId.of("Europe/Paris");

    /** A date as the table shows it ("23 Nov 2026"). */
    static String date(java.time.Instant at, Locale locale) {
        return java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.MEDIUM)
                .withLocale(locale).format(at.atZone(NETWORK_ZONE));
    }

    @GetMapping("/hq/campaigns")
    String list(@RequestParam(required = false) CampaignStatus status,
            @RequestParam(required = false) UUID territoryId, @RequestParam(required = false) UUID branchId,
            @RequestParam(required = false) UUID templateId, @RequestParam(required = false) TemplateChannel channel,
            @RequestParam(required = false) String q, @RequestParam(required = false, defaultValue = "0") int page,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model, Locale locale) {
        String text = q == null ? "" : q.strip();
        if (text.length() > 200) {
            text = text.substring(0, 200);
        }
        NetworkCampaigns.Page result = network.list(new NetworkCampaigns.Filter(status, territoryId, branchId,
                templateId, channel, text, page));
        List<RowView> rows = new ArrayList<>();
        for (NetworkCampaigns.Row r : result.rows()) {
            rows.add(new RowView(r, date(r.createdAt(), locale), ReviewViews.dateTime(r.createdAt(), messages, locale),
                    r.sentAt() == null ? null : date(r.sentAt(), locale),
                    r.sentAt() == null ? null : ReviewViews.dateTime(r.sentAt(), messages, locale)));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("result", result);
        model.addAttribute("status", status);
        model.addAttribute("territoryId", territoryId);
        model.addAttribute("branchId", branchId);
        model.addAttribute("templateId", templateId);
        model.addAttribute("channel", channel);
        model.addAttribute("q", text);
        boolean filtered = status != null || territoryId != null || branchId != null || templateId != null
                || channel != null || !text.isEmpty();
        model.addAttribute("filtered", filtered);
        model.addAttribute("statuses", CampaignStatus.values());
        model.addAttribute("territoryOptions", territories.visibleTree().stream().map(t -> new Option(
                t.id().toString(), "\u00a0\u00a0".repeat(Math.max(0, t.depth() - 1)) + t.name())).toList());
        model.addAttribute("branchOptions", queries.visibleBranches().stream()
                .map(b -> new Option(b.id().toString(), b.name() + " (" + b.code() + ")")).toList());
        model.addAttribute("templateOptions", network.templates());
        return htmx != null ? "hq/campaigns/list :: results" : "hq/campaigns/list";
    }

    @GetMapping("/hq/campaigns/{campaignId}")
    String detail(@PathVariable UUID campaignId, Model model, Locale locale) {
        Campaigns.Details d = campaigns.get(campaignId);
        Optional<String> note = gallery.featuredNote(campaignId);
        model.addAttribute("note", note.orElse(""));
        return page(d, note.isPresent(), model, locale);
    }

    /** Features a SENT campaign with HQ's note, or changes the note of a featured one. */
    @PostMapping("/hq/campaigns/{campaignId}/feature")
    String feature(@PathVariable UUID campaignId, @RequestParam(required = false) String note, Model model,
            Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        Campaigns.Details d = campaigns.get(campaignId);
        boolean featured = gallery.featuredNote(campaignId).isPresent();
        String clean = note == null ? "" : note.strip();
        if (clean.length() > Gallery.MAX_NOTE_LENGTH) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("note", note);
            model.addAttribute("noteError", "hqcampaign.gallery.note.tooLong");
            return page(d, featured, model, locale);
        }
        try {
            gallery.feature(campaignId, clean);
        } catch (GalleryRefusedException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/hq/campaigns/" + campaignId;
        }
        Flash.success(redirect, featured ? "hqcampaign.gallery.noteSaved" : "hqcampaign.gallery.featured",
                d.summary().name());
        return "redirect:/hq/campaigns/" + campaignId;
    }

    @PostMapping("/hq/campaigns/{campaignId}/unfeature")
    String unfeature(@PathVariable UUID campaignId, RedirectAttributes redirect) {
        Campaigns.Details d = campaigns.get(campaignId);
        gallery.unfeature(campaignId);
        Flash.success(redirect, "hqcampaign.gallery.removed", d.summary().name());
        return "redirect:/hq/campaigns/" + campaignId;
    }

    private String page(Campaigns.Details d, boolean featured, Model model, Locale locale) {
        Campaigns.Summary s = d.summary();
        model.addAttribute("d", d);
        model.addAttribute("c", s);
        model.addAttribute("featured", featured);
        model.addAttribute("reuseCount", featured ? gallery.reuseCount(s.id()) : 0L);
        model.addAttribute("sent", s.status() == CampaignStatus.SENT);
        model.addAttribute("changes", ReviewViews.changes(d.changes(), messages, locale));
        model.addAttribute("timeline", d.timeline() == null ? List.of() : d.timeline());
        model.addAttribute("comments", d.comments() == null ? List.of() : d.comments());
        model.addAttribute("when", new ReviewController.When(messages, locale));
        model.addAttribute("sendAt", s.sendAt() == null ? null : ReviewViews.dateTime(s.sendAt(), messages, locale));
        model.addAttribute("createdAt", ReviewViews.dateTime(d.createdAt(), messages, locale));
        model.addAttribute("territoryName", territoryName(s.branchId()));
        model.addAttribute("sourceName", d.sourceCampaignId() == null ? null : gallery.nameOf(d.sourceCampaignId()));
        if (s.channel() == TemplateChannel.EMAIL) {
            if (d.template().email() != null) {
                EmailTemplateContent email = CampaignContents.resolveEmail(d.template().email(), d.content());
                PrecompiledEmail.Rendered rendered = previewer.previewEmail(email, s.branchId(),
                        SampleContact.defaults(locale), locale);
                model.addAttribute("previewSubject", rendered.subject());
                model.addAttribute("previewText", rendered.text());
            }
        } else if (d.template().sms() != null) {
            SmsTemplateContent sms = CampaignContents.resolveSms(d.template().sms(), d.content());
            String text = previewer.previewSms(sms, s.branchId(), SampleContact.defaults(locale), locale);
            model.addAttribute("smsText", text);
            model.addAttribute("smsLength", SmsLength.of(text));
        }
        return "hq/campaigns/detail";
    }

    private String territoryName(UUID branchId) {
        try {
            String name = queries.branch(branchId).territoryName();
            return name == null ? "" : name;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
