package io.archipel.brand.templates;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.Availability;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChange;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.Templates;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Templates, their pilot groups, versions and history in plain SQL; contents are stored as JSON (jsonb). Every
 * statement names the tenant and row-level security filters on the transaction's tenant on top. Callers run inside a
 * transaction.
 */
@Repository
public class TemplateStore {

    private static final TypeReference<List<TemplateChange>> CHANGES = new TypeReference<>() { };
    private static final String SUMMARY_SELECT = "select t.id, t.name, t.channel, t.category, t.archived, t.audience, "
            + "t.draft_updated_at, t.draft_updated_by, v.number as published_number, "
            + "(v.content is null or v.content <> t.draft) as differs from template t "
            + "left join lateral (select number, content from template_version where tenant_id = t.tenant_id "
            + "and template_id = t.id order by number desc limit 1) v on true ";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    TemplateStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A template row with its draft still as JSON. */
    public record Row(UUID id, TemplateChannel channel, String name, String description, TemplateCategory category,
            String draftJson, Instant draftUpdatedAt, String draftUpdatedBy, Instant createdAt, String createdBy,
            boolean archived, Availability availability, long version, Integer publishedNumber, boolean differs) {
    }

    public String toJson(Object content) {
        return json.writeValueAsString(content);
    }

    public EmailTemplateContent email(String draftJson) {
        return json.readValue(draftJson, EmailTemplateContent.class);
    }

    public SmsTemplateContent sms(String draftJson) {
        return json.readValue(draftJson, SmsTemplateContent.class);
    }

    public void insert(UUID tenantId, UUID id, TemplateChannel channel, String name, String description,
            TemplateCategory category, Object draft, String actor) {
        jdbc.update("insert into template (tenant_id, id, channel, name, description, category, draft, "
                + "draft_updated_by, created_by) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)", tenantId, id,
                channel.name(), name, description, category.name(), toJson(draft), actor, actor);
    }

    public boolean nameTaken(UUID tenantId, String name, UUID exceptId) {
        Integer n = jdbc.queryForObject("select count(*) from template where tenant_id = ? and lower(name) = lower(?) "
                + "and id <> ?", Integer.class, tenantId, name.strip(), exceptId == null ? new UUID(0, 0) : exceptId);
        return n != null && n > 0;
    }

    public List<Templates.Summary> list(UUID tenantId, String query, TemplateChannel channel, boolean archived) {
        String q = query == null || query.isBlank() ? null : "%" + query.strip().toLowerCase()
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.query(SUMMARY_SELECT + "where t.tenant_id = ? and t.archived = ? "
                + "and (?::text is null or lower(t.name) like ?::text or lower(t.description) like ?::text) "
                + "and (?::text is null or t.channel = ?::text) order by t.draft_updated_at desc",
                (rs, n) -> new Templates.Summary(rs.getObject("id", UUID.class), rs.getString("name"),
                        TemplateChannel.valueOf(rs.getString("channel")),
                        TemplateCategory.valueOf(rs.getString("category")),
                        (Integer) rs.getObject("published_number"),
                        rs.getObject("published_number") != null && rs.getBoolean("differs"),
                        rs.getBoolean("archived"), Availability.Audience.valueOf(rs.getString("audience")),
                        instant(rs, "draft_updated_at"), rs.getString("draft_updated_by")),
                tenantId, archived, q, q, q, channel == null ? null : channel.name(),
                channel == null ? null : channel.name());
    }

    public Optional<Row> find(UUID tenantId, UUID id) {
        return jdbc.query("select t.*, v.number as published_number, (v.content is null or v.content <> t.draft) "
                + "as differs from template t left join lateral (select number, content from template_version "
                + "where tenant_id = t.tenant_id and template_id = t.id order by number desc limit 1) v on true "
                + "where t.tenant_id = ? and t.id = ?", (rs, n) -> row(rs, tenantId), tenantId, id)
                .stream().findFirst();
    }

    /** Saves the draft if the template still has the expected version; the new version, or -1 when it changed. */
    public long saveDraft(UUID tenantId, UUID id, long expectedVersion, Object draft, String actor) {
        int n = jdbc.update("update template set draft = ?::jsonb, draft_updated_at = now(), draft_updated_by = ?, "
                + "version = version + 1 where tenant_id = ? and id = ? and version = ?", toJson(draft), actor,
                tenantId, id, expectedVersion);
        return n == 1 ? expectedVersion + 1 : -1;
    }

    public long saveDetails(UUID tenantId, UUID id, long expectedVersion, String name, String description,
            TemplateCategory category) {
        int n = jdbc.update("update template set name = ?, description = ?, category = ?, version = version + 1 "
                + "where tenant_id = ? and id = ? and version = ?", name, description, category.name(), tenantId, id,
                expectedVersion);
        return n == 1 ? expectedVersion + 1 : -1;
    }

    public long saveAvailability(UUID tenantId, UUID id, long expectedVersion, Availability a) {
        int n = jdbc.update("update template set audience = ?, available_from = ?, available_until = ?, "
                + "version = version + 1 where tenant_id = ? and id = ? and version = ?", a.audience().name(),
                a.from() == null ? null : Date.valueOf(a.from()), a.until() == null ? null : Date.valueOf(a.until()),
                tenantId, id, expectedVersion);
        if (n != 1) {
            return -1;
        }
        jdbc.update("delete from template_pilot_territory where tenant_id = ? and template_id = ?", tenantId, id);
        jdbc.update("delete from template_pilot_branch where tenant_id = ? and template_id = ?", tenantId, id);
        for (UUID territoryId : a.territoryIds()) {
            jdbc.update("insert into template_pilot_territory (tenant_id, template_id, territory_id) values (?, ?, ?)",
                    tenantId, id, territoryId);
        }
        for (UUID branchId : a.branchIds()) {
            jdbc.update("insert into template_pilot_branch (tenant_id, template_id, branch_id) values (?, ?, ?)",
                    tenantId, id, branchId);
        }
        return expectedVersion + 1;
    }

    public long setArchived(UUID tenantId, UUID id, boolean archived) {
        jdbc.update("update template set archived = ?, version = version + 1 where tenant_id = ? and id = ?",
                archived, tenantId, id);
        return jdbc.queryForObject("select version from template where tenant_id = ? and id = ?", Long.class,
                tenantId, id);
    }

    /** Freezes the current draft as the next version number; returns that number. */
    public int insertVersion(UUID tenantId, UUID versionId, UUID templateId, String actor, List<TemplateChange> changes) {
        Integer next = jdbc.queryForObject("select coalesce(max(number), 0) + 1 from template_version "
                + "where tenant_id = ? and template_id = ?", Integer.class, tenantId, templateId);
        jdbc.update("insert into template_version (tenant_id, id, template_id, number, content, published_by, changes) "
                + "select tenant_id, ?, id, ?, draft, ?, ?::jsonb from template where tenant_id = ? and id = ?",
                versionId, next, actor, json.writeValueAsString(changes), tenantId, templateId);
        return next;
    }

    public List<Templates.Version> versions(UUID tenantId, UUID templateId) {
        return jdbc.query(VERSION_SELECT + "where v.tenant_id = ? and v.template_id = ? order by v.number desc",
                (rs, n) -> version(rs), tenantId, templateId);
    }

    public Optional<Templates.Version> version(UUID tenantId, UUID versionId) {
        return jdbc.query(VERSION_SELECT + "where v.tenant_id = ? and v.id = ?", (rs, n) -> version(rs), tenantId,
                versionId).stream().findFirst();
    }

    public Optional<Templates.Version> latestVersion(UUID tenantId, UUID templateId) {
        return jdbc.query(VERSION_SELECT + "where v.tenant_id = ? and v.template_id = ? order by v.number desc limit 1",
                (rs, n) -> version(rs), tenantId, templateId).stream().findFirst();
    }

    private static final String VERSION_SELECT = "select v.*, t.name, t.channel, t.category from template_version v "
            + "join template t on t.tenant_id = v.tenant_id and t.id = v.template_id ";

    public void insertEvent(UUID tenantId, UUID templateId, Templates.EventKind kind, String actor,
            Integer versionNumber, List<TemplateChange> details) {
        jdbc.update("insert into template_event (tenant_id, id, template_id, kind, actor, version_number, details) "
                + "values (?, ?, ?, ?, ?, ?, ?::jsonb)", tenantId, UUID.randomUUID(), templateId, kind.name(), actor,
                versionNumber, json.writeValueAsString(details));
    }

    public List<Templates.Event> events(UUID tenantId, UUID templateId) {
        return jdbc.query("select * from template_event where tenant_id = ? and template_id = ? order by at desc, "
                + "version_number desc nulls last", (rs, n) -> new Templates.Event(
                        Templates.EventKind.valueOf(rs.getString("kind")), instant(rs, "at"), rs.getString("actor"),
                        (Integer) rs.getObject("version_number"), json.readValue(rs.getString("details"), CHANGES)),
                tenantId, templateId);
    }

    /**
     * Published, not archived templates with their latest version and availability, for the catalogue of branches.
     */
    public record Published(Templates.Available available, Availability availability) {
    }

    public List<Published> published(UUID tenantId, TemplateChannel channel) {
        return jdbc.query("select t.id, t.name, t.description, t.channel, t.category, t.audience, t.available_from, "
                + "t.available_until, v.id as version_id, v.number, v.published_at from template t "
                + "join lateral (select id, number, published_at from template_version where tenant_id = t.tenant_id "
                + "and template_id = t.id order by number desc limit 1) v on true "
                + "where t.tenant_id = ? and not t.archived and (?::text is null or t.channel = ?::text) "
                + "order by t.category, lower(t.name)", (rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    Availability a = availability(rs, tenantId, id);
                    return new Published(new Templates.Available(id, rs.getString("name"),
                            rs.getString("description"), TemplateChannel.valueOf(rs.getString("channel")),
                            TemplateCategory.valueOf(rs.getString("category")), rs.getObject("version_id", UUID.class),
                            rs.getInt("number"), instant(rs, "published_at"), a.until()), a);
                }, tenantId, channel == null ? null : channel.name(), channel == null ? null : channel.name());
    }

    /** How many templates' drafts or versions refer to the asset (its id appears in their content). */
    public int assetUsage(UUID tenantId, UUID assetId) {
        Integer n = jdbc.queryForObject("select count(*) from template t where t.tenant_id = ? and "
                + "(strpos(t.draft::text, ?) > 0 or exists (select 1 from template_version v where v.tenant_id = "
                + "t.tenant_id and v.template_id = t.id and strpos(v.content::text, ?) > 0))", Integer.class,
                tenantId, assetId.toString(), assetId.toString());
        return n == null ? 0 : n;
    }

    private Row row(ResultSet rs, UUID tenantId) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Row(id, TemplateChannel.valueOf(rs.getString("channel")), rs.getString("name"),
                rs.getString("description"), TemplateCategory.valueOf(rs.getString("category")),
                rs.getString("draft"), instant(rs, "draft_updated_at"), rs.getString("draft_updated_by"),
                instant(rs, "created_at"), rs.getString("created_by"), rs.getBoolean("archived"),
                availability(rs, tenantId, id), rs.getLong("version"), (Integer) rs.getObject("published_number"),
                rs.getObject("published_number") == null || rs.getBoolean("differs"));
    }

    private Availability availability(ResultSet rs, UUID tenantId, UUID id) throws SQLException {
        Availability.Audience audience = Availability.Audience.valueOf(rs.getString("audience"));
        Set<UUID> territories = new HashSet<>();
        Set<UUID> branches = new HashSet<>();
        if (audience == Availability.Audience.PILOT) {
            territories.addAll(jdbc.queryForList("select territory_id from template_pilot_territory "
                    + "where tenant_id = ? and template_id = ?", UUID.class, tenantId, id));
            branches.addAll(jdbc.queryForList("select branch_id from template_pilot_branch "
                    + "where tenant_id = ? and template_id = ?", UUID.class, tenantId, id));
        }
        return new Availability(audience, territories, branches, date(rs, "available_from"),
                date(rs, "available_until"));
    }

    private Templates.Version version(ResultSet rs) throws SQLException {
        TemplateChannel channel = TemplateChannel.valueOf(rs.getString("channel"));
        String content = rs.getString("content");
        return new Templates.Version(rs.getObject("id", UUID.class), rs.getObject("template_id", UUID.class),
                rs.getString("name"), channel, TemplateCategory.valueOf(rs.getString("category")),
                rs.getInt("number"), channel == TemplateChannel.EMAIL ? email(content) : null,
                channel == TemplateChannel.SMS ? sms(content) : null, instant(rs, "published_at"),
                rs.getString("published_by"), json.readValue(rs.getString("changes"), CHANGES));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
