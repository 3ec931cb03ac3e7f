package io.archipel.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.archipel.identity.UserAccountService;
import io.archipel.insights.Steering.BudgetKind;
import io.archipel.insights.Steering.BudgetUse;
import io.archipel.insights.Steering.Metric;
import io.archipel.insights.Steering.ObjectiveProgress;
import io.archipel.insights.Steering.PeriodKind;
import io.archipel.insights.Steering.Status;
import io.archipel.insights.Steering.TerritoryBudget;
import io.archipel.insights.Steering.TerritorySteering;
import io.archipel.insights.steering.SteeringStore;
import io.archipel.insights.steering.SteeringStore.BudgetRow;
import io.archipel.insights.steering.SteeringStore.Measures;
import io.archipel.insights.steering.SteeringStore.ObjectiveRow;
import io.archipel.insights.steering.SteeringStore.Usage;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.NetworkQueries.BranchSummary;
import io.archipel.tenancy.NetworkQueries.TerritoryDetail;
import io.archipel.tenancy.TerritoryService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side of steering, per territory, cut to the caller's scope: objectives with their progress, variance and
 * status, and budgets with what was consumed and committed. A territory id that is unknown (or of another tenant) is
 * a {@link NotFoundException}; one outside the caller's scope an {@link AccessDeniedInScopeException}. Days are UTC
 * calendar days. Figures are computed from the delivery tables (campaign_send, tracking_event, contact).
 */
@Service
@Transactional(readOnly = true)
public class SteeringQueries {

    private final SteeringStore store;
    private final NetworkQueries network;
    private final TerritoryService territories;
    private final UserAccountService users;

    SteeringQueries(SteeringStore store, NetworkQueries network, TerritoryService territories,
            UserAccountService users) {
        this.store = store;
        this.network = network;
        this.territories = territories;
        this.users = users;
    }

    /** Today, as steering counts days (UTC). */
    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** A territory's running objectives and its budgets of the periods holding {@code day}. */
    public TerritorySteering territory(UUID territoryId, LocalDate day) {
        TerritoryDetail detail = network.territory(territoryId);
        Names names = names();
        List<ObjectiveProgress> objectives = store.objectivesOf(territoryId, day).stream()
                .map(o -> progress(o, detail.node().allBranches(), names, day)).toList();
        return new TerritorySteering(territoryId, objectives, budgets(detail, day));
    }

    /** {@link #territory} for several territories (each checked), in the order given. */
    public Map<UUID, TerritorySteering> territories(Collection<UUID> territoryIds, LocalDate day) {
        Map<UUID, TerritorySteering> out = new LinkedHashMap<>();
        for (UUID id : territoryIds) {
            out.put(id, territory(id, day));
        }
        return out;
    }

    /** The objectives running on {@code day} for a territory (not archived), by metric. */
    public List<ObjectiveProgress> objectives(UUID territoryId, LocalDate day) {
        return territory(territoryId, day).objectives();
    }

    /** A territory's budgets of one period kind for the period holding {@code day}. */
    public TerritoryBudget budget(UUID territoryId, PeriodKind kind, LocalDate day) {
        return budget(network.territory(territoryId), kind, day);
    }

    /** Every objective on a territory the caller sees (active ones, or the archived ones), latest period first. */
    public List<ObjectiveProgress> visibleObjectives(boolean archived, LocalDate day) {
        Set<UUID> visible = territories.visibleTree().stream().map(TerritoryService.TerritoryView::id)
                .collect(Collectors.toSet());
        Names names = names();
        Map<UUID, List<BranchSummary>> branchesOf = new HashMap<>();
        List<ObjectiveProgress> out = new ArrayList<>();
        for (ObjectiveRow o : store.objectives(archived)) {
            if (!visible.contains(o.territoryId())) {
                continue;
            }
            List<BranchSummary> branches = branchesOf.computeIfAbsent(o.territoryId(),
                    id -> network.territory(id).node().allBranches());
            out.add(progress(o, branches, names, day));
        }
        return out;
    }

    /** One objective with its progress: 404 unknown, 403 when its territory is outside the caller's scope. */
    public ObjectiveProgress objective(UUID objectiveId, LocalDate day) {
        ObjectiveRow o = store.objective(objectiveId).orElseThrow(() -> new NotFoundException("Objective"));
        TerritoryDetail detail;
        try {
            detail = network.territory(o.territoryId());
        } catch (NotFoundException e) {
            throw new AccessDeniedInScopeException("Objective");
        }
        return progress(o, detail.node().allBranches(), names(), day);
    }

    // ---------------------------------------------------------------- computing

    private record Names(Map<UUID, String> users, Map<UUID, String> territories) {
    }

    private Names names() {
        Map<UUID, String> u = new HashMap<>();
        users.all().forEach(v -> u.put(v.id(), v.displayName()));
        Map<UUID, String> t = new HashMap<>();
        territories.visibleTree().forEach(v -> t.put(v.id(), v.name()));
        return new Names(u, t);
    }

    private ObjectiveProgress progress(ObjectiveRow o, List<BranchSummary> branches, Names names, LocalDate day) {
        UUID[] all = branches.stream().map(BranchSummary::id).toArray(UUID[]::new);
        UUID[] active = branches.stream().filter(BranchSummary::active).map(BranchSummary::id).toArray(UUID[]::new);
        Measures m = store.measures(all, active, o.periodStart().atStartOfDay(ZoneOffset.UTC).toInstant(),
                o.periodEnd().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        BigDecimal actual = actual(o.metric(), m, active.length);
        return evaluate(o, actual, names.users().get(o.sponsorId()), names.territories().get(o.territoryId()), day);
    }

    static BigDecimal actual(Metric metric, Measures m, int activeBranches) {
        return switch (metric) {
            case CAMPAIGNS_SENT -> BigDecimal.valueOf(m.sends());
            case RECIPIENTS -> BigDecimal.valueOf(m.recipients());
            case CONTACT_GROWTH -> BigDecimal.valueOf(m.contactsAdded());
            case ADOPTION -> percent(m.activeBranchesSending(), activeBranches);
            case OPEN_RATE -> percent(m.uniqueOpens(), m.sent());
            case CLICK_RATE -> percent(m.uniqueClicks(), m.sent());
        };
    }

    private static BigDecimal percent(long part, long whole) {
        if (whole <= 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(part * 100.0 / whole).setScale(1, RoundingMode.HALF_UP);
    }

    /** Applies the status rule of {@link Status} (public for tests through {@code Steering}). */
    static ObjectiveProgress evaluate(ObjectiveRow o, BigDecimal actual, String sponsorName, String territoryName,
            LocalDate day) {
        BigDecimal target = o.target();
        int elapsed = Steering.elapsed(o.periodStart(), o.periodEnd(), day);
        BigDecimal expected = o.metric().cumulative()
                ? target.multiply(BigDecimal.valueOf(elapsed)).divide(BigDecimal.valueOf(100), 1, RoundingMode.HALF_UP)
                : target;
        Status status;
        if (day.isBefore(o.periodStart())) {
            status = Status.UPCOMING;
        } else if (actual.compareTo(target) >= 0) {
            status = Status.ACHIEVED;
        } else if (day.isAfter(o.periodEnd())) {
            status = Status.MISSED;
        } else if (o.metric().cumulative()) {
            status = actual.compareTo(expected) >= 0 ? Status.ON_TRACK : Status.AT_RISK;
        } else {
            status = actual.compareTo(target.multiply(new BigDecimal("0.9"))) >= 0 ? Status.ON_TRACK : Status.AT_RISK;
        }
        int progress = target.signum() == 0 ? 0
                : actual.multiply(BigDecimal.valueOf(100)).divide(target, 0, RoundingMode.HALF_UP).intValue();
        return new ObjectiveProgress(o.id(), o.territoryId(), territoryName, o.metric(), target, o.periodStart(),
                o.periodEnd(), o.sponsorId(), sponsorName, o.note(), o.archivedAt() != null, actual, expected,
                actual.subtract(target), actual.subtract(expected), progress, status, o.version());
    }

    private List<TerritoryBudget> budgets(TerritoryDetail detail, LocalDate day) {
        List<TerritoryBudget> out = new ArrayList<>();
        for (PeriodKind kind : PeriodKind.values()) {
            TerritoryBudget b = budget(detail, kind, day);
            if (!b.empty()) {
                out.add(b);
            }
        }
        return out;
    }

    private TerritoryBudget budget(TerritoryDetail detail, PeriodKind kind, LocalDate day) {
        List<BranchSummary> branches = detail.node().allBranches();
        UUID[] ids = branches.stream().map(BranchSummary::id).toArray(UUID[]::new);
        LocalDate start = kind.start(day);
        LocalDate end = kind.end(start);
        List<BudgetRow> rows = store.budgets(ids, kind, start);
        String currency = store.settings().currency();
        Map<UUID, Usage> usage = rows.isEmpty() ? Map.of()
                : store.usage(rows.stream().map(BudgetRow::branchId).toArray(UUID[]::new), start, end, null);
        BudgetUse amount = sum(rows, usage, BudgetKind.AMOUNT, currency);
        BudgetUse quota = sum(rows, usage, BudgetKind.QUOTA, currency);
        int active = (int) branches.stream().filter(BranchSummary::active).count();
        int withBudget = (int) rows.stream().map(BudgetRow::branchId).distinct().count();
        return new TerritoryBudget(detail.node().id(), detail.node().name(), kind, start, end, amount, quota,
                withBudget, active);
    }

    /** Sums the budgets of one kind with their usage; null when there is none of that kind. */
    public static BudgetUse sum(List<BudgetRow> rows, Map<UUID, Usage> usage, BudgetKind kind, String currency) {
        BigDecimal allocated = BigDecimal.ZERO;
        BigDecimal consumed = BigDecimal.ZERO;
        BigDecimal committed = BigDecimal.ZERO;
        int n = 0;
        for (BudgetRow r : rows) {
            if (r.kind() != kind) {
                continue;
            }
            n++;
            Usage u = usage.getOrDefault(r.branchId(), SteeringStore.none());
            BudgetUse one = use(r, u, currency);
            allocated = allocated.add(one.allocated());
            consumed = consumed.add(one.consumed());
            committed = committed.add(one.committed());
        }
        return n == 0 ? null : new BudgetUse(kind, allocated, consumed, committed, currency, n);
    }

    /** One budget's use: money at its unit costs, or messages. */
    public static BudgetUse use(BudgetRow r, Usage u, String currency) {
        if (r.kind() == BudgetKind.QUOTA) {
            return new BudgetUse(BudgetKind.QUOTA, BigDecimal.valueOf(r.quota()),
                    BigDecimal.valueOf(u.emailSent() + u.smsSent()),
                    BigDecimal.valueOf(u.emailCommitted() + u.smsCommitted()), currency, 1);
        }
        BigDecimal consumed = r.emailUnitCost().multiply(BigDecimal.valueOf(u.emailSent()))
                .add(r.smsUnitCost().multiply(BigDecimal.valueOf(u.smsSent()))).setScale(2, RoundingMode.HALF_UP);
        BigDecimal committed = r.emailUnitCost().multiply(BigDecimal.valueOf(u.emailCommitted()))
                .add(r.smsUnitCost().multiply(BigDecimal.valueOf(u.smsCommitted()))).setScale(2, RoundingMode.HALF_UP);
        return new BudgetUse(BudgetKind.AMOUNT, r.amount(), consumed, committed, currency, 1);
    }
}
