package io.archipel.brand;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.archipel.brand.RichTextSanitizer.Options;
import io.archipel.brand.RichTextSanitizer.Violation;
import io.archipel.brand.kit.BrandKitStore;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantDirectory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's brand kit (one per tenant). Reading is open to any code running for the tenant (templates and
 * campaigns use it); saving is for HQ admins and marketers. Values are checked here again whatever the form did:
 * colours {@code #rrggbb}, fonts from {@link WebSafeFont}, https social links, and the legal footer sanitized.
 */
@Service
public class BrandKitService {

    public static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");

    private final BrandKitStore store;
    private final TenantDirectory tenants;
    private final RichTextSanitizer sanitizer;

    private final AssetLibrary assets;

    BrandKitService(BrandKitStore store, TenantDirectory tenants, RichTextSanitizer sanitizer, AssetLibrary assets) {
        this.store = store;
        this.tenants = tenants;
        this.sanitizer = sanitizer;
        this.assets = assets;
    }

    /** What saving did: the new version, and what the sanitizer removed from the legal footer (to tell the user). */
    public record SaveResult(long version, List<Violation> footerRemovals) {
    }

    /** The tenant's saved kit, or the defaults while none is saved. */
    @Transactional(readOnly = true)
    public BrandKit current() {
        UUID tenantId = TenantContext.require();
        String name = tenants.name(tenantId).orElse("");
        return store.find(tenantId, name).orElseGet(() -> BrandKit.defaults(tenantId, name));
    }

    /**
     * Saves the kit if it still has {@code expectedVersion} (0 = none saved yet), else
     * {@link OptimisticLockingFailureException}. Invalid values → {@link IllegalArgumentException}.
     */
    @Transactional
    public SaveResult save(long expectedVersion, BrandKit.Changes changes) {
        requireBrandEditor();
        UUID tenantId = TenantContext.require();
        RichTextSanitizer.Result footer = sanitizer.check(changes.legalFooterHtml(), Options.footer());
        BrandKit.Changes clean = normalise(changes, footer.html());
        boolean done = expectedVersion <= 0 ? store.insert(tenantId, clean)
                : store.update(tenantId, expectedVersion, clean);
        if (!done) {
            throw new OptimisticLockingFailureException("brand kit changed meanwhile");
        }
        return new SaveResult(expectedVersion <= 0 ? 1 : expectedVersion + 1, footer.violations());
    }

    /** The kit as it would look with these changes (for the live preview): validated and sanitized, not saved. */
    @Transactional(readOnly = true)
    public BrandKit preview(BrandKit.Changes changes) {
        BrandKit saved = current();
        BrandKit.Changes clean = normalise(changes, sanitizer.sanitize(changes.legalFooterHtml(), Options.footer()));
        return new BrandKit(saved.tenantId(), saved.networkName(), clean.logoAssetId(), clean.primaryColor(),
                clean.secondaryColor(), clean.textColor(), clean.backgroundColor(), clean.headingFont(),
                clean.bodyFont(), clean.senderName(), clean.senderEmail(), clean.replyToRule(),
                clean.replyToAddress(), clean.legalFooterHtml(), clean.socialLinks(), saved.version());
    }

    /** What the legal footer would lose when saved (the form shows it before and after saving). */
    public List<Violation> footerRemovals(String footerHtml) {
        return sanitizer.violations(footerHtml, Options.footer());
    }

    /** Is this an absolute https URL with a host (what social links must be)? */
    public static boolean isHttpsUrl(String url) {
        return url != null && RichTextSanitizer.isAllowedLink(url, Options.richText());
    }

    private BrandKit.Changes normalise(BrandKit.Changes c, String footerHtml) {
        Map<SocialNetwork, String> links = new EnumMap<>(SocialNetwork.class);
        if (c.socialLinks() != null) {
            c.socialLinks().forEach((network, url) -> {
                if (url != null && !url.isBlank()) {
                    if (!isHttpsUrl(url)) {
                        throw new IllegalArgumentException("social link must be https: " + network);
                    }
                    links.put(network, url.strip());
                }
            });
        }
        if (c.logoAssetId() != null && assets.find(c.logoAssetId()).isEmpty()) {
            throw new IllegalArgumentException("the logo must be an image of this network's media library");
        }
        if (c.headingFont() == null || c.bodyFont() == null || c.replyToRule() == null) {
            throw new IllegalArgumentException("font and reply-to rule are required");
        }
        if (c.replyToRule() == ReplyToRule.FIXED && (c.replyToAddress() == null || c.replyToAddress().isBlank())) {
            throw new IllegalArgumentException("a fixed reply-to rule needs an address");
        }
        return new BrandKit.Changes(c.logoAssetId(), color(c.primaryColor()), color(c.secondaryColor()),
                color(c.textColor()), color(c.backgroundColor()), c.headingFont(), c.bodyFont(), c.senderName(),
                c.senderEmail(), c.replyToRule(), c.replyToRule() == ReplyToRule.FIXED ? c.replyToAddress() : null,
                footerHtml, links);
    }

    private static String color(String value) {
        if (value == null || !COLOR.matcher(value).matches()) {
            throw new IllegalArgumentException("colour must be #rrggbb");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static void requireBrandEditor() {
        if (TenantContext.isSystem()) {
            return; // trusted code (seeding, onboarding)
        }
        Role role = CurrentUser.find().map(u -> u.role()).orElse(null);
        if (role != Role.HQ_ADMIN && role != Role.HQ_MARKETER) {
            throw new AccessDeniedInScopeException("brand kit");
        }
    }
}
