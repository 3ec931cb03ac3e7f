package io.archipel.insights.dashboard;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.NetworkQueries.BranchSummary;
import io.archipel.tenancy.NetworkQueries.TerritoryNode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The figures of the {@code /insights} dashboards, always cut to the caller's scope: the tree, territories and
 * branches come from {@link NetworkQueries} (404 for an unknown id or another tenant's, 403 outside the scope), and
 * only the branches visible there are ever measured.
 */
@Service
@Transactional(readOnly = true)
public class DashboardService {

    /** The most campaigns listed on a branch page. */
    static final int CAMPAIGN_LIMIT = 100;
    /** How many best campaigns are suggested. */
    static final int BEST_LIMIT = 10;
    /** The longest trend: buckets beyond it are not drawn (a custom period of years in weeks). */
    static final int MAX_BUCKETS = 160;

    private final NetworkQueries network;
    private final MetricsSource source;

    DashboardService(NetworkQueries network, MetricsSource source) {
        this.network = network;
        this.source = source;
    }

    /** The caller's whole view: its single root territory (or its roots side by side). */
    public Dashboards.Territory overview(DashboardFilter filter) {
        NetworkQueries.NetworkSnapshot snapshot = network.snapshot();
        List<TerritoryNode> roots = snapshot.roots();
        if (roots.size() == 1) {
            return territory(roots.get(0), List.of(), filter);
        }
        List<BranchSummary> all = roots.stream().flatMap(r -> r.allBranches().stream()).toList();
        Measures m = measure(filter, all);
        List<DashboardRow> children = roots.stream().map(r -> row(r, m)).toList();
        DashboardRow total = sum(null, "", children, m);
        return new Dashboards.Territory(filter, null, List.of(), total, previous(filter, all), children,
                branchRows(all, m), trend(filter, ids(all)), options(all));
    }

    /** One territory of the caller's view (404 unknown, 403 outside it). */
    public Dashboards.Territory territory(UUID territoryId, DashboardFilter filter) {
        NetworkQueries.TerritoryDetail detail = network.territory(territoryId);
        return territory(detail.node(), detail.trail(), filter);
    }

    /** One branch of the caller's view (404 unknown, 403 outside it). */
    public Dashboards.Branch branch(UUID branchId, DashboardFilter filter) {
        NetworkQueries.BranchCard card = network.branch(branchId);
        List<BranchSummary> one = List.of(new BranchSummary(card.id(), card.code(), card.name(), card.city(),
                card.trail().isEmpty() ? null : card.trail().get(card.trail().size() - 1).id(), card.active()));
        Measures m = measure(filter, one);
        DashboardRow total = branchRow(one.get(0), m);
        Map<UUID, BranchSummary> names = Map.of(card.id(), one.get(0));
        List<Dashboards.CampaignLine> campaigns = source.campaigns(filter, ids(one), CAMPAIGN_LIMIT).stream()
                .map(c -> line(c, names)).toList();
        // the medians of the branches of its territory, when the caller sees that territory
        UUID territoryId = one.get(0).territoryId();
        Dashboards.Medians medians = null;
        if (territoryId != null) {
            List<BranchSummary> siblings = network.visibleBranches().stream()
                    .filter(b -> territoryId.equals(b.territoryId()) && b.active()).toList();
            medians = Dashboards.Medians.of(branchRows(siblings, measure(filter, siblings)));
        }
        return new Dashboards.Branch(filter, card, territoryId, total, previous(filter, one), campaigns,
                trend(filter, ids(one)), medians, options(one));
    }

    /** Templates, kits and the best campaigns across the caller's view. */
    public Dashboards.Performance performance(DashboardFilter filter, long minDelivered) {
        List<BranchSummary> visible = network.visibleBranches();
        Map<UUID, BranchSummary> names = visible.stream()
                .collect(Collectors.toMap(BranchSummary::id, Function.identity(), (a, b) -> a));
        Collection<UUID> ids = names.keySet();
        Function<MetricsSource.GroupResult, Dashboards.GroupLine> group = g -> new Dashboards.GroupLine(g.id(),
                g.name(), g.channel(), g.branches(), g.metrics());
        java.util.Comparator<Dashboards.GroupLine> byRecipients = java.util.Comparator
                .comparingLong((Dashboards.GroupLine g) -> g.metrics().recipients()).reversed()
                .thenComparing(g -> g.name().toLowerCase(java.util.Locale.ROOT));
        List<Dashboards.GroupLine> templates = source.byTemplate(filter, ids).stream().map(group).sorted(byRecipients)
                .toList();
        List<Dashboards.GroupLine> kits = source.byKit(filter, ids).stream().map(group).sorted(byRecipients).toList();
        List<Dashboards.CampaignLine> best = source.best(filter, ids, minDelivered, BEST_LIMIT).stream()
                .map(c -> line(c, names)).toList();
        return new Dashboards.Performance(filter, templates, kits, best, minDelivered, options(visible));
    }

    /** The branch search of the overview (names, codes, cities of visible branches). */
    public List<NetworkQueries.BranchHit> searchBranches(String query, int limit) {
        return network.searchBranches(query, limit);
    }

    public NetworkQueries.NetworkSnapshot snapshot() {
        return network.snapshot();
    }

    /** All-time results of campaigns, for the gallery (no scope: featured campaigns are shown to the whole tenant). */
    public Map<UUID, Metrics> campaignResults(Collection<UUID> campaignIds) {
        return source.byCampaign(campaignIds);
    }

    // ------------------------------------------------------------------------------------------------ internals

    private Dashboards.Territory territory(TerritoryNode node, List<NetworkQueries.Crumb> trail,
            DashboardFilter filter) {
        List<BranchSummary> all = node.allBranches();
        Measures m = measure(filter, all);
        List<DashboardRow> children = new ArrayList<>();
        node.children().forEach(c -> children.add(row(c, m)));
        node.branches().stream().filter(BranchSummary::active).forEach(b -> children.add(branchRow(b, m)));
        DashboardRow total = row(node, m);
        return new Dashboards.Territory(filter, node, trail, total, previous(filter, all), children,
                branchRows(all, m), trend(filter, ids(all)), options(all));
    }

    /** The period's figures of a set of branches, fetched once. */
    private record Measures(Map<UUID, Metrics> metrics, Map<UUID, ContactGrowth> contacts) {

        Metrics metrics(UUID branchId) {
            return metrics.getOrDefault(branchId, Metrics.NONE);
        }

        ContactGrowth contacts(UUID branchId) {
            return contacts.getOrDefault(branchId, ContactGrowth.NONE);
        }
    }

    private Measures measure(DashboardFilter filter, List<BranchSummary> branches) {
        Set<UUID> ids = ids(branches);
        return new Measures(source.byBranch(filter, ids), source.contactsByBranch(filter, ids));
    }

    private Metrics previous(DashboardFilter filter, List<BranchSummary> branches) {
        return source.byBranch(filter.previous(), ids(branches)).values().stream().reduce(Metrics.NONE,
                Metrics::plus);
    }

    private static DashboardRow row(TerritoryNode node, Measures m) {
        Metrics metrics = Metrics.NONE;
        ContactGrowth contacts = ContactGrowth.NONE;
        int active = 0;
        int adopting = 0;
        for (BranchSummary b : node.allBranches()) {
            metrics = metrics.plus(m.metrics(b.id()));
            contacts = contacts.plus(m.contacts(b.id()));
            if (b.active()) {
                active++;
                if (!m.metrics(b.id()).isEmpty()) {
                    adopting++;
                }
            }
        }
        return new DashboardRow(node.id(), node.name(), node.code(), node.kind(), active, adopting, metrics, contacts);
    }

    private static DashboardRow sum(UUID id, String name, List<DashboardRow> rows, Measures m) {
        Metrics metrics = Metrics.NONE;
        ContactGrowth contacts = ContactGrowth.NONE;
        int active = 0;
        int adopting = 0;
        for (DashboardRow r : rows) {
            metrics = metrics.plus(r.metrics());
            contacts = contacts.plus(r.contacts());
            active += r.branches();
            adopting += r.adopting();
        }
        return new DashboardRow(id, name, null, io.archipel.tenancy.TerritoryKind.COUNTRY, active, adopting, metrics,
                contacts);
    }

    private static DashboardRow branchRow(BranchSummary b, Measures m) {
        Metrics metrics = m.metrics(b.id());
        int active = b.active() ? 1 : 0;
        return new DashboardRow(b.id(), b.name(), b.code(), null, active, active == 1 && !metrics.isEmpty() ? 1 : 0,
                metrics, m.contacts(b.id()));
    }

    /** The active branches (and deactivated ones that still sent in the period), as rows. */
    private static List<DashboardRow> branchRows(List<BranchSummary> branches, Measures m) {
        return branches.stream().filter(b -> b.active() || !m.metrics(b.id()).isEmpty())
                .map(b -> branchRow(b, m)).toList();
    }

    private List<Dashboards.TrendPoint> trend(DashboardFilter filter, Set<UUID> ids) {
        Map<LocalDate, Metrics> buckets = source.trend(filter, ids);
        List<Dashboards.TrendPoint> out = new ArrayList<>();
        boolean monthly = filter.granularity() == DashboardFilter.Granularity.MONTH;
        LocalDate start = monthly ? filter.from().withDayOfMonth(1)
                : filter.from().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (LocalDate d = start; !d.isAfter(filter.to()) && out.size() < MAX_BUCKETS;
                d = monthly ? d.plusMonths(1) : d.plusWeeks(1)) {
            out.add(new Dashboards.TrendPoint(d, buckets.getOrDefault(d, Metrics.NONE)));
        }
        return out;
    }

    private Dashboards.Options options(List<BranchSummary> branches) {
        Set<UUID> ids = ids(branches);
        return new Dashboards.Options(source.templateOptions(ids), source.kitOptions(ids));
    }

    private static Dashboards.CampaignLine line(MetricsSource.CampaignResult c, Map<UUID, BranchSummary> names) {
        BranchSummary b = names.get(c.branchId());
        return new Dashboards.CampaignLine(c.campaignId(), c.name(), c.branchId(), b == null ? "" : b.code(),
                b == null ? "" : b.name(), c.channel(), c.templateName(), c.kitName(), c.startedAt(), c.featured(),
                c.metrics());
    }

    private static Set<UUID> ids(List<BranchSummary> branches) {
        return branches.stream().map(BranchSummary::id).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
