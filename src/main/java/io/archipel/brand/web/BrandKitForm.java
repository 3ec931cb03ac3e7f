package io.archipel.brand.web;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.BrandKit;
import io.archipel.brand.ReplyToRule;
import io.archipel.brand.SocialNetwork;
import io.archipel.brand.WebSafeFont;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The brand kit form as typed. Cross-field rules (reply-to address, https links) are checked by the controller. */
public class BrandKitForm {

    private static final String HEX = "^#[0-9a-fA-F]{6}$";

    private UUID logoAssetId;
    @NotBlank(message = "{validation.required}")
    @Pattern(regexp = HEX, message = "{brand.validation.color}")
    private String primaryColor;
    @NotBlank(message = "{validation.required}")
    @Pattern(regexp = HEX, message = "{brand.validation.color}")
    private String secondaryColor;
    @NotBlank(message = "{validation.required}")
    @Pattern(regexp = HEX, message = "{brand.validation.color}")
    private String textColor;
    @NotBlank(message = "{validation.required}")
    @Pattern(regexp = HEX, message = "{brand.validation.color}")
    private String backgroundColor;
    @NotNull(message = "{validation.required}")
    private WebSafeFont headingFont;
    @NotNull(message = "{validation.required}")
    private WebSafeFont bodyFont;
    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String senderName;
    @NotBlank(message = "{validation.required}")
    @Email(message = "{validation.email}")
    @Size(max = 254, message = "{validation.tooLong}")
    private String senderEmail;
    @NotNull(message = "{validation.required}")
    private ReplyToRule replyToRule;
    @Email(message = "{validation.email}")
    @Size(max = 254, message = "{validation.tooLong}")
    private String replyToAddress;
    @Size(max = 5000, message = "{validation.tooLong}")
    private String legalFooterHtml;
    @Size(max = 500, message = "{validation.tooLong}")
    private String facebook;
    @Size(max = 500, message = "{validation.tooLong}")
    private String instagram;
    @Size(max = 500, message = "{validation.tooLong}")
    private String linkedin;
    @Size(max = 500, message = "{validation.tooLong}")
    private String x;
    @Size(max = 500, message = "{validation.tooLong}")
    private String youtube;
    @Size(max = 500, message = "{validation.tooLong}")
    private String tiktok;
    @Size(max = 500, message = "{validation.tooLong}")
    private String website;
    private Long version;

    static BrandKitForm of(BrandKit kit) {
        BrandKitForm f = new BrandKitForm();
        f.logoAssetId = kit.logoAssetId();
        f.primaryColor = kit.primaryColor();
        f.secondaryColor = kit.secondaryColor();
        f.textColor = kit.textColor();
        f.backgroundColor = kit.backgroundColor();
        f.headingFont = kit.headingFont();
        f.bodyFont = kit.bodyFont();
        f.senderName = kit.senderName();
        f.senderEmail = kit.senderEmail();
        f.replyToRule = kit.replyToRule();
        f.replyToAddress = kit.replyToAddress();
        f.legalFooterHtml = kit.legalFooterHtml();
        Map<SocialNetwork, String> s = kit.socialLinks();
        f.facebook = s.get(SocialNetwork.FACEBOOK);
        f.instagram = s.get(SocialNetwork.INSTAGRAM);
        f.linkedin = s.get(SocialNetwork.LINKEDIN);
        f.x = s.get(SocialNetwork.X);
        f.youtube = s.get(SocialNetwork.YOUTUBE);
        f.tiktok = s.get(SocialNetwork.TIKTOK);
        f.website = s.get(SocialNetwork.WEBSITE);
        f.version = kit.version();
        return f;
    }

    /** Form field name of each social network. */
    static String field(SocialNetwork network) {
        return switch (network) {
            case FACEBOOK -> "facebook";
            case INSTAGRAM -> "instagram";
            case LINKEDIN -> "linkedin";
            case X -> "x";
            case YOUTUBE -> "youtube";
            case TIKTOK -> "tiktok";
            case WEBSITE -> "website";
        };
    }

    Map<SocialNetwork, String> socialLinks() {
        Map<SocialNetwork, String> m = new EnumMap<>(SocialNetwork.class);
        put(m, SocialNetwork.FACEBOOK, facebook);
        put(m, SocialNetwork.INSTAGRAM, instagram);
        put(m, SocialNetwork.LINKEDIN, linkedin);
        put(m, SocialNetwork.X, x);
        put(m, SocialNetwork.YOUTUBE, youtube);
        put(m, SocialNetwork.TIKTOK, tiktok);
        put(m, SocialNetwork.WEBSITE, website);
        return m;
    }

    private static void put(Map<SocialNetwork, String> m, SocialNetwork k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }

    BrandKit.Changes toChanges() {
        return new BrandKit.Changes(logoAssetId, primaryColor, secondaryColor, textColor, backgroundColor, headingFont,
                bodyFont, senderName, senderEmail, replyToRule, replyToAddress, legalFooterHtml, socialLinks());
    }

    public UUID getLogoAssetId() { return logoAssetId; }
    public void setLogoAssetId(UUID logoAssetId) { this.logoAssetId = logoAssetId; }
    public String getPrimaryColor() { return primaryColor; }
    public void setPrimaryColor(String primaryColor) { this.primaryColor = primaryColor; }
    public String getSecondaryColor() { return secondaryColor; }
    public void setSecondaryColor(String secondaryColor) { this.secondaryColor = secondaryColor; }
    public String getTextColor() { return textColor; }
    public void setTextColor(String textColor) { this.textColor = textColor; }
    public String getBackgroundColor() { return backgroundColor; }
    public void setBackgroundColor(String backgroundColor) { this.backgroundColor = backgroundColor; }
    public WebSafeFont getHeadingFont() { return headingFont; }
    public void setHeadingFont(WebSafeFont headingFont) { this.headingFont = headingFont; }
    public WebSafeFont getBodyFont() { return bodyFont; }
    public void setBodyFont(WebSafeFont bodyFont) { this.bodyFont = bodyFont; }
    public String getSenderName() { return senderName; }
    public void setSenderName(String senderName) { this.senderName = senderName; }
    public String getSenderEmail() { return senderEmail; }
    public void setSenderEmail(String senderEmail) { this.senderEmail = senderEmail; }
    public ReplyToRule getReplyToRule() { return replyToRule; }
    public void setReplyToRule(ReplyToRule replyToRule) { this.replyToRule = replyToRule; }
    public String getReplyToAddress() { return replyToAddress; }
    public void setReplyToAddress(String replyToAddress) { this.replyToAddress = replyToAddress; }
    public String getLegalFooterHtml() { return legalFooterHtml; }
    public void setLegalFooterHtml(String legalFooterHtml) { this.legalFooterHtml = legalFooterHtml; }
    public String getFacebook() { return facebook; }
    public void setFacebook(String facebook) { this.facebook = facebook; }
    public String getInstagram() { return instagram; }
    public void setInstagram(String instagram) { this.instagram = instagram; }
    public String getLinkedin() { return linkedin; }
    public void setLinkedin(String linkedin) { this.linkedin = linkedin; }
    public String getX() { return x; }
    public void setX(String x) { this.x = x; }
    public String getYoutube() { return youtube; }
    public void setYoutube(String youtube) { this.youtube = youtube; }
    public String getTiktok() { return tiktok; }
    public void setTiktok(String tiktok) { this.tiktok = tiktok; }
    public String getWebsite() { return website; }
    public void setWebsite(String website) { this.website = website; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
