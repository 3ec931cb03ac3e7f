package io.archipel.insights.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.archipel.insights.Insights;
import io.archipel.insights.InsightsQueries;
import io.archipel.insights.Steering;
import io.archipel.insights.SteeringQueries;
import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.NetworkQueries.BranchSummary;
import io.archipel.tenancy.NetworkQueries.TerritoryNode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The figures of the {@code /insights} dashboards, always cut to the caller's scope: the tree, territories and
 * branches come from {@link NetworkQueries} (404 for an unknown id or another tenant's, 403 outside the scope), the
 * figures from the rollups through {@link InsightsQueries} (which checks the scope again), and the filter lists and
 * gallery flags from {@link MetricsSource} for the visible branches only.
 */
@Service
@Transactional(readOnly = true)
public class DashboardService {

    /** How many best campaigns are suggested. */
    static final int BEST_LIMIT = 10;
    /** The most campaigns read to pick the best ones from. */
    static final int BEST_POOL = 5000;

    private final NetworkQueries network;
    private final InsightsQueries insights;
    private final MetricsSource source;
    private final SteeringQueries steering;

    DashboardService(NetworkQueries network, InsightsQueries insights, MetricsSource source,
            SteeringQueries steering) {
        this.network = network;
        this.insights = insights;
        this.source = source;
        this.steering = steering;
    }

    /** The caller's whole view: its single root territory, or (several roots) the roots side by side. */
    public Dashboards.Territory overview(DashboardFilter filter) {
        List<TerritoryNode> roots = network.snapshot().roots();
        if (roots.size() == 1) {
            return territory(roots.get(0), List.of(), filter);
        }
        return territory(null, List.of(), filter, roots.stream().flatMap(r -> r.allBranches().stream()).toList());
    }

    /** One territory of the caller's view (404 unknown, 403 outside it). */
    public Dashboards.Territory territory(UUID territoryId, DashboardFilter filter) {
        NetworkQueries.TerritoryDetail detail = network.territory(territoryId);
        return territory(detail.node(), detail.trail(), filter);
    }

    /** One branch of the caller's view (404 unknown, 403 outside it). */
    public Dashboards.Branch branch(UUID branchId, DashboardFilter filter) {
        NetworkQueries.BranchCard card = network.branch(branchId);
        Insights.Filter f = filter.toInsights();
        Insights.BranchFigures figures = insights.branchFigures(branchId, f);
        DashboardRow total = row(figures);
        Metrics previous = Metrics.of(insights.branchFigures(branchId, filter.previous().toInsights()).figures());
        List<Insights.CampaignFigures> sent = insights.branchCampaigns(branchId, f);
        List<Dashboards.CampaignLine> campaigns = lines(sent);
        Insights.PeerComparison peers = insights.peers(branchId, f);
        List<Dashboards.TrendPoint> trend = trend(insights.branchTrend(branchId, bucket(filter), f));
        return new Dashboards.Branch(filter, card, figures.territoryId(), total, previous, campaigns, trend,
                peers.regionName(), peers.region(), peers.network(), options(Set.of(branchId)));
    }

    /** Templates, kits and the best campaigns across the caller's view. */
    public Dashboards.Performance performance(DashboardFilter filter, long minDelivered) {
        Insights.Filter f = filter.toInsights();
        Comparator<Dashboards.GroupLine> byRecipients = Comparator
                .comparingLong((Dashboards.GroupLine g) -> g.metrics().recipients()).reversed()
                .thenComparing(g -> g.name().toLowerCase(java.util.Locale.ROOT));
        List<Dashboards.GroupLine> templates = insights.byTemplate(null, f).stream().map(DashboardService::group)
                .sorted(byRecipients).toList();
        List<Dashboards.GroupLine> kits = insights.byKit(null, f).stream().map(DashboardService::group)
                .sorted(byRecipients).toList();
        Comparator<Insights.CampaignFigures> best = Comparator
                .comparing((Insights.CampaignFigures c) -> c.figures().clickRate(),
                        Comparator.nullsFirst(Comparator.<Double>naturalOrder())).reversed()
                .thenComparing(c -> c.figures().openRate(), Comparator.nullsFirst(Comparator.<Double>naturalOrder())
                        .reversed())
                .thenComparing(Insights.CampaignFigures::day, Comparator.reverseOrder());
        List<Insights.CampaignFigures> top = insights.campaigns(null, f, BEST_POOL, false).stream()
                .filter(c -> c.figures().delivered() >= minDelivered).sorted(best).limit(BEST_LIMIT).toList();
        Set<UUID> visible = network.visibleBranches().stream().map(BranchSummary::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Dashboards.Performance(filter, templates, kits, lines(top), minDelivered, options(visible));
    }

    /** The branch search of the overview (names, codes, cities of visible branches). */
    public List<NetworkQueries.BranchHit> searchBranches(String query, int limit) {
        return network.searchBranches(query, limit);
    }

    public NetworkQueries.NetworkSnapshot snapshot() {
        return network.snapshot();
    }

    // ------------------------------------------------------------------------------------------------ internals

    private Dashboards.Territory territory(TerritoryNode node, List<NetworkQueries.Crumb> trail,
            DashboardFilter filter) {
        return territory(node, trail, filter, node.allBranches());
    }

    /** A node's dashboard ({@code node == null}: the caller's whole scope, as {@link InsightsQueries} reads null). */
    private Dashboards.Territory territory(TerritoryNode node, List<NetworkQueries.Crumb> trail,
            DashboardFilter filter, List<BranchSummary> branches) {
        UUID id = node == null ? null : node.id();
        Insights.Filter f = filter.toInsights();
        Insights.Drilldown drill = insights.children(id, f);
        List<DashboardRow> children = new ArrayList<>();
        drill.territories().forEach(t -> children.add(row(t)));
        drill.branches().stream().filter(b -> b.active() || b.sending()).forEach(b -> children.add(row(b)));
        List<DashboardRow> league = insights.league(id, f).stream().filter(b -> b.active() || b.sending())
                .map(DashboardService::row).toList();
        Metrics previous = Metrics.of(insights.territoryFigures(id, filter.previous().toInsights()).figures());
        List<Dashboards.TrendPoint> trend = trend(insights.territoryTrend(id, bucket(filter), f));
        Set<UUID> ids = branches.stream().map(BranchSummary::id).collect(Collectors.toCollection(LinkedHashSet::new));
        // objectives and budgets as of today (steering's own periods), for the node and its child territories
        LocalDate today = SteeringQueries.today();
        Steering.TerritorySteering own = id == null ? null : steering.territory(id, today);
        Map<UUID, Steering.TerritorySteering> ofChildren = steering.territories(
                drill.territories().stream().map(Insights.TerritoryFigures::territoryId).toList(), today);
        return new Dashboards.Territory(filter, node, trail, row(drill.self()), previous, children, league, trend,
                options(ids), own, ofChildren);
    }

    private static DashboardRow row(Insights.TerritoryFigures t) {
        return new DashboardRow(t.territoryId(), t.name(), t.code(), t.kind(), t.activeBranches(),
                t.sendingBranches(), Metrics.of(t.figures()), ContactGrowth.of(t.contacts()));
    }

    private static DashboardRow row(Insights.BranchFigures b) {
        int active = b.active() ? 1 : 0;
        return new DashboardRow(b.branchId(), b.name(), b.code(), null, active, active == 1 && b.sending() ? 1 : 0,
                Metrics.of(b.figures()), ContactGrowth.of(b.contacts()));
    }

    private static Dashboards.GroupLine group(Insights.GroupFigures g) {
        return new Dashboards.GroupLine(g.id(), g.name(), null, g.branches(), Metrics.of(g.figures()));
    }

    private List<Dashboards.CampaignLine> lines(List<Insights.CampaignFigures> campaigns) {
        Set<UUID> featured = source.featured(campaigns.stream().map(Insights.CampaignFigures::campaignId).toList());
        return campaigns.stream().map(c -> new Dashboards.CampaignLine(c.campaignId(), c.name(), c.branchId(),
                c.branchCode(), c.branchName(), c.channel().name(), c.templateName(), c.kitName(), c.day(),
                featured.contains(c.campaignId()), Metrics.of(c.figures()))).toList();
    }

    private static Insights.Bucket bucket(DashboardFilter filter) {
        return filter.granularity() == DashboardFilter.Granularity.MONTH ? Insights.Bucket.MONTH
                : Insights.Bucket.WEEK;
    }

    private static List<Dashboards.TrendPoint> trend(List<Insights.TrendPoint> points) {
        return points.stream().map(p -> new Dashboards.TrendPoint(p.start(), Metrics.of(p.figures()))).toList();
    }

    private Dashboards.Options options(Collection<UUID> branchIds) {
        return new Dashboards.Options(source.templateOptions(branchIds), source.kitOptions(branchIds));
    }

    /** Results of campaigns by id (all time), for the gallery. */
    Map<UUID, Metrics> campaignResults(Collection<UUID> campaignIds) {
        return source.byCampaign(campaignIds);
    }
}
