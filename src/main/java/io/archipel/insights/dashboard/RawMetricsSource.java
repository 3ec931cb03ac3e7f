package io.archipel.insights.dashboard;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Figures computed from the delivery tables themselves ({@code campaign_send} counters and {@code tracking_event}),
 * a send being counted in the period it started in, with all its events whenever they happened. Unique opens and
 * clicks are the events flagged {@code first_of_kind} (machine opens included, as {@code TrackingService} counts
 * them); unsubscribes, bounces and complaints count recipients.
 */
@Component
class RawMetricsSource implements MetricsSource {

    private static final String EVENTS = """
            left join lateral (
                select count(*) filter (where t.kind = 'OPEN' and t.first_of_kind) as opens,
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
    public Map<UUID, Metrics> byBranch(DashboardFilter filter, Collection<UUID> branchIds) {
        Map<UUID, Metrics> out = new LinkedHashMap<>();
        if (branchIds.isEmpty()) {
            return out;
        }
        Query q = sends(filter, branchIds);
        run("select s.branch_id, " + SUMS + q.from() + " group by s.branch_id", q.args(),
                (rs, i) -> out.put(rs.getObject("branch_id", UUID.class), metrics(rs)));
        return out;
    }

    @Override
    public Map<UUID, ContactGrowth> contactsByBranch(DashboardFilter filter, Collection<UUID> branchIds) {
        Map<UUID, ContactGrowth> out = new LinkedHashMap<>();
        if (branchIds.isEmpty()) {
            return out;
        }
        Timestamp from = Timestamp.from(filter.fromInstant());
        Timestamp to = Timestamp.from(filter.toInstantExclusive());
        List<Object> args = List.of(from, from, from, to, from, to, TenantContext.require(), array(branchIds), to);
        run("""
                select branch_id,
                       count(*) filter (where created_at < ? and (erased_at is null or erased_at >= ?)) as at_start,
                       count(*) filter (where created_at >= ? and created_at < ?) as added,
                       count(*) filter (where erased_at >= ? and erased_at < ?) as removed
                  from contact where tenant_id = ? and branch_id = any(?) and created_at < ?
                 group by branch_id
                """, args, (rs, i) -> out.put(rs.getObject("branch_id", UUID.class),
                new ContactGrowth(rs.getLong("at_start"), rs.getLong("added"), rs.getLong("removed"))));
        return out;
    }

    @Override
    public Map<LocalDate, Metrics> trend(DashboardFilter filter, Collection<UUID> branchIds) {
        Map<LocalDate, Metrics> out = new LinkedHashMap<>();
        if (branchIds.isEmpty()) {
            return out;
        }
        Query q = sends(filter, branchIds);
        String unit = filter.granularity() == DashboardFilter.Granularity.MONTH ? "month" : "week";
        List<Object> args = new ArrayList<>();
        args.add(DashboardFilter.ZONE.getId());
        args.addAll(q.args());
        run("select (date_trunc('" + unit + "', s.started_at at time zone ?))::date as bucket, " + SUMS + q.from()
                + " group by 1 order by 1", args,
                (rs, i) -> out.put(rs.getObject("bucket", LocalDate.class), metrics(rs)));
        return out;
    }

    @Override
    public List<CampaignResult> campaigns(DashboardFilter filter, Collection<UUID> branchIds, int limit) {
        if (branchIds.isEmpty()) {
            return List.of();
        }
        Query q = sends(filter, branchIds);
        List<Object> args = new ArrayList<>(q.args());
        args.add(limit);
        return campaignRows(q.from() + " order by s.started_at desc limit ?", args);
    }

    @Override
    public List<CampaignResult> best(DashboardFilter filter, Collection<UUID> branchIds, long minDelivered,
            int limit) {
        if (branchIds.isEmpty()) {
            return List.of();
        }
        Query q = sends(filter, branchIds);
        List<Object> args = new ArrayList<>(q.args());
        args.add(minDelivered);
        args.add(limit);
        String delivered = "greatest(s.sent_count - coalesce(e.bounces, 0), 0)";
        return campaignRows(q.from() + " and " + delivered + " >= ? order by "
                + "coalesce(e.clicks, 0)::float8 / nullif(" + delivered + ", 0) desc nulls last, "
                + "coalesce(e.opens, 0)::float8 / nullif(" + delivered + ", 0) desc nulls last, s.started_at desc "
                + "limit ?", args);
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
    public List<GroupResult> byTemplate(DashboardFilter filter, Collection<UUID> branchIds) {
        if (branchIds.isEmpty()) {
            return List.of();
        }
        Query q = sends(filter, branchIds);
        List<GroupResult> out = new ArrayList<>();
        run("select tp.id as group_id, tp.name as group_name, tp.channel as group_channel, "
                + "count(distinct s.branch_id) as branches, " + SUMS + q.from(
                        "join template tp on tp.tenant_id = c.tenant_id and tp.id = c.template_id")
                + " group by tp.id, tp.name, tp.channel", q.args(), (rs, i) -> out.add(group(rs)));
        return out;
    }

    @Override
    public List<GroupResult> byKit(DashboardFilter filter, Collection<UUID> branchIds) {
        if (branchIds.isEmpty()) {
            return List.of();
        }
        Query q = sends(filter, branchIds);
        List<GroupResult> out = new ArrayList<>();
        run("select k.id as group_id, k.name as group_name, null as group_channel, "
                + "count(distinct s.branch_id) as branches, " + SUMS + q.from(
                        "join campaign_kit k on k.tenant_id = c.tenant_id and k.id = c.kit_id")
                + " group by k.id, k.name", q.args(), (rs, i) -> out.add(group(rs)));
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

    /** Where extra joins go in {@link #sends}' text. */
    private static final String JOINS = " /*joins*/";

    private record Query(String from, List<Object> args) {

        String from(String joins) {
            return from.replace(JOINS, " " + joins);
        }
    }

    /** {@code from ... where ...} over the period's sends of the branches, with the filter's narrowing. */
    private Query sends(DashboardFilter f, Collection<UUID> branchIds) {
        StringBuilder sql = new StringBuilder(" from campaign_send s join campaign c on c.tenant_id = s.tenant_id "
                + "and c.id = s.campaign_id " + EVENTS
                + JOINS + " where s.tenant_id = ? and s.branch_id = any(?) and s.started_at >= ? and s.started_at < ?");
        List<Object> args = new ArrayList<>(List.of(TenantContext.require(), array(branchIds),
                Timestamp.from(f.fromInstant()), Timestamp.from(f.toInstantExclusive())));
        if (f.channel() != null) {
            sql.append(" and s.channel = ?");
            args.add(f.channel());
        }
        if (f.templateId() != null) {
            sql.append(" and c.template_id = ?");
            args.add(f.templateId());
        }
        if (f.kitId() != null) {
            sql.append(" and c.kit_id = ?");
            args.add(f.kitId());
        }
        return new Query(sql.toString(), args);
    }

    private List<CampaignResult> campaignRows(String fromWhere, List<Object> args) {
        String select = """
                select c.id as campaign_id, c.name, s.branch_id, s.channel, c.template_id, tp.name as template_name,
                       c.kit_id, k.name as kit_name, s.started_at,
                       exists (select 1 from gallery_entry g where g.tenant_id = c.tenant_id and g.campaign_id = c.id)
                           as featured,
                       1 as campaigns, s.recipient_count as recipients, s.sent_count as sent, s.failed_count as failed,
                       coalesce(e.bounces, 0) as bounces, coalesce(e.opens, 0) as opens,
                       coalesce(e.clicks, 0) as clicks, coalesce(e.unsubscribes, 0) as unsubscribes,
                       coalesce(e.complaints, 0) as complaints
                """;
        String joins = "left join template tp on tp.tenant_id = c.tenant_id and tp.id = c.template_id"
                + " left join campaign_kit k on k.tenant_id = c.tenant_id and k.id = c.kit_id";
        List<CampaignResult> out = new ArrayList<>();
        run(select + fromWhere.replace(JOINS, " " + joins), args, (rs, i) -> out.add(new CampaignResult(
                rs.getObject("campaign_id", UUID.class), rs.getString("name"), rs.getObject("branch_id", UUID.class),
                rs.getString("channel"), rs.getObject("template_id", UUID.class), rs.getString("template_name"),
                rs.getObject("kit_id", UUID.class), rs.getString("kit_name"),
                rs.getTimestamp("started_at").toInstant(), rs.getBoolean("featured"), metrics(rs))));
        return out;
    }

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

    private static GroupResult group(ResultSet rs) throws SQLException {
        return new GroupResult(rs.getObject("group_id", UUID.class), rs.getString("group_name"),
                rs.getString("group_channel"), rs.getLong("branches"), metrics(rs));
    }
}
