package io.archipel.campaign.web;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.AssetLibrary;
import io.archipel.brand.EmailPreviewResponse;
import io.archipel.brand.RichTextSanitizer;
import io.archipel.brand.SmsLength;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.IllegalTransitionException;
import io.archipel.campaign.StaleCampaignException;
import io.archipel.campaign.TamperedCampaignException;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.OptimisticLockingFailureException;
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
 * Step 2 of the wizard, "Personalise": only the editable places of the pinned template version as fields (locked
 * blocks shown read-only), checked on the server at every save. With htmx the form autosaves while the person types
 * (the answer swaps only the lock version, the saved state and the checks, never the fields) and the preview reloads;
 * without JavaScript, "Save" and "Continue" post the same form. A form naming a locked or unknown place is refused
 * with 400 and nothing is saved; a save against a stale version keeps what was typed and says so.
 */
@Controller
@RequestMapping("/portal/campaigns/{campaignId}")
class PortalCampaignContentController {

    static final String SAVED_EVENT = "template-saved";

    private final CampaignService campaigns;
    private final PortalCampaignPages pages;
    private final TemplatePreviewer previewer;
    private final AssetLibrary assets;
    private final RichTextSanitizer sanitizer;

    PortalCampaignContentController(CampaignService campaigns, PortalCampaignPages pages, TemplatePreviewer previewer,
            AssetLibrary assets, RichTextSanitizer sanitizer) {
        this.campaigns = campaigns;
        this.pages = pages;
        this.previewer = previewer;
        this.assets = assets;
        this.sanitizer = sanitizer;
    }

    @GetMapping("/content")
    String content(@PathVariable UUID campaignId, Model model, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        if (!d.status().editable()) {
            Flash.error(redirect, "campaign.portal.notEditable");
            return "redirect:/portal/campaigns/" + campaignId;
        }
        page(model, d, PortalCampaignContent.of(d.content(), d.template().email(), d.template().sms()), d.version(),
                pages.checks(d, locale), locale);
        return "portal/campaigns/content";
    }

    /**
     * Autosave (htmx) or the plain "Save" / "Continue" buttons ({@code next=audience}). Constraint problems do not
     * prevent saving a draft: they are listed next to their fields.
     */
    @PostMapping("/content")
    String save(@PathVariable UUID campaignId, @RequestParam(required = false) String version,
            @RequestParam(required = false) String next,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request,
            Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        PortalCampaignContent posted = PortalCampaignContent.fromParams(request.getParameterMap());
        long newVersion;
        try {
            newVersion = campaigns.saveContent(campaignId, number(version), posted.toContent());
        } catch (TamperedCampaignException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (htmx != null) {
                response.setHeader("HX-Reswap", "none");
            }
            return "portal/campaigns/refused";
        } catch (StaleCampaignException | OptimisticLockingFailureException e) {
            model.addAttribute("stale", true);
            model.addAttribute("step", "content");
            if (htmx != null) {
                model.addAttribute("savedAt", null);
                return "portal/campaigns/content :: stale";
            }
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            page(model, d, posted, number(version), PortalCampaignChecks.none(), locale);
            return "portal/campaigns/content";
        } catch (IllegalTransitionException e) {
            Flash.error(redirect, "campaign.portal.notEditable");
            if (htmx != null) {
                response.setHeader("HX-Redirect", "/portal/campaigns/" + campaignId);
                return "portal/campaigns/content :: nothing";
            }
            return "redirect:/portal/campaigns/" + campaignId;
        }
        if (htmx == null) {
            if ("audience".equals(next)) {
                return "redirect:/portal/campaigns/" + campaignId + "/audience";
            }
            Flash.success(redirect, "campaign.portal.saved");
            return "redirect:/portal/campaigns/" + campaignId + "/content";
        }
        if ("audience".equals(next)) {
            response.setHeader("HX-Redirect", "/portal/campaigns/" + campaignId + "/audience");
            return "portal/campaigns/content :: nothing";
        }
        Campaigns.Details after = campaigns.get(campaignId);
        model.addAttribute("d", after);
        model.addAttribute("s", after.summary());
        model.addAttribute("version", newVersion);
        model.addAttribute("checks", pages.checks(after, locale));
        model.addAttribute("savedAt", pages.views(after, locale).time(Instant.now()));
        if (after.template().channel() == TemplateChannel.SMS) {
            sms(model, after, locale);
        }
        response.setHeader("HX-Trigger-After-Settle", SAVED_EVENT);
        return "portal/campaigns/content :: saved";
    }

    /** The saved e-mail as a sample contact of the branch gets it, for the sandboxed iframe. */
    @GetMapping("/preview")
    ResponseEntity<String> preview(@PathVariable UUID campaignId, Locale locale) {
        return EmailPreviewResponse.of(render(campaignId, locale).html());
    }

    /** The plain-text part of the same e-mail. */
    @GetMapping("/preview/text")
    String previewText(@PathVariable UUID campaignId, Model model, Locale locale) {
        model.addAttribute("previewText", render(campaignId, locale).text());
        return "portal/campaigns/content :: text";
    }

    // ------------------------------------------------------------------------------------------------------------

    private io.archipel.brand.PrecompiledEmail.Rendered render(UUID campaignId, Locale locale) {
        Campaigns.Details d = campaigns.get(campaignId);
        if (d.template().channel() != TemplateChannel.EMAIL) {
            throw new NotFoundException("E-mail campaign");
        }
        return previewer.previewEmail(CampaignContents.resolveEmail(d.template().email(), d.content()),
                d.summary().branchId(), SampleContact.defaults(locale), locale);
    }

    private void page(Model model, Campaigns.Details d, PortalCampaignContent values, long version,
            PortalCampaignChecks checks, Locale locale) {
        model.addAttribute("values", values);
        model.addAttribute("version", version);
        model.addAttribute("checks", checks);
        model.addAttribute("savedAt", pages.views(d, locale).when(d.summary().updatedAt()));
        model.addAttribute("step", "content");
        model.addAttribute("locked", new PortalCampaignFields(sanitizer, previewer.mergeValues(d.summary().branchId(),
                SampleContact.defaults(locale), locale), pages.messages(), locale));
        model.addAttribute("icons", PortalCampaignFields.ICONS);
        if (d.template().channel() == TemplateChannel.EMAIL) {
            List<AssetLibrary.AssetSummary> images = assets.images(null);
            Map<String, AssetLibrary.AssetSummary> imagesById = new HashMap<>();
            images.forEach(i -> imagesById.put(i.id().toString(), i));
            model.addAttribute("images", images);
            model.addAttribute("imagesById", imagesById);
        } else {
            model.addAttribute("smsText", previewer.previewSms(values.resolve(d.template().sms()),
                    d.summary().branchId(), SampleContact.defaults(locale), locale));
            model.addAttribute("smsLength", SmsLength.of((String) model.getAttribute("smsText")));
        }
    }

    private void sms(Model model, Campaigns.Details d, Locale locale) {
        String text = previewer.previewSms(CampaignContents.resolveSms(d.template().sms(), d.content()),
                d.summary().branchId(), SampleContact.defaults(locale), locale);
        model.addAttribute("smsText", text);
        model.addAttribute("smsLength", SmsLength.of(text));
    }

    static long number(String version) {
        try {
            return version == null ? -1 : Long.parseLong(version.strip());
        } catch (NumberFormatException e) {
            return -1; // no usable version: the save cannot be checked against concurrent edits, so it is stale
        }
    }
}
