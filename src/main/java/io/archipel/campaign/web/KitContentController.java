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
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.campaign.StaleCampaignException;
import io.archipel.campaign.TamperedCampaignException;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pre-filled content of a DRAFT kit, edited with the branch wizard's own fields (the editable places of the kit's
 * template version only; locked blocks shown read-only) and checked like a campaign at every save: the template's
 * constraints, and the compliance rules branches will meet. Autosaves with htmx like the wizard; the preview shows a
 * sample customer of a sample branch. A form naming a locked place is refused with 400 and nothing is saved.
 */
@Controller
@RequestMapping("/hq/kits/{kitId}")
class KitContentController {

    private final KitService kits;
    private final TemplatePreviewer previewer;
    private final AssetLibrary assets;
    private final RichTextSanitizer sanitizer;
    private final MessageSource messages;

    KitContentController(KitService kits, TemplatePreviewer previewer, AssetLibrary assets,
            RichTextSanitizer sanitizer, MessageSource messages) {
        this.kits = kits;
        this.previewer = previewer;
        this.assets = assets;
        this.sanitizer = sanitizer;
        this.messages = messages;
    }

    /** The wizard's fields, shared with this editor, name the places from HQ's side ("branches can change it"). */
    @ModelAttribute("hqEditing")
    boolean hqEditing() {
        return true;
    }

    @GetMapping("/content")
    String content(@PathVariable UUID kitId, Model model, Locale locale, RedirectAttributes redirect) {
        Kits.Details d = kits.get(kitId);
        if (d.status() != Kits.Status.DRAFT) {
            Flash.error(redirect, "kit.problem.notDraft");
            return "redirect:/hq/kits/" + kitId;
        }
        page(model, d, PortalCampaignContent.of(d.content(), d.template().email(), d.template().sms()), d.version(),
                checks(d, locale), locale);
        return "hq/kits/content";
    }

    @PostMapping("/content")
    String save(@PathVariable UUID kitId, @RequestParam(required = false) String version,
            @RequestParam(required = false) String next,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request,
            Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        Kits.Details d = kits.get(kitId);
        PortalCampaignContent posted = PortalCampaignContent.fromParams(request.getParameterMap());
        long newVersion;
        try {
            newVersion = kits.saveContent(kitId, PortalCampaignContentController.number(version), posted.toContent());
        } catch (TamperedCampaignException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (htmx != null) {
                response.setHeader("HX-Reswap", "none");
            }
            return "hq/kits/content :: refused";
        } catch (StaleCampaignException e) {
            model.addAttribute("stale", true);
            model.addAttribute("d", d);
            model.addAttribute("s", d.summary());
            if (htmx != null) {
                model.addAttribute("savedAt", null);
                return "hq/kits/content :: stale";
            }
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            page(model, d, posted, PortalCampaignContentController.number(version), PortalCampaignChecks.none(),
                    locale);
            return "hq/kits/content";
        } catch (Kits.InvalidKitException e) {
            Flash.error(redirect, "kit.problem.notDraft");
            if (htmx != null) {
                response.setHeader("HX-Redirect", "/hq/kits/" + kitId);
                return "hq/kits/content :: nothing";
            }
            return "redirect:/hq/kits/" + kitId;
        }
        if (htmx == null) {
            if ("details".equals(next)) {
                Flash.success(redirect, "kit.flash.contentSaved");
                return "redirect:/hq/kits/" + kitId;
            }
            Flash.success(redirect, "kit.flash.contentSaved");
            return "redirect:/hq/kits/" + kitId + "/content";
        }
        if ("details".equals(next)) {
            response.setHeader("HX-Redirect", "/hq/kits/" + kitId);
            return "hq/kits/content :: nothing";
        }
        Kits.Details after = kits.get(kitId);
        model.addAttribute("d", after);
        model.addAttribute("s", after.summary());
        model.addAttribute("version", newVersion);
        model.addAttribute("checks", checks(after, locale));
        model.addAttribute("savedAt", new KitViews(locale).when(Instant.now()));
        if (after.template().channel() == TemplateChannel.SMS) {
            sms(model, CampaignContents.resolveSms(after.template().sms(), after.content()), locale);
        }
        response.setHeader("HX-Trigger-After-Settle", PortalCampaignContentController.SAVED_EVENT);
        return "portal/campaigns/content :: saved";
    }

    /** The saved e-mail as a sample customer of a sample branch gets it, for the sandboxed iframe. */
    @GetMapping("/preview")
    ResponseEntity<String> preview(@PathVariable UUID kitId, Locale locale) {
        return EmailPreviewResponse.of(render(kitId, locale).html());
    }

    @GetMapping("/preview/text")
    String previewText(@PathVariable UUID kitId, Model model, Locale locale) {
        model.addAttribute("previewText", render(kitId, locale).text());
        return "portal/campaigns/content :: text";
    }

    // ------------------------------------------------------------------------------------------------------------

    private io.archipel.brand.PrecompiledEmail.Rendered render(UUID kitId, Locale locale) {
        Kits.Details d = kits.get(kitId);
        if (d.template().channel() != TemplateChannel.EMAIL) {
            throw new NotFoundException("E-mail kit");
        }
        return previewer.previewEmail(CampaignContents.resolveEmail(d.template().email(), d.content()), null,
                SampleContact.defaults(locale), locale);
    }

    private PortalCampaignChecks checks(Kits.Details d, Locale locale) {
        return PortalCampaignChecks.of(kits.problems(d.id()), kits.findings(d.id()), d.template().email(),
                d.template().sms(), messages, locale);
    }

    private void page(Model model, Kits.Details d, PortalCampaignContent values, long version,
            PortalCampaignChecks checks, Locale locale) {
        model.addAttribute("d", d);
        model.addAttribute("s", d.summary());
        model.addAttribute("email", d.template().channel() == TemplateChannel.EMAIL);
        model.addAttribute("values", values);
        model.addAttribute("version", version);
        model.addAttribute("checks", checks);
        model.addAttribute("savedAt", new KitViews(locale).when(d.summary().updatedAt()));
        model.addAttribute("locked", new PortalCampaignFields(sanitizer, previewer.mergeValues(null,
                SampleContact.defaults(locale), locale), messages, locale));
        model.addAttribute("icons", PortalCampaignFields.ICONS);
        if (d.template().channel() == TemplateChannel.EMAIL) {
            List<AssetLibrary.AssetSummary> images = assets.images(null);
            Map<String, AssetLibrary.AssetSummary> imagesById = new HashMap<>();
            images.forEach(i -> imagesById.put(i.id().toString(), i));
            model.addAttribute("images", images);
            model.addAttribute("imagesById", imagesById);
        } else {
            sms(model, values.resolve(d.template().sms()), locale);
        }
    }

    private void sms(Model model, io.archipel.brand.SmsTemplateContent resolved, Locale locale) {
        String text = previewer.previewSms(resolved, null, SampleContact.defaults(locale), locale);
        model.addAttribute("smsText", text);
        model.addAttribute("smsLength", SmsLength.of(text));
    }
}
