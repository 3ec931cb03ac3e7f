package io.archipel.campaign.web;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.archipel.brand.MergeField;
import io.archipel.brand.RichTextSanitizer;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TextFormatting;
import org.jsoup.Jsoup;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * How the "Personalise" step shows texts: locked texts with the branch's merge values filled in (so the manager reads
 * what customers will read), rich text sanitized again before it is put in our page as HTML, the visible length of
 * rich text, and the formatting a block allows, in words.
 */
public final class PortalCampaignFields {

    /** The icon of each block type, as in the HQ editor. */
    static final Map<String, String> ICONS = Map.ofEntries(
            Map.entry("HEADER", "bi-window-desktop"),
            Map.entry("HERO_IMAGE", "bi-image"),
            Map.entry("HEADING", "bi-type-h1"),
            Map.entry("RICH_TEXT", "bi-text-paragraph"),
            Map.entry("IMAGE", "bi-card-image"),
            Map.entry("BUTTON", "bi-hand-index-thumb"),
            Map.entry("OFFER", "bi-ticket-perforated"),
            Map.entry("BRANCH_CARD", "bi-shop"),
            Map.entry("DIVIDER", "bi-dash-lg"),
            Map.entry("SOCIAL_LINKS", "bi-share"),
            Map.entry("LEGAL_FOOTER", "bi-shield-check"));

    private final RichTextSanitizer sanitizer;
    private final Map<MergeField, String> values;
    private final Map<MergeField, String> escaped;
    private final MessageSource messages;
    private final Locale locale;

    PortalCampaignFields(RichTextSanitizer sanitizer, Map<MergeField, String> values, MessageSource messages,
            Locale locale) {
        this.sanitizer = sanitizer;
        this.values = values;
        this.escaped = new EnumMap<>(MergeField.class);
        values.forEach((k, v) -> escaped.put(k, HtmlUtils.htmlEscape(v == null ? "" : v)));
        this.messages = messages;
        this.locale = locale;
    }

    /** A plain text with the merge fields filled in (shown escaped by the page). */
    public String text(String value) {
        return TemplatePreviewer.fill(value == null ? "" : value, values);
    }

    /** Rich text as HTML for our page: sanitized, merge fields filled in with escaped values. */
    public String html(String value) {
        return TemplatePreviewer.fill(clean(value), escaped);
    }

    /** Rich text sanitized (merge tokens kept), for the editing area. */
    public String clean(String value) {
        return sanitizer.sanitize(value == null ? "" : value, RichTextSanitizer.Options.richText());
    }

    /** The visible text of rich text (what length limits count). */
    public String plain(String value) {
        return value == null || value.isBlank() ? "" : Jsoup.parse(value).text();
    }

    /** "Bold, Italic". */
    public String formatting(Set<TextFormatting> allowed) {
        return allowed.stream().sorted()
                .map(f -> messages.getMessage("template.formatting." + f.name(), null, f.name(), locale))
                .collect(Collectors.joining(", "));
    }
}
