package io.archipel.brand.web;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.archipel.brand.AssetLibrary;
import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.brand.ReplyToRule;
import io.archipel.brand.RichTextSanitizer.Violation;
import io.archipel.brand.SocialNetwork;
import io.archipel.brand.WebSafeFont;
import io.archipel.shared.Flash;
import jakarta.validation.Valid;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HQ: the network's brand kit (one per tenant), with a live preview of an e-mail header and footer.
 *
 * <p>The CSP forbids inline styles, so the preview cannot carry the chosen colours and fonts in style attributes.
 * Instead the preview fragment links a tiny stylesheet, {@code /hq/brand/preview.css}, whose query names the colours
 * (6 hex digits each) and fonts ({@link WebSafeFont} names). The endpoint accepts only values matching those strict
 * patterns (anything else falls back to the defaults) and writes CSS from them and from the fonts' constant stacks, so
 * no user text ever reaches the stylesheet. Its responses depend on the query only, so browsers may cache them.
 */
@Controller
@RequestMapping("/hq/brand")
class BrandKitController {

    private static final Pattern HEX6 = Pattern.compile("^[0-9a-fA-F]{6}$");

    private final BrandKitService brandKits;

    private final AssetLibrary assets;

    BrandKitController(BrandKitService brandKits, AssetLibrary assets) {
        this.brandKits = brandKits;
        this.assets = assets;
    }

    /** A removal of the sanitizer, as shown to the user (kept in the session across the redirect). */
    public record Removed(String kind, String element, String detail) implements Serializable {
        static List<Removed> of(List<Violation> violations) {
            return new ArrayList<>(violations.stream()
                    .map(v -> new Removed(v.kind().name(), v.element(), v.detail())).toList());
        }
    }

    /** One option of the logo picker. */
    public record LogoChoice(UUID assetId, String label, String thumbnailUrl) {
    }

    @InitBinder("brandKit")
    void trim(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    @GetMapping
    String form(Model model) {
        BrandKit kit = brandKits.current();
        return page(model, BrandKitForm.of(kit), kit);
    }

    @PostMapping
    String save(@Valid @ModelAttribute("brandKit") BrandKitForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        checkCrossFields(form, result);
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        if (!result.hasErrors()) {
            try {
                BrandKitService.SaveResult saved = brandKits.save(form.getVersion(), form.toChanges());
                if (saved.footerRemovals().isEmpty()) {
                    Flash.success(redirect, "brand.saved");
                } else {
                    Flash.success(redirect, "brand.saved.sanitized");
                    redirect.addFlashAttribute("footerRemovals", Removed.of(saved.footerRemovals()));
                }
                return "redirect:/hq/brand";
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            }
        }
        return page(model, form, brandKits.current());
    }

    /** The preview fragment for the form as currently typed; a field in error shows its saved value instead. */
    @PostMapping("/preview")
    String preview(@Valid @ModelAttribute("brandKit") BrandKitForm form, BindingResult result, Model model) {
        checkCrossFields(form, result);
        BrandKit saved = brandKits.current();
        Map<SocialNetwork, String> links = new java.util.EnumMap<>(SocialNetwork.class);
        for (SocialNetwork network : SocialNetwork.values()) {
            String typed = form.socialLinks().get(network);
            String value = result.hasFieldErrors(BrandKitForm.field(network)) ? saved.socialLinks().get(network) : typed;
            if (value != null) {
                links.put(network, value);
            }
        }
        ReplyToRule rule = ok(result, "replyToRule", form.getReplyToRule(), saved.replyToRule());
        String replyTo = result.hasFieldErrors("replyToAddress") || form.getReplyToAddress() == null
                ? saved.replyToAddress() : form.getReplyToAddress();
        BrandKit.Changes changes = new BrandKit.Changes(form.getLogoAssetId(),
                ok(result, "primaryColor", form.getPrimaryColor(), saved.primaryColor()),
                ok(result, "secondaryColor", form.getSecondaryColor(), saved.secondaryColor()),
                ok(result, "textColor", form.getTextColor(), saved.textColor()),
                ok(result, "backgroundColor", form.getBackgroundColor(), saved.backgroundColor()),
                ok(result, "headingFont", form.getHeadingFont(), saved.headingFont()),
                ok(result, "bodyFont", form.getBodyFont(), saved.bodyFont()),
                ok(result, "senderName", form.getSenderName(), saved.senderName()),
                ok(result, "senderEmail", form.getSenderEmail(), saved.senderEmail()),
                rule == ReplyToRule.FIXED && replyTo == null ? ReplyToRule.NONE : rule, replyTo,
                ok(result, "legalFooterHtml", form.getLegalFooterHtml(), saved.legalFooterHtml()), links);
        BrandKit preview;
        try {
            preview = brandKits.preview(changes);
        } catch (IllegalArgumentException e) {
            preview = saved; // the preview never fails: what cannot be shown falls back to the saved kit
        }
        addPreview(model, preview);
        model.addAttribute("previewRemovals", Removed.of(brandKits.footerRemovals(changes.legalFooterHtml())));
        return "hq/brand/form :: preview";
    }

    /** The preview's colours and fonts (see the class comment for why a stylesheet). */
    @GetMapping(value = "/preview.css", produces = "text/css")
    ResponseEntity<String> previewCss(@RequestParam(required = false) String p,
            @RequestParam(required = false) String s, @RequestParam(required = false) String t,
            @RequestParam(required = false) String b, @RequestParam(required = false) String hf,
            @RequestParam(required = false) String bf) {
        String primary = hex(p, BrandKit.DEFAULT_PRIMARY);
        String secondary = hex(s, BrandKit.DEFAULT_SECONDARY);
        String text = hex(t, BrandKit.DEFAULT_TEXT);
        String background = hex(b, BrandKit.DEFAULT_BACKGROUND);
        String heading = font(hf).stack();
        String body = font(bf).stack();
        String onPrimary = readableOn(primary);
        String css = ".brand-preview{background:" + background + ";color:" + text + ";font-family:" + body + "}\n"
                + ".brand-preview .bp-header{background:" + primary + ";color:" + onPrimary + "}\n"
                + ".brand-preview .bp-heading{font-family:" + heading + ";color:" + primary + "}\n"
                + ".brand-preview .bp-button{background:" + primary + ";color:" + onPrimary + "}\n"
                + ".brand-preview .bp-footer{border-top-color:" + secondary + "}\n"
                + ".brand-preview .bp-footer a,.brand-preview .bp-social a{color:" + secondary + "}\n"
                + ".brand-preview .bp-accent{background:" + secondary + "}\n";
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/css;charset=UTF-8"))
                .cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate()).body(css);
    }

    private static <T> T ok(BindingResult result, String field, T typed, T saved) {
        return result.hasFieldErrors(field) || typed == null ? saved : typed;
    }

    private static String hex(String value, String fallback) {
        return value != null && HEX6.matcher(value).matches() ? "#" + value.toLowerCase(java.util.Locale.ROOT)
                : fallback;
    }

    private static WebSafeFont font(String name) {
        if (name != null) {
            for (WebSafeFont f : WebSafeFont.values()) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
        }
        return WebSafeFont.ARIAL;
    }

    /** Black or white, whichever reads better on the given #rrggbb background. */
    static String readableOn(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        double luminance = (0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b));
        return luminance > 0.179 ? "#000000" : "#ffffff";
    }

    private static double lin(int c) {
        double v = c / 255.0;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** The preview shows the chosen logo from the media library, or the network's name when there is none. */
    private void addPreview(Model model, BrandKit kit) {
        model.addAttribute("preview", kit);
        model.addAttribute("previewLogoUrl", kit.logoAssetId() == null ? null
                : assets.find(kit.logoAssetId()).map(AssetLibrary.AssetSummary::publicUrl).orElse(null));
    }

    private void checkCrossFields(BrandKitForm form, BindingResult result) {
        if (form.getLogoAssetId() != null && assets.find(form.getLogoAssetId()).isEmpty()
                && !result.hasFieldErrors("logoAssetId")) {
            result.rejectValue("logoAssetId", "brand.validation.logo");
        }
        if (form.getReplyToRule() == ReplyToRule.FIXED && (form.getReplyToAddress() == null
                || form.getReplyToAddress().isBlank()) && !result.hasFieldErrors("replyToAddress")) {
            result.rejectValue("replyToAddress", "brand.validation.replyToRequired");
        }
        for (SocialNetwork network : SocialNetwork.values()) {
            String field = BrandKitForm.field(network);
            String url = form.socialLinks().get(network);
            if (url != null && !result.hasFieldErrors(field) && !BrandKitService.isHttpsUrl(url)) {
                result.rejectValue(field, "brand.validation.httpsUrl");
            }
        }
    }

    private String page(Model model, BrandKitForm form, BrandKit saved) {
        model.addAttribute("brandKit", form);
        model.addAttribute("saved", saved);
        addPreview(model, saved);
        model.addAttribute("fonts", WebSafeFont.values());
        model.addAttribute("replyToRules", ReplyToRule.values());
        model.addAttribute("socialNetworks", SocialNetwork.values());
        model.addAttribute("logoChoices", assets.images(null).stream()
                .map(a -> new LogoChoice(a.id(), a.name() + " · " + a.width() + "×" + a.height(), a.thumbnailUrl()))
                .toList());
        model.addAttribute("footerCheck",
                Removed.of(form.getLegalFooterHtml() == null ? List.of() : brandKits.footerRemovals(form.getLegalFooterHtml())));
        return "hq/brand/form";
    }
}
