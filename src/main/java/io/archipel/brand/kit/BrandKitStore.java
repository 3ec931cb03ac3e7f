package io.archipel.brand.kit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.BrandKit;
import io.archipel.brand.ReplyToRule;
import io.archipel.brand.SocialNetwork;
import io.archipel.brand.WebSafeFont;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code brand_kit} row of a tenant (plain SQL: one row keyed by tenant_id). Every statement also names the tenant
 * explicitly, and row-level security filters on the transaction's tenant on top of it. Callers run inside a
 * transaction.
 */
@Repository
public class BrandKitStore {

    private static final List<SocialNetwork> SOCIAL = List.of(SocialNetwork.values());
    private final JdbcTemplate jdbc;

    BrandKitStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<BrandKit> find(UUID tenantId, String networkName) {
        return jdbc.query("select * from brand_kit where tenant_id = ?", (rs, n) -> map(rs, networkName), tenantId)
                .stream().findFirst();
    }

    /** Inserts the first kit of the tenant; false when one exists already (someone saved concurrently). */
    public boolean insert(UUID tenantId, BrandKit.Changes c) {
        Object[] values = values(c);
        Object[] args = new Object[values.length + 1];
        args[0] = tenantId;
        System.arraycopy(values, 0, args, 1, values.length);
        return jdbc.update("insert into brand_kit (tenant_id, logo_asset_id, primary_color, secondary_color, "
                + "text_color, background_color, heading_font, body_font, sender_name, sender_email, reply_to_rule, "
                + "reply_to_address, legal_footer_html, social_facebook, social_instagram, social_linkedin, social_x, "
                + "social_youtube, social_tiktok, social_website, version) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) on conflict (tenant_id) do nothing",
                args) == 1;
    }

    /** Updates the kit if it still has the expected version; false when it changed meanwhile. */
    public boolean update(UUID tenantId, long expectedVersion, BrandKit.Changes c) {
        Object[] values = values(c);
        Object[] args = new Object[values.length + 2];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = tenantId;
        args[values.length + 1] = expectedVersion;
        return jdbc.update("update brand_kit set logo_asset_id = ?, primary_color = ?, secondary_color = ?, "
                + "text_color = ?, background_color = ?, heading_font = ?, body_font = ?, sender_name = ?, "
                + "sender_email = ?, reply_to_rule = ?, reply_to_address = ?, legal_footer_html = ?, "
                + "social_facebook = ?, social_instagram = ?, social_linkedin = ?, social_x = ?, social_youtube = ?, "
                + "social_tiktok = ?, social_website = ?, updated_at = now(), version = version + 1 "
                + "where tenant_id = ? and version = ?", args) == 1;
    }

    private static Object[] values(BrandKit.Changes c) {
        Map<SocialNetwork, String> s = c.socialLinks() == null ? Map.of() : c.socialLinks();
        return new Object[] {c.logoAssetId(), c.primaryColor(), c.secondaryColor(), c.textColor(),
                c.backgroundColor(), c.headingFont().stack(), c.bodyFont().stack(), c.senderName(), c.senderEmail(),
                c.replyToRule().name(), c.replyToRule() == ReplyToRule.FIXED ? c.replyToAddress() : null,
                c.legalFooterHtml() == null ? "" : c.legalFooterHtml(),
                s.get(SocialNetwork.FACEBOOK), s.get(SocialNetwork.INSTAGRAM), s.get(SocialNetwork.LINKEDIN),
                s.get(SocialNetwork.X), s.get(SocialNetwork.YOUTUBE), s.get(SocialNetwork.TIKTOK),
                s.get(SocialNetwork.WEBSITE)};
    }

    private static BrandKit map(ResultSet rs, String networkName) throws SQLException {
        Map<SocialNetwork, String> links = new EnumMap<>(SocialNetwork.class);
        for (SocialNetwork network : SOCIAL) {
            String url = rs.getString("social_" + (network == SocialNetwork.X ? "x" : network.name().toLowerCase()));
            if (url != null) {
                links.put(network, url);
            }
        }
        return new BrandKit(rs.getObject("tenant_id", UUID.class), networkName,
                rs.getObject("logo_asset_id", UUID.class), rs.getString("primary_color"),
                rs.getString("secondary_color"), rs.getString("text_color"), rs.getString("background_color"),
                WebSafeFont.ofStack(rs.getString("heading_font")).orElse(WebSafeFont.ARIAL),
                WebSafeFont.ofStack(rs.getString("body_font")).orElse(WebSafeFont.ARIAL), rs.getString("sender_name"),
                rs.getString("sender_email"), ReplyToRule.valueOf(rs.getString("reply_to_rule")),
                rs.getString("reply_to_address"), rs.getString("legal_footer_html"), links, rs.getLong("version"));
    }
}
