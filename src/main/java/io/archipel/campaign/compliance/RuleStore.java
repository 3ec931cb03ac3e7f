package io.archipel.campaign.compliance;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.archipel.campaign.Compliance.Rule;
import io.archipel.campaign.Compliance.RuleDraft;
import io.archipel.campaign.Compliance.RuleKind;
import io.archipel.campaign.Compliance.Severity;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code compliance_rule} of the current tenant (callers run inside a transaction). */
@Repository
public class RuleStore {

    private static final String ORDER = " order by case kind when 'RESTRICTED_WORD' then 1 when 'RESTRICTED_PATTERN' "
            + "then 2 when 'LINK_DOMAIN' then 3 when 'LEGAL_FOOTER' then 4 when 'IMAGE_ALT' then 5 "
            + "when 'SUBJECT_LENGTH' then 6 else 7 end, created_at, id";

    private final JdbcTemplate jdbc;

    RuleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Rule> all() {
        return jdbc.query("select * from compliance_rule where tenant_id = ?" + ORDER, RuleStore::rule,
                TenantContext.require());
    }

    public List<Rule> enabled() {
        return jdbc.query("select * from compliance_rule where tenant_id = ? and enabled" + ORDER, RuleStore::rule,
                TenantContext.require());
    }

    public Optional<Rule> find(UUID ruleId) {
        return jdbc.query("select * from compliance_rule where tenant_id = ? and id = ?", RuleStore::rule,
                TenantContext.require(), ruleId).stream().findFirst();
    }

    public boolean kindExists(RuleKind kind) {
        Integer n = jdbc.queryForObject("select count(*) from compliance_rule where tenant_id = ? and kind = ?",
                Integer.class, TenantContext.require(), kind.name());
        return n != null && n > 0;
    }

    public int count() {
        Integer n = jdbc.queryForObject("select count(*) from compliance_rule where tenant_id = ?", Integer.class,
                TenantContext.require());
        return n == null ? 0 : n;
    }

    public void insert(UUID id, RuleDraft d, String actor) {
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into compliance_rule (tenant_id, id, kind, severity, enabled, words, "
                    + "pattern, domains, max_length, note, created_by, updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + "?, ?)");
            ps.setObject(1, TenantContext.require());
            ps.setObject(2, id);
            ps.setString(3, d.kind().name());
            ps.setString(4, d.severity().name());
            ps.setBoolean(5, d.enabled());
            ps.setArray(6, con.createArrayOf("text", d.words().toArray()));
            ps.setString(7, d.pattern());
            ps.setArray(8, con.createArrayOf("text", d.domains().toArray()));
            ps.setObject(9, d.maxLength());
            ps.setString(10, d.note());
            ps.setString(11, actor);
            ps.setString(12, actor);
            return ps;
        });
    }

    /** Updates when the version still matches; false when someone else changed the rule in between. */
    public boolean update(UUID id, long version, RuleDraft d, String actor) {
        return jdbc.update(con -> {
            var ps = con.prepareStatement("update compliance_rule set severity = ?, enabled = ?, words = ?, pattern = ?, "
                    + "domains = ?, max_length = ?, note = ?, updated_by = ?, updated_at = now(), version = version + 1 "
                    + "where tenant_id = ? and id = ? and version = ?");
            ps.setString(1, d.severity().name());
            ps.setBoolean(2, d.enabled());
            ps.setArray(3, con.createArrayOf("text", d.words().toArray()));
            ps.setString(4, d.pattern());
            ps.setArray(5, con.createArrayOf("text", d.domains().toArray()));
            ps.setObject(6, d.maxLength());
            ps.setString(7, d.note());
            ps.setString(8, actor);
            ps.setObject(9, TenantContext.require());
            ps.setObject(10, id);
            ps.setLong(11, version);
            return ps;
        }) == 1;
    }

    public void setEnabled(UUID id, boolean enabled, String actor) {
        jdbc.update("update compliance_rule set enabled = ?, updated_by = ?, updated_at = now(), version = version + 1 "
                + "where tenant_id = ? and id = ?", enabled, actor, TenantContext.require(), id);
    }

    public void delete(UUID id) {
        jdbc.update("delete from compliance_rule where tenant_id = ? and id = ?", TenantContext.require(), id);
    }

    private static Rule rule(ResultSet rs, int row) throws SQLException {
        Timestamp updated = rs.getTimestamp("updated_at");
        Integer max = rs.getObject("max_length", Integer.class);
        return new Rule(rs.getObject("id", UUID.class), RuleKind.valueOf(rs.getString("kind")),
                Severity.valueOf(rs.getString("severity")), rs.getBoolean("enabled"), strings(rs.getArray("words")),
                rs.getString("pattern"), strings(rs.getArray("domains")), max,
                rs.getString("note"), rs.getString("updated_by"), updated == null ? null : updated.toInstant(),
                rs.getLong("version"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** The network's language (its word lists are matched in it), French when unset. */
    public String networkLanguage(UUID tenantId) {
        List<String> found = jdbc.queryForList("select default_locale from tenant where id = ?", String.class,
                tenantId);
        return found.isEmpty() || found.get(0) == null ? "fr" : found.get(0);
    }
}
