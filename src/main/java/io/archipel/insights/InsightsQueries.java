package io.archipel.insights;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.archipel.insights.Insights.BranchFigures;
import io.archipel.insights.Insights.Bucket;
import io.archipel.insights.Insights.CampaignFigures;
import io.archipel.insights.Insights.Channel;
import io.archipel.insights.Insights.ContactFigures;
import io.archipel.insights.Insights.Drilldown;
import io.archipel.insights.Insights.Figures;
import io.archipel.insights.Insights.Filter;
import io.archipel.insights.Insights.GroupFigures;
import io.archipel.insights.Insights.Median;
import io.archipel.insights.Insights.PeerComparison;
import io.archipel.insights.Insights.TerritoryFigures;
import io.archipel.insights.Insights.TrendPoint;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The insights read API: delivery, tracking and contact-base figures of the network, read from the rollups (never
 * from raw events; docs/insights-rollups.md), always cut to the caller's {@link CurrentScope}.
 *
 * <p>Scope rules, as everywhere: an id unknown or of another tenant → {@code NotFoundException} (404); a territory or
 * branch of the tenant outside the caller's scope → {@link AccessDeniedInScopeException} (403). A {@code null}
 * territory id means "the caller's whole scope" (the network for a whole-tenant scope, the scope territory for a
 * territory scope, the caller's branches for a branch scope). Branch managers (branch scope) can read their own
 * branches and, through {@link #peers}, anonymous medians — never another branch's figures.
 *
 * <p>Periods select campaigns by the day their send started (branch time zone); figures include everything their
 * recipients did since. Figures are as fresh as the raw tables (same transaction), i.e. events lag ~200 ms (batching).
 */
@Service
public class InsightsQueries {

    /** Below this many branches, a median is not shown (it would tell too much about a single branch). */
    public static final int MIN_PEERS = 3;

    private static final String SUMS = """
            campaigns, recipients, sent, failed, skipped, opens, unique_opens, machine_opens, human_unique_opens,
            clicks, unique_clicks, unsubscribes, bounces, complaints,
            case when channel = 'EMAIL' then sent else 0 end as email_sent""";

    private static final String SUMMED = """
            coalesce(sum(campaigns), 0) as campaigns, coalesce(sum(recipients), 0) as recipients,
            coalesce(sum(sent), 0) as sent, coalesce(sum(failed), 0) as failed, coalesce(sum(skipped), 0) as skipped,
            coalesce(sum(opens), 0) as opens, coalesce(sum(unique_opens), 0) as unique_opens,
            coalesce(sum(machine_opens), 0) as machine_opens, coalesce(sum(human_unique_opens), 0) as human_unique_opens,
            coalesce(sum(clicks), 0) as clicks, coalesce(sum(unique_clicks), 0) as unique_clicks,
            coalesce(sum(unsubscribes), 0) as unsubscribes, coalesce(sum(bounces), 0) as bounces,
            coalesce(sum(complaints), 0) as complaints, coalesce(sum(email_sent), 0) as email_sent""";

    private final NamedParameterJdbcTemplate jdbc;
    private final CurrentScope scope;
    private final TerritoryService territories;
    private final BranchService branches;

    InsightsQueries(NamedParameterJdbcTemplate jdbc, CurrentScope scope, TerritoryService territories,
            BranchService branches) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.territories = territories;
        this.branches = branches;
    }

    // ------------------------------------------------------------------------------------------------ public API

    /** A territory's totals, or with {@code territoryId == null} those of the caller's whole scope. */
    @Transactional(readOnly = true)
    public TerritoryFigures territoryFigures(UUID territoryId, Filter filter) {
        Node node = node(territoryId);
        Map<String, Row> rows = aggregate(node, GroupBy.ALL, filter);
        return node.figures(rows.getOrDefault("", Row.EMPTY));
    }

    /**
     * One level of the drill-down: the node (null = the caller's whole scope), its child territories and the
     * branches attached directly to it. For a branch scope, the children are the caller's branches.
     */
    @Transactional(readOnly = true)
    public Drilldown children(UUID territoryId, Filter filter) {
        Node node = node(territoryId);
        if (node.branchIds != null) {
            Row total = Row.EMPTY;
            List<BranchFigures> branchList = new ArrayList<>();
            for (BranchResult b : branchList(node, filter, true)) {
                total = total.plus(b.row);
                branchList.add(b.figures());
            }
            return new Drilldown(node.figures(total), List.of(), branchList);
        }
        List<TerritoryRow> kids = childTerritories(node);
        List<BranchRow> direct = directBranches(node);
        Map<String, Row> rows = childAggregate(node, kids, direct, filter);
        Row total = Row.EMPTY;
        for (Row r : rows.values()) {
            total = total.plus(r);
        }
        List<TerritoryFigures> childTerritories = new ArrayList<>();
        for (TerritoryRow t : kids) {
            Row r = rows.getOrDefault(t.id.toString(), Row.EMPTY);
            childTerritories.add(new TerritoryFigures(t.id, t.name, t.kind, t.code, r.activeBranches,
                    r.sendingBranches, r.figures, r.contacts));
        }
        List<BranchFigures> childBranches = new ArrayList<>();
        for (BranchRow b : direct) {
            childBranches.add(b.figures(rows.getOrDefault("b:" + b.id, Row.EMPTY)));
        }
        return new Drilldown(node.figures(total), childTerritories, childBranches);
    }

    /**
     * Every branch of a territory's subtree (null = the caller's whole scope), for a league table: sorted by
     * campaigns sent, then open rate, then name (the caller may sort again).
     */
    @Transactional(readOnly = true)
    public List<BranchFigures> league(UUID territoryId, Filter filter) {
        // the sort keys worked out once per branch, not at each of the ~n log n comparisons
        record Ranked(BranchFigures branch, long campaigns, double openRate) {
        }
        // ranked here, not by name in SQL (a collation-aware sort of every branch the ranking would undo)
        return branchList(node(territoryId), filter, false).stream().map(BranchResult::figures)
                .map(b -> new Ranked(b, b.figures().campaigns(), orZero(b.figures().openRate())))
                .sorted(Comparator.comparingLong((Ranked r) -> -r.campaigns)
                        .thenComparingDouble(r -> -r.openRate)
                        .thenComparing(r -> r.branch.name(), String.CASE_INSENSITIVE_ORDER))
                .map(Ranked::branch).toList();
    }

    /** One branch's totals (the branch must be in the caller's scope). */
    @Transactional(readOnly = true)
    public BranchFigures branchFigures(UUID branchId, Filter filter) {
        return branchList(branchNode(branchId), filter, false).stream().findFirst().orElseThrow().figures();
    }

    /** Trend of a territory (null = the caller's whole scope), one point per week or month of the period. */
    @Transactional(readOnly = true)
    public List<TrendPoint> territoryTrend(UUID territoryId, Bucket bucket, Filter filter) {
        return trend(node(territoryId), bucket, filter);
    }

    /** Trend of one branch in the caller's scope. */
    @Transactional(readOnly = true)
    public List<TrendPoint> branchTrend(UUID branchId, Bucket bucket, Filter filter) {
        return trend(branchNode(branchId), bucket, filter);
    }

    /** A branch's campaigns sent in the period, newest first. */
    @Transactional(readOnly = true)
    public List<CampaignFigures> branchCampaigns(UUID branchId, Filter filter) {
        return campaigns(branchNode(branchId), filter, Integer.MAX_VALUE, false);
    }

    /**
     * Campaigns sent in the period across a territory's subtree (null = the caller's whole scope).
     *
     * @param limit          at most this many
     * @param byOpenRate     true: best open rate first (campaigns with ≥ 1 delivered), false: newest first
     */
    @Transactional(readOnly = true)
    public List<CampaignFigures> campaigns(UUID territoryId, Filter filter, int limit, boolean byOpenRate) {
        return campaigns(node(territoryId), filter, limit, byOpenRate);
    }

    /** Campaigns of the period grouped by template, over a territory's subtree (null = the caller's scope). */
    @Transactional(readOnly = true)
    public List<GroupFigures> byTemplate(UUID territoryId, Filter filter) {
        return grouped(node(territoryId), filter, "template_id", "template", "name");
    }

    /** Campaigns of the period started from an HQ kit, grouped by kit (campaigns without a kit left out). */
    @Transactional(readOnly = true)
    public List<GroupFigures> byKit(UUID territoryId, Filter filter) {
        return grouped(node(territoryId), filter, "kit_id", "campaign_kit", "name");
    }

    /**
     * A branch of the caller's scope beside the medians of its region and of the network. The peers are never named
     * nor counted individually; each median needs {@link #MIN_PEERS} branches. Allowed to branch managers for their
     * own branch.
     */
    @Transactional(readOnly = true)
    public PeerComparison peers(UUID branchId, Filter filter) {
        BranchFigures mine = branchFigures(branchId, filter);
        UUID tenant = TenantContext.require();
        // the branch's nearest REGION ancestor, else its own territory
        String path = branches.territoryPath(branchId);
        List<Map<String, Object>> ancestors = jdbc.queryForList("""
                select id, name, kind, length(path) as depth from territory
                 where tenant_id = :tenant and :path like path || '%' order by length(path) desc
                """, new MapSqlParameterSource("tenant", tenant).addValue("path", path));
        Map<String, Object> region = ancestors.stream().filter(a -> "REGION".equals(a.get("kind"))).findFirst()
                .orElse(ancestors.isEmpty() ? null : ancestors.get(0));
        Median regionMedian = null;
        String regionName = null;
        if (region != null) {
            regionName = (String) region.get("name");
            String regionPath = jdbc.queryForObject("select path from territory where tenant_id = :tenant and id = :id",
                    new MapSqlParameterSource("tenant", tenant).addValue("id", region.get("id")), String.class);
            regionMedian = median(aggregate(new Node(null, null, null, null, regionPath, null), GroupBy.BRANCH,
                    filter));
        }
        Median network = median(aggregate(Node.WHOLE, GroupBy.BRANCH, filter));
        return new PeerComparison(mine, regionName, regionMedian, network);
    }

    /** The months of data kept and shown by default on dashboards. */
    public static Filter defaultFilter(LocalDate today) {
        return Filter.lastMonths(6, today);
    }

    // ------------------------------------------------------------------------------------------------ scope

    /** The part of the network a query covers: whole tenant, a territory subtree (path) or a set of branches. */
    record Node(UUID id, String name, TerritoryKind kind, String code, String path, Set<UUID> branchIds) {

        static final Node WHOLE = new Node(null, null, null, null, "/", null);

        boolean whole() {
            return branchIds == null && "/".equals(path);
        }

        TerritoryFigures figures(Row r) {
            return new TerritoryFigures(id, name, kind, code, r.activeBranches, r.sendingBranches, r.figures,
                    r.contacts);
        }
    }

    private Node node(UUID territoryId) {
        NetworkScope s = scope.get();
        if (territoryId == null) {
            return switch (s.type()) {
                case TENANT -> Node.WHOLE;
                case TERRITORY -> territoryNode(s.territoryId());
                case BRANCHES -> new Node(null, null, null, null, null, s.branchIds());
            };
        }
        return territoryNode(territoryId);
    }

    private Node territoryNode(UUID territoryId) {
        TerritoryService.TerritoryView t = territories.get(territoryId); // 404 / 403
        if (!scope.get().coversTerritory(t.path())) {
            throw new AccessDeniedInScopeException("Territory " + territoryId);
        }
        return new Node(t.id(), t.name(), t.kind(), t.code(), t.path(), null);
    }

    private Node branchNode(UUID branchId) {
        branches.get(branchId); // 404 / 403
        return new Node(null, null, null, null, null, Set.of(branchId));
    }

    // ------------------------------------------------------------------------------------------------ SQL

    private enum GroupBy { ALL, CHILD, BRANCH }

    /** The branches a node covers, as a condition on {@code b} (branch) and {@code t} (its territory). */
    private static String scopeCondition(Node node, MapSqlParameterSource p) {
        if (node.branchIds != null) {
            p.addValue("ids", node.branchIds.isEmpty() ? Set.of(new UUID(0, 0)) : node.branchIds);
            return "b.id in (:ids)";
        }
        if (node.whole()) {
            return "true";
        }
        p.addValue("pathPrefix", node.path + "%");
        return "t.path like :pathPrefix";
    }

    /**
     * The rollup rows of the filter, per branch: whole months from the monthly table, the partial months at both ends
     * (or everything, with a template / kit filter) from the per-campaign table. {@code branchFilter} is an extra
     * condition on {@code branch_id} (may be empty).
     */
    private static String rollupUnion(Filter f, MapSqlParameterSource p, String branchFilter, String dayExpr,
            boolean monthsAllowed) {
        p.addValue("from", Date.valueOf(f.from())).addValue("to", Date.valueOf(f.to()));
        String channel = "";
        if (f.channel() != null) {
            p.addValue("channel", f.channel().name());
            channel = " and channel = :channel";
        }
        List<String> parts = new ArrayList<>();
        LocalDate fullFrom = f.firstWholeMonth();
        LocalDate fullTo = f.endOfWholeMonths();
        boolean months = monthsAllowed && !f.byCampaignAttributes() && fullFrom.isBefore(fullTo);
        String monthDay = dayExpr.replace("$day", "month");
        String campaignDay = dayExpr.replace("$day", "day");
        // the partial months at each end as ranges of their own: each one an index range on day
        List<String> ranges = new ArrayList<>();
        if (months) {
            p.addValue("fullFrom", Date.valueOf(fullFrom)).addValue("fullTo", Date.valueOf(fullTo));
            String monthRows = "select branch_id, " + monthDay + " as d, " + SUMS + " from insights_branch_month"
                    + " where tenant_id = :tenant" + channel + branchFilter;
            parts.add(monthRows + " and month >= :fullFrom and month < :fullTo");
            if (f.from().isBefore(fullFrom)) {
                ranges.add("day >= :from and day < :fullFrom");
            }
            if (!fullTo.isAfter(f.to())) {
                // The last, partial month (usually "up to today"): its month row holds exactly those days when no
                // campaign of the month is dated after the period's end, one row per branch instead of one per
                // campaign. Which of the two parts runs is decided once per statement (a one-time filter).
                String later = laterInLastMonth(fullTo, p);
                parts.add(monthRows + " and month = :fullTo and not exists (" + later + ")");
                ranges.add("day >= :fullTo and day <= :to and exists (" + later + ")");
            }
        } else {
            ranges.add("day >= :from and day <= :to");
        }
        String attributes = "";
        if (f.templateId() != null) {
            p.addValue("template", f.templateId());
            attributes += " and template_id = :template";
        }
        if (f.kitId() != null) {
            p.addValue("kit", f.kitId());
            attributes += " and kit_id = :kit";
        }
        for (String range : ranges) {
            parts.add("select branch_id, " + campaignDay + " as d, 1 as campaigns, "
                    + SUMS.substring(SUMS.indexOf("recipients")) + " from insights_campaign_rollup where tenant_id = :tenant"
                    + " and " + range + channel + branchFilter + attributes);
        }
        return String.join(" union all ", parts);
    }

    /**
     * A sub-select finding a campaign dated after the period's end ({@code :to}) in the period's last month (starting
     * {@code fullTo}): when there is none, that month's row holds exactly the period's days of it.
     */
    private static String laterInLastMonth(LocalDate fullTo, MapSqlParameterSource p) {
        p.addValue("afterFullTo", Date.valueOf(fullTo.plusMonths(1)));
        return "select 1 from insights_campaign_rollup where tenant_id = :tenant and day > :to and day < :afterFullTo";
    }

    /**
     * Rows per group: territory nodes (whole tenant, a subtree, its child territories) read the territory rollups of
     * V29 (a few hundred rows whatever the subtree's size); per-branch groupings, branch sets and the rare cases the
     * territory rollups cannot answer exactly read the branch-level rollups.
     */
    private Map<String, Row> aggregate(Node node, GroupBy groupBy, Filter f) {
        if (node.branchIds == null && groupBy == GroupBy.ALL) {
            Map<String, Row> fast = territoryTotal(node, f);
            if (fast != null) {
                return fast;
            }
        }
        return branchAggregate(node, groupBy, f);
    }

    /**
     * A territory node's rows per child territory (by id) and per branch attached directly to it ("b:" + id), from
     * the territory rollups when they can answer, else from the branch-level ones.
     */
    private Map<String, Row> childAggregate(Node node, List<TerritoryRow> kids, List<BranchRow> direct, Filter f) {
        Map<String, Row> fast = territoryChildren(node, kids, direct, f);
        return fast != null ? fast : branchAggregate(node, GroupBy.CHILD, f);
    }

    private Map<String, Row> branchAggregate(Node node, GroupBy groupBy, Filter f) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", TenantContext.require());
        Map<String, Row> rows = new HashMap<>();
        jdbc.query(branchAggregateSql(node, groupBy, f, p), p, rs -> {
            rows.put(rs.getString("g"), row(rs));
        });
        return rows;
    }

    /**
     * Every branch of a node with its figures, in one statement (rollup sums, contacts and the branch's details),
     * by name if asked.
     */
    private List<BranchResult> branchList(Node node, Filter f, boolean byName) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", TenantContext.require());
        return jdbc.query(branchAggregateSql(node, GroupBy.BRANCH, f, p) + (byName ? " order by s.name" : ""), p,
                (rs, i) -> new BranchResult(branchRow(rs), row(rs)));
    }

    private record BranchResult(BranchRow branch, Row row) {

        BranchFigures figures() {
            return branch.figures(row);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getInt("active_branches"), rs.getInt("sending_branches"), figures(rs),
                new ContactFigures(rs.getLong("contacts_start"), rs.getLong("contacts_end"),
                        rs.getLong("email_consented"), rs.getLong("sms_consented")));
    }

    /**
     * Branch-level rollups of a node, per group. Grouped by branch, each branch is one row already: no outer
     * aggregate, and the branch's details come along (a league needs no second query).
     */
    private static String branchAggregateSql(Node node, GroupBy groupBy, Filter f, MapSqlParameterSource p) {
        String cond = scopeCondition(node, p);
        String group = switch (groupBy) {
            case ALL -> "''";
            case BRANCH -> "b.id::text";
            case CHILD -> {
                p.addValue("nodePathLength", node.path.length());
                yield "coalesce(nullif(split_part(substr(t.path, :nodePathLength + 1), '/', 1), ''), 'b:' || b.id::text)";
            }
        };
        String branchFilter = branchFilter(node, p, "");
        p.addValue("contactsTo", Date.valueOf(f.to())).addValue("contactsFrom", Date.valueOf(f.from()));
        String common = "with scoped as (select b.id as branch_id, b.active, " + group + " as g,"
                + " b.code, b.name, b.city, b.territory_id, t.name as territory_name from branch b"
                + " join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id"
                + " where b.tenant_id = :tenant and " + cond + "),"
                + " per_branch as (select branch_id, " + PER_BRANCH_SUMS + " from ("
                + rollupUnion(f, p, branchFilter, "null::date", true) + ") x group by branch_id),"
                // the snapshots of the node's branches only (a region's 1,000, not the network's 10,000), by the
                // same condition as the rollup rows: one index range per territory of a subtree (V31)
                + " c_end as (select branch_id, contacts, email_consented, sms_consented from insights_contact_day"
                + "  where tenant_id = :tenant and day = (select max(day) from insights_contact_day"
                + "  where tenant_id = :tenant and day <= :contactsTo)" + branchFilter + "),"
                + " c_start as (select branch_id, contacts from insights_contact_day"
                + "  where tenant_id = :tenant and day = (select max(day) from insights_contact_day"
                + "  where tenant_id = :tenant and day < :contactsFrom)" + branchFilter + ")";
        String joins = " from scoped s left join per_branch pb on pb.branch_id = s.branch_id"
                + " left join c_end ce on ce.branch_id = s.branch_id"
                + " left join c_start cs on cs.branch_id = s.branch_id";
        if (groupBy == GroupBy.BRANCH) {
            return common + " select s.g, s.branch_id, s.code, s.name, s.city, s.territory_id, s.territory_name,"
                    + " s.active, case when s.active then 1 else 0 end as active_branches,"
                    + " case when s.active and pb.campaigns > 0 then 1 else 0 end as sending_branches, " + PER_BRANCH_SUMS_OUTER
                    + ", coalesce(cs.contacts, 0) as contacts_start, coalesce(ce.contacts, 0) as contacts_end,"
                    + " coalesce(ce.email_consented, 0) as email_consented,"
                    + " coalesce(ce.sms_consented, 0) as sms_consented" + joins;
        }
        return common + " select s.g, count(*) filter (where s.active) as active_branches,"
                + " count(*) filter (where s.active and pb.campaigns > 0) as sending_branches,"
                + " " + SUMMED.replace("sum(", "sum(pb.") + ","
                + " coalesce(sum(cs.contacts), 0) as contacts_start, coalesce(sum(ce.contacts), 0) as contacts_end,"
                + " coalesce(sum(ce.email_consented), 0) as email_consented,"
                + " coalesce(sum(ce.sms_consented), 0) as sms_consented" + joins + " group by s.g";
    }

    private List<TrendPoint> trend(Node node, Bucket bucket, Filter f) {
        String unit = bucket == Bucket.WEEK ? "week" : "month";
        Map<LocalDate, Figures> fromTerritories = territoryTrend(node, unit, f);
        Map<LocalDate, Figures> byStart = fromTerritories != null ? fromTerritories : branchTrend(node, unit, bucket, f);
        List<TrendPoint> points = new ArrayList<>();
        LocalDate start = bucket == Bucket.WEEK ? f.from().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                : f.from().withDayOfMonth(1);
        for (LocalDate d = start; !d.isAfter(f.to()); d = bucket == Bucket.WEEK ? d.plusWeeks(1) : d.plusMonths(1)) {
            points.add(new TrendPoint(d, byStart.getOrDefault(d, Figures.NONE)));
        }
        return points;
    }

    private Map<LocalDate, Figures> branchTrend(Node node, String unit, Bucket bucket, Filter f) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", TenantContext.require());
        // weeks cross months: the monthly table cannot answer them
        String union = rollupUnion(f, p, branchFilter(node, p, ""), "date_trunc('" + unit + "', $day)::date",
                bucket == Bucket.MONTH);
        String sql;
        sql = "select d, " + SUMMED + " from (" + union + ") x group by d";
        Map<LocalDate, Figures> byStart = new HashMap<>();
        jdbc.query(sql, p, rs -> {
            byStart.put(rs.getDate("d").toLocalDate(), figures(rs));
        });
        return byStart;
    }

    /** A condition on branch_id restricting the rollup rows to a node (empty for the whole tenant). */
    private static String branchFilter(Node node, MapSqlParameterSource p, String alias) {
        if (node.whole()) {
            return "";
        }
        if (node.branchIds != null) {
            p.addValue("ids", node.branchIds.isEmpty() ? Set.of(new UUID(0, 0)) : node.branchIds);
            return " and " + alias + "branch_id in (:ids)";
        }
        p.addValue("pathPrefix", node.path + "%");
        // the rollup rows carry their branch's territory (V29): the subtree's rows only, by index
        return " and " + alias + "territory_id in (select t.id from territory t where t.tenant_id = :tenant"
                + " and t.path like :pathPrefix)";
    }

    private List<CampaignFigures> campaigns(Node node, Filter f, int limit, boolean byOpenRate) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", TenantContext.require())
                .addValue("from", Date.valueOf(f.from())).addValue("to", Date.valueOf(f.to()))
                .addValue("limit", limit);
        StringBuilder where = new StringBuilder("r.tenant_id = :tenant and r.day >= :from and r.day <= :to");
        where.append(branchFilter(node, p, "r."));
        if (f.channel() != null) {
            p.addValue("channel", f.channel().name());
            where.append(" and r.channel = :channel");
        }
        if (f.templateId() != null) {
            p.addValue("template", f.templateId());
            where.append(" and r.template_id = :template");
        }
        if (f.kitId() != null) {
            p.addValue("kit", f.kitId());
            where.append(" and r.kit_id = :kit");
        }
        String order = byOpenRate
                ? " and r.channel = 'EMAIL' and r.sent > r.bounces order by r.human_unique_opens::float8 / (r.sent - r.bounces) desc, r.day desc"
                : " order by r.day desc, c.name";
        String sql = "select r.*, 1 as campaigns, case when r.channel = 'EMAIL' then r.sent else 0 end as email_sent,"
                + " c.name as campaign_name, b.code as branch_code,"
                + " b.name as branch_name, tp.name as template_name, k.name as kit_name"
                + " from insights_campaign_rollup r"
                + " join campaign c on c.tenant_id = r.tenant_id and c.id = r.campaign_id"
                + " join branch b on b.tenant_id = r.tenant_id and b.id = r.branch_id"
                + " left join template tp on tp.tenant_id = r.tenant_id and tp.id = r.template_id"
                + " left join campaign_kit k on k.tenant_id = r.tenant_id and k.id = r.kit_id"
                + " where " + where + order + " limit :limit";
        return jdbc.query(sql, p, (rs, i) -> new CampaignFigures(rs.getObject("campaign_id", UUID.class),
                rs.getString("campaign_name"), rs.getObject("branch_id", UUID.class), rs.getString("branch_code"),
                rs.getString("branch_name"), Channel.valueOf(rs.getString("channel")),
                rs.getDate("day").toLocalDate(), rs.getObject("template_id", UUID.class),
                rs.getString("template_name"), rs.getObject("kit_id", UUID.class), rs.getString("kit_name"),
                figures(rs)));
    }

    private List<GroupFigures> grouped(Node node, Filter f, String column, String table, String nameColumn) {
        List<GroupFigures> fromTerritories = territoryGrouped(node, f, column.equals("template_id") ? "T" : "K",
                table, nameColumn);
        return fromTerritories != null ? fromTerritories : branchGrouped(node, f, column, table, nameColumn);
    }

    private List<GroupFigures> branchGrouped(Node node, Filter f, String column, String table, String nameColumn) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", TenantContext.require())
                .addValue("from", Date.valueOf(f.from())).addValue("to", Date.valueOf(f.to()));
        StringBuilder where = new StringBuilder("r.tenant_id = :tenant and r.day >= :from and r.day <= :to and r."
                + column + " is not null");
        where.append(branchFilter(node, p, "r."));
        if (f.channel() != null) {
            p.addValue("channel", f.channel().name());
            where.append(" and r.channel = :channel");
        }
        if (f.templateId() != null) {
            p.addValue("template", f.templateId());
            where.append(" and r.template_id = :template");
        }
        if (f.kitId() != null) {
            p.addValue("kit", f.kitId());
            where.append(" and r.kit_id = :kit");
        }
        String sql = "select g.id, g." + nameColumn + " as group_name, x.* from (select r." + column + " as gid,"
                + " count(distinct r.branch_id) as branches, count(*) as campaigns,"
                + SUMMED.substring(SUMMED.indexOf("coalesce(sum(recipients)")).replace("sum(", "sum(r.")
                        .replace("sum(r.email_sent)", "sum(case when r.channel = 'EMAIL' then r.sent else 0 end)")
                + " from insights_campaign_rollup r where " + where + " group by r." + column + ") x"
                + " join " + table + " g on g.tenant_id = :tenant and g.id = x.gid"
                + " order by x.campaigns desc, g." + nameColumn;
        return jdbc.query(sql, p, (rs, i) -> new GroupFigures(rs.getObject("id", UUID.class),
                rs.getString("group_name"), rs.getInt("branches"), figures(rs)));
    }


    // ------------------------------------------------------------------------------------------------ territory rollups (V29)

    private static final UUID NO_DIM = new UUID(0, 0);

    private static final String[] SUM_COLUMNS = {"campaigns", "recipients", "sent", "failed", "skipped", "opens",
            "unique_opens", "machine_opens", "human_unique_opens", "clicks", "unique_clicks", "unsubscribes",
            "bounces", "complaints", "email_sent"};

    /** Sums over territory rollup rows (insights_territory_day / _month). */
    private static final String TERRITORY_SUMS;

    /** The same columns, read from a left-joined sub-select {@code s} (0 where it has no row). */
    private static final String TERRITORY_SUMS_OUTER = outerSums("s");

    /**
     * Per-branch sums of the rollup rows ({@link #SUMS}) as bigint. Added up as float8, which is exact for integers
     * below 2^53, instead of the numeric that sum(bigint) accumulates in (the costliest part of a league).
     */
    private static final String PER_BRANCH_SUMS = Arrays.stream(SUM_COLUMNS)
            .map(c -> "sum(" + c + "::float8)::bigint as " + c).collect(Collectors.joining(", "));

    /** The per-branch sums read from the left-joined {@code per_branch} CTE {@code pb}. */
    private static final String PER_BRANCH_SUMS_OUTER = outerSums("pb");

    static {
        StringBuilder inner = new StringBuilder();
        for (String c : SUM_COLUMNS) {
            String expr = c.equals("email_sent") ? "case when channel = 'EMAIL' then sent else 0 end" : c;
            inner.append(inner.isEmpty() ? "" : ", ").append("coalesce(sum(").append(expr).append("), 0) as ")
                    .append(c);
        }
        TERRITORY_SUMS = inner.toString();
    }

    private static String outerSums(String alias) {
        return Arrays.stream(SUM_COLUMNS).map(c -> "coalesce(" + alias + "." + c + ", 0) as " + c)
                .collect(Collectors.joining(", "));
    }

    /** The slice of the territory rollups a filter reads: all campaigns ('B'), one template ('T') or one kit ('K'). */
    private record Dim(String dim, UUID id) {

        /** null when the filter narrows by template AND kit (the territory rollups hold one at a time). */
        static Dim of(Filter f) {
            if (f.templateId() != null && f.kitId() != null) {
                return null;
            }
            if (f.templateId() != null) {
                return new Dim("T", f.templateId());
            }
            if (f.kitId() != null) {
                return new Dim("K", f.kitId());
            }
            return new Dim("B", NO_DIM);
        }
    }

    /** The territories whose rollup rows add up to a node: itself, or the roots for the whole tenant; null: none. */
    private List<UUID> nodeTerritories(Node node, UUID tenant) {
        if (node.branchIds != null) {
            return null;
        }
        if (node.id != null) {
            return List.of(node.id);
        }
        return node.whole() ? rootTerritoryIds(tenant) : null;
    }

    private List<UUID> rootTerritoryIds(UUID tenant) {
        return jdbc.queryForList("select id from territory where tenant_id = :tenant and parent_id is null",
                new MapSqlParameterSource("tenant", tenant), UUID.class);
    }

    /**
     * Rows per territory of a whole-tenant or territory node, from the territory rollups; null: they cannot answer
     * (branch set, template and kit both, or a branch of the node sent after the period's end).
     */
    private Map<String, Row> territoryRowsOf(Node node, Function<UUID, List<UUID>> territoryIds, Filter f) {
        Dim dim = Dim.of(f);
        if (dim == null || (node.id == null && !node.whole())) {
            return null;
        }
        UUID tenant = TenantContext.require();
        List<UUID> ids = territoryIds.apply(tenant);
        return ids.isEmpty() ? Map.of() : territoryRows(tenant, ids, dim, f);
    }

    /** A territory node's totals from the territory rollups; null: not answerable there. */
    private Map<String, Row> territoryTotal(Node node, Filter f) {
        Map<String, Row> perTerritory = territoryRowsOf(node, tenant -> nodeTerritories(node, tenant), f);
        if (perTerritory == null) {
            return null;
        }
        Row total = Row.EMPTY;
        for (Row r : perTerritory.values()) {
            total = total.plus(r);
        }
        return Map.of("", total);
    }

    /** Child territories from the territory rollups, directly attached branches from theirs; null: not answerable. */
    private Map<String, Row> territoryChildren(Node node, List<TerritoryRow> kids, List<BranchRow> direct, Filter f) {
        Map<String, Row> perTerritory = territoryRowsOf(node,
                tenant -> kids.stream().map(TerritoryRow::id).toList(), f);
        if (perTerritory == null) {
            return null;
        }
        Map<String, Row> rows = new HashMap<>(perTerritory);
        if (!direct.isEmpty()) {
            Set<UUID> ids = direct.stream().map(BranchRow::id).collect(Collectors.toSet());
            branchAggregate(new Node(null, null, null, null, null, ids), GroupBy.BRANCH, f)
                    .forEach((k, v) -> rows.put("b:" + k, v));
        }
        return rows;
    }

    private static final String TERRITORY_COLUMNS = "territory_id, dim_id, channel, campaigns, recipients, sent,"
            + " failed, skipped, opens, unique_opens, machine_opens, human_unique_opens, clicks, unique_clicks,"
            + " unsubscribes, bounces, complaints";

    /**
     * The territory rollup rows of a period as a sub-select ({@code day} and {@link #TERRITORY_COLUMNS}): its whole
     * calendar months from insights_territory_month (one row per month, dated the 1st), the partial months at its
     * ends from insights_territory_day. {@code where} holds the other conditions (tenant, territories, dimension,
     * channel); {@code monthsAllowed} false reads days only (weekly trends).
     */
    private static String territoryPeriod(Filter f, MapSqlParameterSource p, String where, boolean monthsAllowed) {
        p.addValue("from", Date.valueOf(f.from())).addValue("to", Date.valueOf(f.to()));
        LocalDate fullFrom = f.firstWholeMonth();
        LocalDate fullTo = f.endOfWholeMonths();
        String days = "select day, " + TERRITORY_COLUMNS + " from insights_territory_day where " + where + " and ";
        List<String> parts = new ArrayList<>();
        if (monthsAllowed && fullFrom.isBefore(fullTo)) {
            p.addValue("fullFrom", Date.valueOf(fullFrom)).addValue("fullTo", Date.valueOf(fullTo));
            String monthRows = "select month as day, " + TERRITORY_COLUMNS + " from insights_territory_month where "
                    + where;
            parts.add(monthRows + " and month >= :fullFrom and month < :fullTo");
            if (f.from().isBefore(fullFrom)) {
                parts.add(days + "day >= :from and day < :fullFrom");
            }
            if (!fullTo.isAfter(f.to())) {
                // the last, partial month from its month row when that holds exactly its days (see rollupUnion)
                String later = laterInLastMonth(fullTo, p);
                parts.add(monthRows + " and month = :fullTo and not exists (" + later + ")");
                parts.add(days + "day >= :fullTo and day <= :to and exists (" + later + ")");
            }
        } else {
            parts.add(days + "day >= :from and day <= :to");
        }
        return "(" + String.join(" union all ", parts) + ")";
    }

    /**
     * One row per territory of {@code ids}: sums of its day rows in the period, active branches, branches that sent
     * (from the latest-send histogram: exact when no branch of it sent after the period's end, else null is returned
     * and the caller falls back to the branch-level rollups; only its days from the period's start are read, earlier
     * ones count no branch and are before the end), contact bases at both ends.
     */
    private Map<String, Row> territoryRows(UUID tenant, List<UUID> ids, Dim dim, Filter f) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", tenant).addValue("ids", ids)
                .addValue("dim", dim.dim()).addValue("dimId", dim.id())
                .addValue("from", Date.valueOf(f.from())).addValue("to", Date.valueOf(f.to()))
                .addValue("channelKey", f.channel() == null ? "*" : f.channel().name());
        String channel = "";
        if (f.channel() != null) {
            p.addValue("channel", f.channel().name());
            channel = " and channel = :channel";
        }
        String sql = "select i.id::text as g, coalesce(tb.active_branches, 0) as active_branches,"
                + " ls.max_day, coalesce(ls.sending, 0) as sending_branches, " + TERRITORY_SUMS_OUTER + ","
                + " coalesce(c.contacts_start, 0) as contacts_start, coalesce(c.contacts_end, 0) as contacts_end,"
                + " coalesce(c.email_consented, 0) as email_consented, coalesce(c.sms_consented, 0) as sms_consented"
                + " from (select id from territory where tenant_id = :tenant and id in (:ids)) i"
                + " left join (select territory_id, " + TERRITORY_SUMS + " from " + territoryPeriod(f, p,
                        "tenant_id = :tenant and territory_id in (:ids) and dim = :dim and dim_id = :dimId" + channel,
                        true) + " td group by territory_id) s on s.territory_id = i.id"
                + " left join insights_territory_branches tb on tb.tenant_id = :tenant and tb.territory_id = i.id"
                + " left join (select territory_id, max(last_day) as max_day,"
                + "  sum(branches) filter (where active) as sending"
                + "  from insights_territory_last_send where tenant_id = :tenant and territory_id in (:ids)"
                + "  and dim = :dim and dim_id = :dimId and channel = :channelKey and branches <> 0"
                + "  and last_day >= :from"
                + "  group by territory_id) ls on ls.territory_id = i.id"
                + " left join (select territory_id,"
                + "  sum(contacts) filter (where day = e.d) as contacts_end,"
                + "  sum(email_consented) filter (where day = e.d) as email_consented,"
                + "  sum(sms_consented) filter (where day = e.d) as sms_consented,"
                + "  sum(contacts) filter (where day = st.d) as contacts_start"
                + "  from insights_territory_contact_day,"
                + "  (select max(day) as d from insights_contact_day where tenant_id = :tenant and day <= :to) e,"
                + "  (select max(day) as d from insights_contact_day where tenant_id = :tenant and day < :from) st"
                + "  where tenant_id = :tenant and territory_id in (:ids) and day in (e.d, st.d)"
                + "  group by territory_id) c on c.territory_id = i.id";
        Map<String, Row> rows = new HashMap<>();
        boolean[] exact = {true};
        LocalDate to = f.to();
        jdbc.query(sql, p, rs -> {
            Date max = rs.getDate("max_day");
            if (max != null && max.toLocalDate().isAfter(to)) {
                exact[0] = false;
            }
            rows.put(rs.getString("g"), new Row(rs.getInt("active_branches"), rs.getInt("sending_branches"),
                    figures(rs), new ContactFigures(rs.getLong("contacts_start"), rs.getLong("contacts_end"),
                            rs.getLong("email_consented"), rs.getLong("sms_consented"))));
        });
        return exact[0] ? rows : null;
    }

    /** Trend buckets of a territory node from the territory rollups; null when they cannot answer. */
    private Map<LocalDate, Figures> territoryTrend(Node node, String unit, Filter f) {
        Dim dim = Dim.of(f);
        UUID tenant = TenantContext.require();
        List<UUID> ids = dim == null ? null : nodeTerritories(node, tenant);
        if (ids == null) {
            return null;
        }
        Map<LocalDate, Figures> byStart = new HashMap<>();
        if (ids.isEmpty()) {
            return byStart;
        }
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", tenant).addValue("ids", ids)
                .addValue("dim", dim.dim()).addValue("dimId", dim.id())
                .addValue("from", Date.valueOf(f.from())).addValue("to", Date.valueOf(f.to()));
        String channel = "";
        if (f.channel() != null) {
            p.addValue("channel", f.channel().name());
            channel = " and channel = :channel";
        }
        String period = territoryPeriod(f, p, "tenant_id = :tenant and territory_id in (:ids) and dim = :dim"
                + " and dim_id = :dimId" + channel, unit.equals("month"));
        jdbc.query("select date_trunc('" + unit + "', day)::date as d, " + TERRITORY_SUMS + " from " + period
                + " td group by 1", p,
                rs -> {
                    byStart.put(rs.getDate("d").toLocalDate(), figures(rs));
                });
        return byStart;
    }

    /** Per template ('T') or kit ('K') over a territory node from the territory rollups; null when they cannot. */
    private List<GroupFigures> territoryGrouped(Node node, Filter f, String dim, String table, String nameColumn) {
        UUID other = dim.equals("T") ? f.kitId() : f.templateId();
        UUID only = dim.equals("T") ? f.templateId() : f.kitId();
        UUID tenant = TenantContext.require();
        List<UUID> ids = other != null ? null : nodeTerritories(node, tenant);
        if (ids == null) {
            return null;
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", tenant).addValue("ids", ids)
                .addValue("dim", dim).addValue("from", Date.valueOf(f.from())).addValue("to", Date.valueOf(f.to()))
                .addValue("channelKey", f.channel() == null ? "*" : f.channel().name());
        StringBuilder where = new StringBuilder();
        if (f.channel() != null) {
            p.addValue("channel", f.channel().name());
            where.append(" and channel = :channel");
        }
        if (only != null) {
            p.addValue("only", only);
            where.append(" and dim_id = :only");
        }
        String sql = "select g.id, g." + nameColumn + " as group_name, x.*, ls.max_day,"
                + " coalesce(ls.branches, 0) as branches from (select dim_id as gid, " + TERRITORY_SUMS
                + "  from " + territoryPeriod(f, p, "tenant_id = :tenant and territory_id in (:ids) and dim = :dim"
                        + where, true) + " td group by dim_id having sum(campaigns) > 0) x"
                + " join " + table + " g on g.tenant_id = :tenant and g.id = x.gid"
                + " left join (select dim_id, max(last_day) as max_day,"
                + "  sum(branches) as branches from insights_territory_last_send"
                + "  where tenant_id = :tenant and territory_id in (:ids) and dim = :dim and channel = :channelKey"
                + "  and branches <> 0 and last_day >= :from" + (only != null ? " and dim_id = :only" : "") + " group by dim_id) ls"
                + "  on ls.dim_id = x.gid"
                + " order by x.campaigns desc, g." + nameColumn;
        boolean[] exact = {true};
        List<GroupFigures> list = jdbc.query(sql, p, (rs, i) -> {
            Date max = rs.getDate("max_day");
            if (max != null && max.toLocalDate().isAfter(f.to())) {
                exact[0] = false;
            }
            return new GroupFigures(rs.getObject("id", UUID.class), rs.getString("group_name"), rs.getInt("branches"),
                    figures(rs));
        });
        return exact[0] ? list : null;
    }

    // ------------------------------------------------------------------------------------------------ rows

    private List<TerritoryRow> childTerritories(Node node) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", TenantContext.require());
        String cond;
        if (node.id == null) {
            cond = "parent_id is null";
        } else {
            p.addValue("parent", node.id);
            cond = "parent_id = :parent";
        }
        return jdbc.query("select id, name, kind, code from territory where tenant_id = :tenant and " + cond
                + " order by name", p, (rs, i) -> new TerritoryRow(rs.getObject("id", UUID.class),
                rs.getString("name"), TerritoryKind.valueOf(rs.getString("kind")), rs.getString("code")));
    }

    /** The branches attached directly to a territory node (none at the root: roots hold territories). */
    private List<BranchRow> directBranches(Node node) {
        MapSqlParameterSource p = new MapSqlParameterSource("tenant", TenantContext.require());
        String cond = "false";
        if (node.id != null) {
            p.addValue("parent", node.id);
            cond = "b.territory_id = :parent";
        }
        return jdbc.query("select b.id as branch_id, b.code, b.name, b.city, b.territory_id,"
                + " t.name as territory_name, b.active"
                + " from branch b join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id"
                + " where b.tenant_id = :tenant and " + cond + " order by b.name", p, (rs, i) -> branchRow(rs));
    }

    private static BranchRow branchRow(ResultSet rs) throws SQLException {
        return new BranchRow(rs.getObject("branch_id", UUID.class), rs.getString("code"), rs.getString("name"),
                rs.getString("city"), rs.getObject("territory_id", UUID.class), rs.getString("territory_name"),
                rs.getBoolean("active"));
    }

    private record TerritoryRow(UUID id, String name, TerritoryKind kind, String code) {
    }

    private record BranchRow(UUID id, String code, String name, String city, UUID territoryId, String territoryName,
            boolean active) {

        BranchFigures figures(Row r) {
            return new BranchFigures(id, code, name, city, territoryId, territoryName, active, r.figures, r.contacts);
        }
    }

    private record Row(int activeBranches, int sendingBranches, Figures figures, ContactFigures contacts) {

        static final Row EMPTY = new Row(0, 0, Figures.NONE, ContactFigures.NONE);

        Row plus(Row o) {
            return new Row(activeBranches + o.activeBranches, sendingBranches + o.sendingBranches,
                    figures.plus(o.figures), contacts.plus(o.contacts));
        }
    }

    private static Figures figures(ResultSet rs) throws SQLException {
        return new Figures(rs.getLong("campaigns"), rs.getLong("recipients"), rs.getLong("sent"),
                rs.getLong("failed"), rs.getLong("skipped"), rs.getLong("opens"), rs.getLong("unique_opens"),
                rs.getLong("machine_opens"), rs.getLong("human_unique_opens"), rs.getLong("clicks"),
                rs.getLong("unique_clicks"), rs.getLong("unsubscribes"), rs.getLong("bounces"),
                rs.getLong("complaints"), rs.getLong("email_sent"));
    }

    // ------------------------------------------------------------------------------------------------ medians

    private static Median median(Map<String, Row> perBranch) {
        List<Row> active = perBranch.values().stream().filter(r -> r.activeBranches > 0).toList();
        if (active.size() < MIN_PEERS) {
            return new Median(active.size(), null, null, null, null, null, null);
        }
        List<Figures> sending = active.stream().map(Row::figures).filter(fg -> fg.campaigns() > 0).toList();
        return new Median(active.size(),
                medianOf(active.stream().map(r -> (double) r.figures.campaigns()).toList()),
                medianRate(sending, Figures::deliveryRate), medianRate(sending, Figures::openRate),
                medianRate(sending, Figures::clickRate), medianRate(sending, Figures::unsubscribeRate),
                medianRate(sending, Figures::bounceRate));
    }

    private static Double medianRate(List<Figures> figures, java.util.function.Function<Figures, Double> rate) {
        return medianOf(figures.stream().map(rate).filter(java.util.Objects::nonNull).toList());
    }

    private static Double medianOf(List<Double> values) {
        if (values.size() < MIN_PEERS) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
