package io.archipel.insights.steering;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.campaign.SendBudgetCheck;
import io.archipel.insights.Steering.BranchBudget;
import io.archipel.insights.Steering.BudgetKind;
import io.archipel.insights.Steering.BudgetUse;
import io.archipel.insights.Steering.OverBudgetPolicy;
import io.archipel.insights.Steering.PeriodKind;
import io.archipel.insights.SteeringQueries;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.NetworkQueries.BranchSummary;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Send budgets: HQ admins set them per branch and period (one branch, or every active branch of a territory at once)
 * and choose the over-budget policy; everyone in /insights reads them in their scope. Also the campaign module's
 * {@link SendBudgetCheck}: what a campaign would cost against the tightest budget covering its send date.
 */
@Service
public class BudgetService implements SendBudgetCheck {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");

    private final SteeringStore store;
    private final NetworkQueries network;
    private final BranchService branches;
    private final MessageSource messages;

    BudgetService(SteeringStore store, NetworkQueries network, BranchService branches, MessageSource messages) {
        this.store = store;
        this.network = network;
        this.branches = branches;
        this.messages = messages;
    }

    /**
     * The budget to set: for {@code branchId}, or for every active branch of {@code territoryId} when no branch is
     * given; for the period of {@code periodKind} holding {@code periodDay}.
     */
    public record BudgetForm(UUID branchId, UUID territoryId, PeriodKind periodKind, LocalDate periodDay,
            BudgetKind kind, BigDecimal amount, BigDecimal emailUnitCost, BigDecimal smsUnitCost, Integer quota) {
    }

    public static class InvalidBudgetException extends InvalidSteeringFormException {

        public InvalidBudgetException(Map<String, String> problems) {
            super("budget", problems);
        }
    }

    /** Sets (creates or replaces) the budgets; returns how many branches got one. */
    @Transactional
    public int set(BudgetForm f) {
        SteeringGuard.requireAdmin();
        Map<String, String> problems = problems(f);
        if (!problems.isEmpty()) {
            throw new InvalidBudgetException(problems);
        }
        LocalDate start = f.periodKind().start(f.periodDay());
        List<UUID> targets = targets(f);
        for (UUID branchId : targets) {
            store.upsertBudget(branchId, f.periodKind(), start, f.kind(), scale(f.amount(), 2),
                    scale(f.emailUnitCost(), 4), scale(f.smsUnitCost(), 4), f.quota(), SteeringGuard.actor());
        }
        return targets.size();
    }

    /** The branches a form aims at (404 / 403 for a branch or territory outside the caller's view). */
    private List<UUID> targets(BudgetForm f) {
        List<UUID> targets = new ArrayList<>();
        if (f.branchId() != null) {
            branches.get(f.branchId()); // 404 / 403
            targets.add(f.branchId());
        } else if (f.territoryId() != null) {
            network.territory(f.territoryId()).node().allBranches().stream().filter(BranchSummary::active)
                    .forEach(b -> targets.add(b.id()));
        }
        return targets;
    }

    /** What is wrong with the form, field → message key ({@code target} for the branch or territory). */
    @Transactional(readOnly = true)
    public Map<String, String> problems(BudgetForm f) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (f.branchId() == null && f.territoryId() == null) {
            problems.put("target", "validation.required");
        } else if (targets(f).isEmpty()) {
            problems.put("target", "steering.budget.target.empty");
        }
        if (f.periodKind() == null) {
            problems.put("periodKind", "validation.required");
        }
        if (f.periodDay() == null) {
            problems.put("periodDay", "validation.required");
        }
        if (f.kind() == null) {
            problems.put("kind", "validation.required");
        } else if (f.kind() == BudgetKind.AMOUNT) {
            money(problems, "amount", f.amount(), MAX_AMOUNT);
            money(problems, "emailUnitCost", f.emailUnitCost(), BigDecimal.valueOf(100));
            money(problems, "smsUnitCost", f.smsUnitCost(), BigDecimal.valueOf(100));
        } else if (f.quota() == null || f.quota() < 0) {
            problems.put("quota", "steering.budget.quota.invalid");
        }
        return problems;
    }

    /** The id of the branch's budget for the period of {@code kind} holding {@code day}, or null. */
    @Transactional(readOnly = true)
    public UUID idOf(UUID branchId, PeriodKind kind, LocalDate day) {
        branches.get(branchId);
        return store.budgets(new UUID[] { branchId }, kind, kind.start(day)).stream().findFirst()
                .map(SteeringStore.BudgetRow::id).orElse(null);
    }

    private static void money(Map<String, String> problems, String field, BigDecimal value, BigDecimal max) {
        if (value == null || value.signum() < 0 || value.compareTo(max) >= 0) {
            problems.put(field, "steering.budget.amount.invalid");
        }
    }

    private static BigDecimal scale(BigDecimal v, int digits) {
        return v == null ? null : v.setScale(digits, RoundingMode.HALF_UP);
    }

    /** Removes one budget (404 unknown, 403 when its branch is outside the caller's scope). */
    @Transactional
    public void delete(UUID budgetId) {
        SteeringGuard.requireAdmin();
        load(budgetId);
        store.deleteBudget(budgetId);
    }

    /** One budget with its use (404 / 403). */
    @Transactional(readOnly = true)
    public BranchBudget get(UUID budgetId) {
        SteeringStore.BudgetRow row = load(budgetId);
        BranchService.BranchView b = branches.get(row.branchId());
        Map<UUID, SteeringStore.Usage> usage = store.usage(new UUID[] { row.branchId() }, row.periodStart(),
                row.periodEnd(), null);
        return view(row, b.code(), b.name(), usage);
    }

    private SteeringStore.BudgetRow load(UUID budgetId) {
        return SteeringGuard.inScope(store.budget(budgetId), "Budget", row -> branches.get(row.branchId()));
    }

    /** The branch budgets of a territory's subtree for the period of {@code kind} holding {@code day}, by code. */
    @Transactional(readOnly = true)
    public List<BranchBudget> branchBudgets(UUID territoryId, PeriodKind kind, LocalDate day) {
        List<BranchSummary> visible = network.territory(territoryId).node().allBranches();
        Map<UUID, BranchSummary> byId = new LinkedHashMap<>();
        visible.forEach(b -> byId.put(b.id(), b));
        LocalDate start = kind.start(day);
        UUID[] ids = byId.keySet().toArray(UUID[]::new);
        List<SteeringStore.BudgetRow> rows = store.budgets(ids, kind, start);
        Map<UUID, SteeringStore.Usage> usage = rows.isEmpty() ? Map.of()
                : store.usage(rows.stream().map(SteeringStore.BudgetRow::branchId).toArray(UUID[]::new), start,
                        kind.end(start), null);
        return rows.stream().map(r -> view(r, byId.get(r.branchId()).code(), byId.get(r.branchId()).name(), usage))
                .sorted(Comparator.comparing(BranchBudget::branchCode, Comparator.nullsLast(String::compareTo)))
                .toList();
    }

    private BranchBudget view(SteeringStore.BudgetRow r, String code, String name,
            Map<UUID, SteeringStore.Usage> usage) {
        BudgetUse use = SteeringQueries.use(r, usage.getOrDefault(r.branchId(), SteeringStore.none()),
                store.settings().currency());
        return new BranchBudget(r.id(), r.branchId(), code, name, r.periodKind(), r.periodStart(), r.periodEnd(),
                r.kind(), r.amount(), r.emailUnitCost(), r.smsUnitCost(), r.quota(), use, r.version());
    }

    @Transactional(readOnly = true)
    public SteeringStore.Settings settings() {
        return store.settings();
    }

    @Transactional
    public void savePolicy(OverBudgetPolicy policy) {
        SteeringGuard.requireAdmin();
        if (!network.scopeSummary().type().equals(io.archipel.tenancy.ScopeType.TENANT)) {
            throw new AccessDeniedInScopeException("Budget policy");
        }
        store.saveSettings(policy == null ? OverBudgetPolicy.ASK_HQ : policy, SteeringGuard.actor());
    }

    // ---------------------------------------------------------------- the campaign module's check

    @Override
    @Transactional(readOnly = true)
    public Optional<Estimate> estimate(UUID branchId, String channel, long recipients, Instant sendAt,
            UUID campaignId) {
        LocalDate day = (sendAt == null ? Instant.now() : sendAt).atZone(ZoneOffset.UTC).toLocalDate();
        List<SteeringStore.BudgetRow> rows = store.budgetsCovering(branchId, day);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        SteeringStore.Settings settings = store.settings();
        boolean sms = "SMS".equals(channel);
        Estimate best = null;
        BigDecimal bestSlack = null;
        for (SteeringStore.BudgetRow r : rows) {
            SteeringStore.Usage u = store.usage(new UUID[] { branchId }, r.periodStart(), r.periodEnd(), campaignId)
                    .getOrDefault(branchId, SteeringStore.none());
            BudgetUse use = SteeringQueries.use(r, u, settings.currency());
            BigDecimal cost = r.kind() == BudgetKind.QUOTA ? BigDecimal.valueOf(recipients)
                    : (sms ? r.smsUnitCost() : r.emailUnitCost()).multiply(BigDecimal.valueOf(recipients))
                            .setScale(2, RoundingMode.HALF_UP);
            BigDecimal remaining = use.remaining();
            boolean exceeds = cost.compareTo(remaining) > 0;
            // the tightest budget: the one left most short (or least ahead), relative to its size
            BigDecimal slack = remaining.subtract(cost).divide(use.allocated().signum() == 0 ? BigDecimal.ONE
                    : use.allocated(), 6, RoundingMode.HALF_UP);
            if (best == null || slack.compareTo(bestSlack) < 0) {
                boolean block = exceeds && settings.policy() == OverBudgetPolicy.BLOCK;
                String note = exceeds ? note(r, cost, remaining, settings.currency()) : null;
                best = new Estimate(r.kind() == BudgetKind.QUOTA, settings.currency(), use.allocated(), cost, remaining,
                        r.periodKind().name(), r.periodStart(), r.periodEnd(), exceeds, block, note);
                bestSlack = slack;
            }
        }
        return Optional.ofNullable(best);
    }

    private String note(SteeringStore.BudgetRow r, BigDecimal cost, BigDecimal remaining, String currency) {
        java.util.Locale locale = LocaleContextHolder.getLocale();
        String unit = r.kind() == BudgetKind.QUOTA ? messages.getMessage("steering.unit.messages", null, locale)
                : currency;
        return messages.getMessage("steering.budget.note", new Object[] { cost.toPlainString(), unit,
                remaining.max(BigDecimal.ZERO).toPlainString(),
                messages.getMessage("steering.period." + r.periodKind().name(), null, locale), r.periodStart(),
                r.periodEnd() }, locale);
    }
}
