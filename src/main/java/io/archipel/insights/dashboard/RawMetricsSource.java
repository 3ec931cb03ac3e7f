package io.archipel.insights.dashboard;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Reads the delivery tables themselves for what the rollups do not answer: the results of a handful of campaigns by
 * id ({@code campaign_send} counters and {@code tracking_event}: opens are recipients with an open not flagged as a
 * machine open, as the rollups count them; clicks the first click of each recipient; unsubscribes, bounces and
 * complaints count recipients), the gallery flag, and the templates and kits used by a set of branches.
 */
@Component
class RawMetricsSource implements MetricsSource {

    private static final String EVENTS = """
            left join lateral (
                select count(distinct t.recipient_id) filter (where t.kind = 'OPEN' and not t.machine_suspected)
                           as opens,
                       count(*) filter (where t.kind = 'CLICK' and t.first_of_kind) as clicks,
                       count(distinct t.recipient_id) filter (where t.kind = 'UNSUBSCRIBE') as unsubscribes,
                       count(distinct t.recipient_id) filter (where t.kind = 'BOUNCE') as bounces,
                       count(distinct t.recipient_id) filter (where t.kind = 'COMPLAINT') as complaints
                  from tracking_event t where t.tenant_id = s.tenant_id and t.campaign_id = s.campaign_id) e on true
            """;

    private static final String SUMS = """
            count(*) as campaigns, coalesce(sum(s.recipient_count), 0) as recipients,
            coalesce(sum(s.sent_count), 0) as sent, coalesce(sum(s.failed_count), 0) as failed,
            coalesce(sum(e.bounces), 0) as bounces, coalesce(sum(e.opens), 0) as opens,
            coalesce(sum(e.clicks), 0) as clicks, coalesce(sum(e.unsubscribes), 0) as unsubscribes,
            coalesce(sum(e.complaints), 0) as complaints
            """;

    private final JdbcTemplate jdbc;

    RawMetricsSource(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, Metrics> byCampaign(Collection<UUID> campaignIds) {
        Map<UUID, Metrics> out = new LinkedHashMap<>();
        if (campaignIds.isEmpty()) {
            return out;
        }
        run("select s.campaign_id, " + SUMS + " from campaign_send s " + EVENTS
                + " where s.tenant_id = ? and s.campaign_id = any(?) group by s.campaign_id",
                List.of(TenantContext.require(), array(campaignIds)),
                (rs, i) -> out.put(rs.getObject("campaign_id", UUID.class), metrics(rs)));
        return out;
    }

    @Override
    public Set<UUID> featured(Collection<UUID> campaignIds) {
        Set<UUID> out = new HashSet<>();
        if (campaignIds.isEmpty()) {
            return out;
        }
        run("select campaign_id from gallery_entry where tenant_id = ? and campaign_id = any(?)",
                List.of(TenantContext.require(), array(campaignIds)), (rs, i) -> out.add(rs.getObject(1, UUID.class)));
        return out;
    }

    @Override
    public List<Option> templateOptions(Collection<UUID> branchIds) {
        if (branchIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> statement(con.prepareStatement("""
                select tp.id, tp.name, tp.channel from template tp
                 where tp.tenant_id = ? and exists (select 1 from campaign_send s join campaign c
                         on c.tenant_id = s.tenant_id and c.id = s.campaign_id
                      where s.tenant_id = tp.tenant_id and c.template_id = tp.id and s.branch_id = any(?))
                 order by lower(tp.name)
                """), List.of(TenantContext.require(), array(branchIds))),
                (rs, i) -> new Option(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
    }

    @Override
    public List<Option> kitOptions(Collection<UUID> branchIds) {
        if (branchIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> statement(con.prepareStatement("""
                select k.id, k.name from campaign_kit k
                 where k.tenant_id = ? and exists (select 1 from campaign_send s join campaign c
                         on c.tenant_id = s.tenant_id and c.id = s.campaign_id
                      where s.tenant_id = k.tenant_id and c.kit_id = k.id and s.branch_id = any(?))
                 order by lower(k.name)
                """), List.of(TenantContext.require(), array(branchIds))),
                (rs, i) -> new Option(rs.getObject(1, UUID.class), rs.getString(2), null));
    }

    // ------------------------------------------------------------------------------------------------ internals

    private void run(String sql, List<Object> args, RowMapper<?> each) {
        jdbc.query(con -> statement(con.prepareStatement(sql), args), each);
    }

    private static PreparedStatement statement(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof UUID[] ids) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("uuid", ids));
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    private static UUID[] array(Collection<UUID> ids) {
        return ids.toArray(new UUID[0]);
    }

    private static Metrics metrics(ResultSet rs) throws SQLException {
        return new Metrics(rs.getLong("campaigns"), rs.getLong("recipients"), rs.getLong("sent"),
                rs.getLong("failed"), rs.getLong("bounces"), rs.getLong("opens"), rs.getLong("clicks"),
                rs.getLong("unsubscribes"), rs.getLong("complaints"));
    }

}
