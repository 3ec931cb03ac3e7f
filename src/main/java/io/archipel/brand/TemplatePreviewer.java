package io.archipel.brand;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

import io.archipel.tenancy.BranchService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns template content into what a recipient gets: the e-mail compiled once ({@link #compile}) and personalised
 * with a branch and a contact, or the SMS text. Library images become absolute URLs under the public base URL. While
 * a draft is incomplete the preview leaves out what cannot be shown yet (an image not chosen, a button without
 * address) instead of failing.
 */
@Component
public class TemplatePreviewer {


    /** A made-up recipient for previews and test sends. */
    public record SampleContact(String firstName, String lastName, String email) {
        public static SampleContact defaults(Locale locale) {
            return "fr".equals(locale.getLanguage()) ? new SampleContact("Camille", "Martin", "camille.martin@example.com")
                    : new SampleContact("Alex", "Taylor", "alex.taylor@example.com");
        }
    }

    private final RichTextSanitizer sanitizer;
    private final BrandKitService brandKits;
    private final AssetLibrary assets;
    private final BranchService branches;
    private final String configuredBaseUrl;
    private final org.springframework.core.env.Environment environment;

    TemplatePreviewer(RichTextSanitizer sanitizer, BrandKitService brandKits, AssetLibrary assets,
            BranchService branches, @Value("${archipel.public-base-url:}") String publicBaseUrl,
            org.springframework.core.env.Environment environment) {
        this.environment = environment;
        this.sanitizer = sanitizer;
        this.brandKits = brandKits;
        this.assets = assets;
        this.branches = branches;
        this.configuredBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
    }

    /**
     * Where mail clients load the app's images from: {@code archipel.public-base-url} when set; otherwise the address
     * of the current request (a developer's machine, any port), else (the sending engine's threads) this server on
     * localhost at the port it listens on.
     */
    public String publicBaseUrl() {
        if (!configuredBaseUrl.isEmpty()) {
            return configuredBaseUrl;
        }
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes() != null) {
            return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
                    .build().toUriString().replaceAll("/+$", "");
        }
        return "http://localhost:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080"));
    }

    /** Compiles e-mail content once (per campaign); personalise with {@link PrecompiledEmail#render}. */
    @Transactional(readOnly = true)
    public PrecompiledEmail compile(EmailTemplateContent content, String language) {
        BrandKit kit = brandKits.current();
        EmailRenderer renderer = new EmailRenderer(sanitizer, publicBaseUrl());
        return renderer.compile(new EmailRenderer.EmailContent(content.subject().text(), content.preheader().text(),
                blocks(content, kit), language), kit);
    }

    /** The e-mail as the sample contact of a branch (or of a sample branch when {@code branchId} is null) gets it. */
    @Transactional(readOnly = true)
    public PrecompiledEmail.Rendered previewEmail(EmailTemplateContent content, UUID branchId, SampleContact contact,
            Locale locale) {
        return compile(content, locale.getLanguage()).render(mergeValues(branchId, contact, locale));
    }

    /** The SMS text with merge fields filled (no HTML escaping: it is not HTML). */
    @Transactional(readOnly = true)
    public String previewSms(SmsTemplateContent content, UUID branchId, SampleContact contact, Locale locale) {
        return fill(content.text(), mergeValues(branchId, contact, locale));
    }

    /**
     * Replaces known {@code {{key}}} tokens with values (a token's fallback when the value is empty); unknown tokens
     * stay as typed.
     */
    public static String fill(String text, Map<MergeField, String> values) {
        Matcher m = MergeField.TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Optional<MergeField> field = MergeField.ofKey(m.group(1));
            String fallback = MergeField.fallback(m);
            m.appendReplacement(out, Matcher.quoteReplacement(field.map(f -> {
                String value = values.getOrDefault(f, "");
                return (value == null || value.isEmpty()) && fallback != null ? fallback : value == null ? "" : value;
            }).orElse(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Merge values of a branch in scope (or a sample branch) and a contact. */
    @Transactional(readOnly = true)
    public Map<MergeField, String> mergeValues(UUID branchId, SampleContact contact, Locale locale) {
        boolean fr = "fr".equals(locale.getLanguage());
        Map<MergeField, String> values = new EnumMap<>(MergeField.class);
        values.put(MergeField.CONTACT_FIRST_NAME, contact.firstName());
        values.put(MergeField.CONTACT_LAST_NAME, contact.lastName());
        values.put(MergeField.CONTACT_EMAIL, contact.email());
        if (branchId != null) {
            BranchService.BranchView b = branches.get(branchId);
            values.put(MergeField.BRANCH_NAME, b.name());
            values.put(MergeField.BRANCH_PHONE, nz(b.phone()));
            values.put(MergeField.BRANCH_EMAIL, nz(b.email()));
            values.put(MergeField.BRANCH_ADDRESS, String.join(", ", nonBlank(b.addressLine1(), b.addressLine2(),
                    (nz(b.postalCode()) + " " + nz(b.city())).strip())));
            values.put(MergeField.BRANCH_HOURS, nz(b.openingHours()).replace("\r", "").replace("\n", " · "));
        } else {
            values.put(MergeField.BRANCH_NAME, fr ? "Maison du Centre" : "Downtown store");
            values.put(MergeField.BRANCH_PHONE, "+33 1 23 45 67 89");
            values.put(MergeField.BRANCH_EMAIL, "store@example.com");
            values.put(MergeField.BRANCH_ADDRESS, fr ? "1 rue de l'Exemple, 75001 Paris" : "1 Example Street, London");
            values.put(MergeField.BRANCH_HOURS, fr ? "Lun–sam 9h–19h" : "Mon–Sat 9am–7pm");
        }
        String base = publicBaseUrl();
        values.put(MergeField.UNSUBSCRIBE_URL, base + "/unsubscribe/preview");
        values.put(MergeField.VIEW_ONLINE_URL, base + "/view/preview");
        return values;
    }

    /** The absolute URL of a library image, if it exists. */
    @Transactional(readOnly = true)
    public Optional<String> imageUrl(String assetId) {
        try {
            return assets.find(UUID.fromString(assetId.strip())).map(a -> publicBaseUrl() + a.publicUrl());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private List<EmailBlock> blocks(EmailTemplateContent content, BrandKit kit) {
        List<EmailBlock> out = new ArrayList<>();
        for (TemplateBlock b : content.blocks()) {
            switch (b.type()) {
                case HEADER -> out.add(new EmailBlock.Header(kit.logoAssetId() == null ? null
                        : imageUrl(kit.logoAssetId().toString()).orElse(null)));
                case HERO_IMAGE -> imageUrl(b.value(BlockField.IMAGE)).ifPresent(url -> out.add(
                        new EmailBlock.HeroImage(url, b.value(BlockField.ALT), link(b.value(BlockField.LINK)))));
                case IMAGE -> imageUrl(b.value(BlockField.IMAGE)).ifPresent(url -> out.add(
                        new EmailBlock.Image(url, b.value(BlockField.ALT), link(b.value(BlockField.LINK)), 0)));
                case HEADING -> out.add(new EmailBlock.Heading(b.value(BlockField.TEXT)));
                case RICH_TEXT -> out.add(new EmailBlock.RichText(b.value(BlockField.HTML)));
                case BUTTON -> {
                    String url = link(b.value(BlockField.URL));
                    if (url != null && !b.value(BlockField.LABEL).isBlank()) {
                        out.add(new EmailBlock.Button(b.value(BlockField.LABEL), url));
                    }
                }
                case OFFER -> out.add(new EmailBlock.Offer(b.value(BlockField.TITLE), b.value(BlockField.CODE),
                        b.value(BlockField.VALIDITY)));
                case BRANCH_CARD -> out.add(new EmailBlock.BranchCard());
                case DIVIDER -> out.add(new EmailBlock.Divider());
                case SOCIAL_LINKS -> out.add(new EmailBlock.SocialLinks());
                case LEGAL_FOOTER -> out.add(new EmailBlock.LegalFooter());
            }
        }
        return out;
    }

    private static String link(String url) {
        return url != null && RichTextSanitizer.isAllowedLink(url, RichTextSanitizer.Options.richText()) ? url.strip()
                : null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static List<String> nonBlank(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }
}
