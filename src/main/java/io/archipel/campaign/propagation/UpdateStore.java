package io.archipel.campaign.propagation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.TemplateChange;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.TemplateUpdates;
import io.archipel.campaign.TemplateUpdates.Line;
import io.archipel.campaign.TemplateUpdates.Outcome;
import io.archipel.campaign.TemplateUpdates.Reason;
import io.archipel.campaign.TemplateUpdates.Update;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The rows of {@code campaign_template_update} (V19). Call inside a transaction of the tenant. */
@Repository
public class UpdateStore {

    private static final String SELECT = "select u.*, c.name as campaign_name, c.branch_id, c.status as status_now, "
            + "b.code as branch_code, b.name as branch_name, t.name as template_name, fv.number as from_number, "
            + "tv.number as to_number from campaign_template_update u "
            + "join campaign c on c.tenant_id = u.tenant_id and c.id = u.campaign_id "
            + "join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id "
            + "join template t on t.tenant_id = u.tenant_id and t.id = u.template_id "
            + "join template_version fv on fv.tenant_id = u.tenant_id and fv.id = u.from_version_id "
            + "join template_version tv on tv.tenant_id = u.tenant_id and tv.id = u.to_version_id ";

    /** A campaign's id and branch, to check scope before reading its updates. */
    public record CampaignRef(UUID id, UUID branchId) {
    }

    /** What to record for one campaign and one target version. */
    public record NewUpdate(UUID campaignId, UUID templateId, UUID fromVersionId, UUID toVersionId, Outcome outcome,
            CampaignStatus status, List<Line> dropped, Reason reason, List<Line> reasonDetails,
            List<TemplateChange> changes) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    UpdateStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<CampaignRef> campaign(UUID tenantId, UUID campaignId) {
        return jdbc.query("select id, branch_id from campaign where tenant_id = ? and id = ?",
                (rs, i) -> new CampaignRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), tenantId,
                campaignId).stream().findFirst();
    }

    public Optional<Update> latestUnacknowledged(UUID tenantId, UUID campaignId) {
        return jdbc.query(SELECT + "where u.tenant_id = ? and u.campaign_id = ? and u.outcome <> 'UNCHANGED' "
                + "and u.acknowledged_at is null order by u.at desc, tv.number desc, u.outcome limit 1", this::row,
                tenantId, campaignId).stream().findFirst();
    }

    public List<Update> forCampaign(UUID tenantId, UUID campaignId) {
        return jdbc.query(SELECT + "where u.tenant_id = ? and u.campaign_id = ? and u.outcome <> 'UNCHANGED' "
                + "order by u.at desc, tv.number desc", this::row, tenantId, campaignId);
    }

    public List<Update> forTemplate(UUID tenantId, UUID templateId) {
        return jdbc.query(SELECT + "where u.tenant_id = ? and u.template_id = ? and u.outcome <> 'UNCHANGED' "
                + "order by tv.number desc, u.at, b.code, c.name", this::row, tenantId, templateId);
    }

    public int acknowledge(UUID tenantId, UUID campaignId, String login) {
        return jdbc.update("update campaign_template_update set acknowledged_at = now(), acknowledged_by = ? "
                + "where tenant_id = ? and campaign_id = ? and outcome <> 'UNCHANGED' and acknowledged_at is null",
                login, tenantId, campaignId);
    }

    /** Whether this campaign was already handled for this version with one of these outcomes. */
    boolean handled(UUID tenantId, UUID campaignId, UUID toVersionId, List<Outcome> outcomes) {
        Integer n = jdbc.queryForObject("select count(*) from campaign_template_update where tenant_id = ? "
                + "and campaign_id = ? and to_version_id = ? and outcome = any(?)", Integer.class, tenantId,
                campaignId, toVersionId, outcomes.stream().map(Enum::name).toArray(String[]::new));
        return n != null && n > 0;
    }

    /** Records it; false when the same campaign, version and outcome is already recorded (nothing written). */
    boolean insert(UUID tenantId, NewUpdate u) {
        int n = jdbc.update("insert into campaign_template_update (tenant_id, id, campaign_id, template_id, "
                + "from_version_id, to_version_id, outcome, campaign_status, dropped, reason, reason_details, changes) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb) "
                + "on conflict (tenant_id, campaign_id, to_version_id, outcome) do nothing", tenantId,
                UUID.randomUUID(), u.campaignId(), u.templateId(), u.fromVersionId(), u.toVersionId(),
                u.outcome().name(), u.status().name(), lines(u.dropped()),
                u.reason() == null ? null : u.reason().name(), lines(u.reasonDetails()), changes(u.changes()));
        return n > 0;
    }

    private String lines(List<Line> lines) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Line l : lines == null ? List.<Line>of() : lines) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", l.path());
            m.put("messageKey", l.messageKey());
            m.put("blockType", l.blockType());
            m.put("args", l.args());
            out.add(m);
        }
        return json.writeValueAsString(out);
    }

    private String changes(List<TemplateChange> changes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TemplateChange c : changes == null ? List.<TemplateChange>of() : changes) {
            out.add(Map.of("messageKey", c.messageKey(), "args", c.args()));
        }
        return json.writeValueAsString(out);
    }

    @SuppressWarnings("unchecked")
    private List<Line> readLines(String text) {
        List<Line> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (Map<String, Object> m : (List<Map<String, Object>>) json.readValue(text, List.class)) {
            out.add(new Line((String) m.get("path"), (String) m.get("messageKey"), (String) m.get("blockType"),
                    strings(m.get("args"))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<TemplateChange> readChanges(String text) {
        List<TemplateChange> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (Map<String, Object> m : (List<Map<String, Object>>) json.readValue(text, List.class)) {
            out.add(new TemplateChange((String) m.get("messageKey"), strings(m.get("args"))));
        }
        return out;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> list) {
            list.forEach(x -> out.add(x == null ? "" : x.toString()));
        }
        return out;
    }

    private Update row(ResultSet rs, int i) throws SQLException {
        String reason = rs.getString("reason");
        return new TemplateUpdates.Update(rs.getObject("id", UUID.class), rs.getObject("campaign_id", UUID.class),
                rs.getString("campaign_name"), rs.getObject("branch_id", UUID.class), rs.getString("branch_code"),
                rs.getString("branch_name"), CampaignStatus.valueOf(rs.getString("status_now")),
                CampaignStatus.valueOf(rs.getString("campaign_status")), rs.getObject("template_id", UUID.class),
                rs.getString("template_name"), rs.getInt("from_number"), rs.getObject("to_version_id", UUID.class),
                rs.getInt("to_number"), Outcome.valueOf(rs.getString("outcome")), readLines(rs.getString("dropped")),
                reason == null ? null : Reason.valueOf(reason), readLines(rs.getString("reason_details")),
                readChanges(rs.getString("changes")), instant(rs, "at"), instant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
