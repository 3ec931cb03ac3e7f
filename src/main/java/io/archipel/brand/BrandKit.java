package io.archipel.brand;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's brand kit as templates use it. Colours are validated lower-case {@code #rrggbb}; the legal footer is
 * sanitized HTML ({@link RichTextSanitizer.Options#footer()}); social links are absolute https URLs, in
 * {@link SocialNetwork} order. {@code version} is 0 while the tenant has not saved a kit (the defaults apply).
 */
public record BrandKit(UUID tenantId, String networkName, UUID logoAssetId, String primaryColor,
        String secondaryColor, String textColor, String backgroundColor, WebSafeFont headingFont,
        WebSafeFont bodyFont, String senderName, String senderEmail, ReplyToRule replyToRule, String replyToAddress,
        String legalFooterHtml, Map<SocialNetwork, String> socialLinks, long version) {

    public static final String DEFAULT_PRIMARY = "#1d4ed8";
    public static final String DEFAULT_SECONDARY = "#1e3a8a";
    public static final String DEFAULT_TEXT = "#1f2937";
    public static final String DEFAULT_BACKGROUND = "#ffffff";

    public BrandKit {
        EnumMap<SocialNetwork, String> links = new EnumMap<>(SocialNetwork.class);
        if (socialLinks != null) {
            socialLinks.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    links.put(k, v);
                }
            });
        }
        socialLinks = Collections.unmodifiableMap(links);
        legalFooterHtml = legalFooterHtml == null ? "" : legalFooterHtml;
    }

    /** The kit of a tenant that has not saved one yet: Archipel blue, Arial, the network's name as sender. */
    public static BrandKit defaults(UUID tenantId, String networkName) {
        return new BrandKit(tenantId, networkName, null, DEFAULT_PRIMARY, DEFAULT_SECONDARY, DEFAULT_TEXT,
                DEFAULT_BACKGROUND, WebSafeFont.ARIAL, WebSafeFont.ARIAL, networkName, null,
                ReplyToRule.BRANCH_EMAIL, null, "", Map.of(), 0);
    }

    public boolean saved() {
        return version > 0;
    }

    /** What an HQ user can change, as typed into the brand kit form (validated by {@link BrandKitService#save}). */
    public record Changes(UUID logoAssetId, String primaryColor, String secondaryColor, String textColor,
            String backgroundColor, WebSafeFont headingFont, WebSafeFont bodyFont, String senderName,
            String senderEmail, ReplyToRule replyToRule, String replyToAddress, String legalFooterHtml,
            Map<SocialNetwork, String> socialLinks) {
    }
}
