package io.archipel.campaign.gallery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL of the gallery and of HQ's list of network campaigns. Every query names the tenant (RLS checks it again);
 * callers check roles and scope. Runs inside the callers' transactions.
 */
@Repository
public class GalleryStore {

    /** A featured campaign as stored, before the service adds what it computes (headline, picture). */
    public record FeaturedRow(UUID campaignId, String name, UUID branchId, String branchCode, String branchName,
            String territoryName, UUID templateId, String templateName, UUID templateVersionId, int templateVersion,
            TemplateChannel channel, Campaigns.Content content, Instant sentAt, String note, Instant featuredAt,
            String featuredBy, long reuseCount) {
    }

    /** A row of HQ's campaign list. */
    public record CampaignRow(UUID id, UUID branchId, String branchCode, String branchName, String name,
            TemplateChannel channel, CampaignStatus status, UUID templateId, String templateName, int templateVersion,
            String territoryName, Instant createdAt, Instant sentAt, boolean featured) {
    }

    private static final String FEATURED = "select c.id, c.name, c.branch_id, b.code as branch_code, "
            + "b.name as branch_name, tr.name as territory_name, c.template_id, t.name as template_name, "
            + "c.template_version_id, v.number as template_number, c.channel, c.content, "
            + "(select max(x.at) from campaign_transition x where x.tenant_id = c.tenant_id and x.campaign_id = c.id "
            + "and x.to_status = 'SENT') as sent_at, g.note, g.featured_at, g.featured_by, "
            + "(select count(*) from campaign r where r.tenant_id = c.tenant_id and r.source_campaign_id = c.id) "
            + "as reuse_count from gallery_entry g "
            + "join campaign c on c.tenant_id = g.tenant_id and c.id = g.campaign_id "
            + "join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id "
            + "left join territory tr on tr.tenant_id = b.tenant_id and tr.id = b.territory_id "
            + "join template t on t.tenant_id = c.tenant_id and t.id = c.template_id "
            + "join template_version v on v.tenant_id = c.tenant_id and v.id = c.template_version_id "
            + "where g.tenant_id = ? and c.status = 'SENT' ";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    GalleryStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ------------------------------------------------------------------------------------------------ gallery

    public List<FeaturedRow> featured(UUID tenantId, TemplateChannel channel, UUID templateId, String text) {
        StringBuilder sql = new StringBuilder(FEATURED);
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (channel != null) {
            sql.append("and c.channel = ? ");
            args.add(channel.name());
        }
        if (templateId != null) {
            sql.append("and c.template_id = ? ");
            args.add(templateId);
        }
        if (text != null && !text.isBlank()) {
            sql.append("and (c.name ilike ? escape '\\' or b.name ilike ? escape '\\' or t.name ilike ? escape '\\' "
                    + "or coalesce(g.note, '') ilike ? escape '\\') ");
            String like = like(text);
            args.addAll(List.of(like, like, like, like));
        }
        sql.append("order by g.featured_at desc, c.id");
        return jdbc.query(sql.toString(), this::featuredRow, args.toArray());
    }

    public Optional<FeaturedRow> featured(UUID tenantId, UUID campaignId) {
        return jdbc.query(FEATURED + "and c.id = ?", this::featuredRow, tenantId, campaignId).stream().findFirst();
    }

    public boolean isFeatured(UUID tenantId, UUID campaignId) {
        Long n = jdbc.queryForObject("select count(*) from gallery_entry where tenant_id = ? and campaign_id = ?",
                Long.class, tenantId, campaignId);
        return n != null && n > 0;
    }

    /** The note of a featured campaign (empty when not featured; a featured one may have a null note). */
    public Optional<Optional<String>> note(UUID tenantId, UUID campaignId) {
        List<Optional<String>> found = jdbc.query("select note from gallery_entry where tenant_id = ? "
                + "and campaign_id = ?", (rs, i) -> Optional.ofNullable(rs.getString(1)), tenantId, campaignId);
        return found.stream().findFirst();
    }

    /** Features the campaign, or changes its note when it already is; true when it was not featured before. */
    public boolean upsert(UUID tenantId, UUID campaignId, String note, String actor) {
        int updated = jdbc.update("update gallery_entry set note = ?, updated_at = now(), updated_by = ? "
                + "where tenant_id = ? and campaign_id = ?", note, actor, tenantId, campaignId);
        if (updated > 0) {
            return false;
        }
        jdbc.update("insert into gallery_entry (tenant_id, campaign_id, note, featured_by, updated_by) "
                + "values (?, ?, ?, ?, ?)", tenantId, campaignId, note, actor, actor);
        return true;
    }

    public boolean delete(UUID tenantId, UUID campaignId) {
        return jdbc.update("delete from gallery_entry where tenant_id = ? and campaign_id = ?", tenantId,
                campaignId) > 0;
    }

    /** Templates of featured campaigns, by name. */
    public List<FeaturedTemplate> featuredTemplates(UUID tenantId) {
        return jdbc.query("select distinct t.id, t.name, t.channel from gallery_entry g "
                + "join campaign c on c.tenant_id = g.tenant_id and c.id = g.campaign_id "
                + "join template t on t.tenant_id = c.tenant_id and t.id = c.template_id "
                + "where g.tenant_id = ? and c.status = 'SENT' order by t.name, t.id",
                (rs, i) -> new FeaturedTemplate(rs.getObject(1, UUID.class), rs.getString(2),
                        TemplateChannel.valueOf(rs.getString(3))), tenantId);
    }

    public record FeaturedTemplate(UUID id, String name, TemplateChannel channel) {
    }

    /** A campaign's name (any status, any branch of the tenant), for "reuses « X »". */
    public Optional<String> name(UUID tenantId, UUID campaignId) {
        return jdbc.query("select name from campaign where tenant_id = ? and id = ?", (rs, i) -> rs.getString(1),
                tenantId, campaignId).stream().findFirst();
    }

    // ------------------------------------------------------------------------------------ network campaigns

    /** One page of campaigns of the given branches, newest first, and the total count. */
    public List<CampaignRow> campaigns(UUID tenantId, UUID[] branchIds, CampaignStatus status, String territoryPath,
            UUID templateId, TemplateChannel channel, String text, int offset, int limit, long[] total) {
        StringBuilder where = new StringBuilder("where c.tenant_id = ? and c.branch_id = any(?) ");
        List<Object> args = new ArrayList<>();
        args.add(tenantId);
        args.add(branchIds);
        if (status != null) {
            where.append("and c.status = ? ");
            args.add(status.name());
        }
        if (territoryPath != null) {
            where.append("and tr.path like ? escape '\\' ");
            args.add(territoryPath.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (templateId != null) {
            where.append("and c.template_id = ? ");
            args.add(templateId);
        }
        if (channel != null) {
            where.append("and c.channel = ? ");
            args.add(channel.name());
        }
        if (text != null && !text.isBlank()) {
            where.append("and (c.name ilike ? escape '\\' or b.name ilike ? escape '\\' or b.code ilike ? escape '\\' "
                    + "or t.name ilike ? escape '\\') ");
            String like = like(text);
            args.addAll(List.of(like, like, like, like));
        }
        String from = "from campaign c join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id "
                + "left join territory tr on tr.tenant_id = b.tenant_id and tr.id = b.territory_id "
                + "join template t on t.tenant_id = c.tenant_id and t.id = c.template_id "
                + "join template_version v on v.tenant_id = c.tenant_id and v.id = c.template_version_id ";
        Long count = jdbc.queryForObject("select count(*) " + from + where, Long.class, args.toArray());
        total[0] = count == null ? 0 : count;
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(limit);
        pageArgs.add(offset);
        return jdbc.query("select c.*, b.code as branch_code, b.name as branch_name, tr.name as territory_name, "
                + "t.name as template_name, v.number as template_number, "
                + "(select max(x.at) from campaign_transition x where x.tenant_id = c.tenant_id "
                + "and x.campaign_id = c.id and x.to_status = 'SENT') as sent_at, "
                + "exists (select 1 from gallery_entry g where g.tenant_id = c.tenant_id and g.campaign_id = c.id) "
                + "as featured " + from + where + "order by c.created_at desc, c.id limit ? offset ?",
                (rs, i) -> new CampaignRow(rs.getObject("id", UUID.class), rs.getObject("branch_id", UUID.class),
                        rs.getString("branch_code"), rs.getString("branch_name"), rs.getString("name"),
                        TemplateChannel.valueOf(rs.getString("channel")),
                        CampaignStatus.valueOf(rs.getString("status")), rs.getObject("template_id", UUID.class),
                        rs.getString("template_name"), rs.getInt("template_number"), rs.getString("territory_name"),
                        instant(rs, "created_at"), instant(rs, "sent_at"), rs.getBoolean("featured")),
                pageArgs.toArray());
    }

    /** Templates that campaigns of the given branches use, by name. */
    public List<FeaturedTemplate> campaignTemplates(UUID tenantId, UUID[] branchIds) {
        return jdbc.query("select distinct t.id, t.name, t.channel from campaign c "
                + "join template t on t.tenant_id = c.tenant_id and t.id = c.template_id "
                + "where c.tenant_id = ? and c.branch_id = any(?) order by t.name, t.id",
                (rs, i) -> new FeaturedTemplate(rs.getObject(1, UUID.class), rs.getString(2),
                        TemplateChannel.valueOf(rs.getString(3))), tenantId, branchIds);
    }

    public Optional<String> territoryPath(UUID tenantId, UUID territoryId) {
        return jdbc.query("select path from territory where tenant_id = ? and id = ?", (rs, i) -> rs.getString(1),
                tenantId, territoryId).stream().findFirst();
    }

    // ------------------------------------------------------------------------------------------------ rows

    private FeaturedRow featuredRow(ResultSet rs, int i) throws SQLException {
        return new FeaturedRow(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getObject("branch_id", UUID.class), rs.getString("branch_code"), rs.getString("branch_name"),
                rs.getString("territory_name"), rs.getObject("template_id", UUID.class), rs.getString("template_name"),
                rs.getObject("template_version_id", UUID.class), rs.getInt("template_number"),
                TemplateChannel.valueOf(rs.getString("channel")), content(rs.getString("content")),
                instant(rs, "sent_at"), rs.getString("note"), instant(rs, "featured_at"), rs.getString("featured_by"),
                rs.getLong("reuse_count"));
    }

    @SuppressWarnings("unchecked")
    private Campaigns.Content content(String text) {
        if (text == null || text.isBlank()) {
            return Campaigns.Content.empty();
        }
        Map<String, Object> map = json.readValue(text, Map.class);
        return new Campaigns.Content((String) map.get("subject"), (String) map.get("preheader"),
                (Map<String, Map<String, String>>) map.get("blocks"), (Map<String, String>) map.get("smsParts"));
    }

    private static String like(String text) {
        return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
