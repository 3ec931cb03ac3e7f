package io.archipel.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The read models of steering: objectives (a metric's target on a territory's subtree over a period, with an
 * executive sponsor) with their progress, and send budgets per branch and period summed per territory. Handed out by
 * {@link SteeringQueries}.
 */
public final class Steering {

    private Steering() {
    }

    /** What an objective measures over its period, on the branches of its territory's subtree. */
    public enum Metric {
        /** Sends started in the period. */
        CAMPAIGNS_SENT(false, true),
        /** Recipients of the sends started in the period. */
        RECIPIENTS(false, true),
        /** Share of the active branches that started at least one send in the period (%). */
        ADOPTION(true, true),
        /** Unique human opens / messages sent, for the sends started in the period (%). */
        OPEN_RATE(true, false),
        /** Unique clicks / messages sent, for the sends started in the period (%). */
        CLICK_RATE(true, false),
        /** Contacts added in the period and still there. */
        CONTACT_GROWTH(false, true);

        private final boolean percent;
        private final boolean cumulative;

        Metric(boolean percent, boolean cumulative) {
            this.percent = percent;
            this.cumulative = cumulative;
        }

        /** Measured in percent (target and actual between 0 and 100). */
        public boolean percent() {
            return percent;
        }

        /** Grows through the period (so it is judged against a linear pace), unlike a rate. */
        public boolean cumulative() {
            return cumulative;
        }
    }

    /**
     * Where an objective stands. The rule (documented in docs/insights-steering.md): before the period, UPCOMING;
     * after it, ACHIEVED when actual ≥ target, else MISSED; during it, ACHIEVED as soon as actual ≥ target, else for a
     * cumulative metric ON_TRACK when actual ≥ the linear pace (target × elapsed share of the period), AT_RISK
     * otherwise; for a rate ON_TRACK when actual ≥ 90 % of the target, AT_RISK otherwise.
     */
    public enum Status {
        UPCOMING, ON_TRACK, AT_RISK, ACHIEVED, MISSED
    }

    /** Calendar periods of budgets. */
    public enum PeriodKind {
        MONTH, QUARTER, YEAR;

        /** The first day of the period holding {@code day}. */
        public LocalDate start(LocalDate day) {
            return switch (this) {
                case MONTH -> day.withDayOfMonth(1);
                case QUARTER -> day.withDayOfMonth(1).withMonth(((day.getMonthValue() - 1) / 3) * 3 + 1);
                case YEAR -> day.withDayOfYear(1);
            };
        }

        /** The last day of the period starting on {@code start}. */
        public LocalDate end(LocalDate start) {
            return switch (this) {
                case MONTH -> start.plusMonths(1).minusDays(1);
                case QUARTER -> start.plusMonths(3).minusDays(1);
                case YEAR -> start.plusYears(1).minusDays(1);
            };
        }
    }

    /** A budget is money (with unit costs per e-mail and per SMS) or a number of messages. */
    public enum BudgetKind {
        AMOUNT, QUOTA
    }

    /** What happens when a submitted campaign would exceed its branch's budget. */
    public enum OverBudgetPolicy {
        /** The branch cannot submit it. */
        BLOCK,
        /** It goes to an HQ review with a budget note, even when autonomy would skip the review. */
        ASK_HQ
    }

    /**
     * One objective with its progress on {@code asOf}. {@code expected} is the linear pace (target × elapsed share)
     * for cumulative metrics, the target for rates; {@code variance} = actual − target; {@code paceVariance} =
     * actual − expected; {@code progressPercent} = actual / target × 100 (not capped).
     */
    public record ObjectiveProgress(UUID id, UUID territoryId, String territoryName, Metric metric, BigDecimal target,
            LocalDate periodStart, LocalDate periodEnd, UUID sponsorId, String sponsorName, String note,
            boolean archived, BigDecimal actual, BigDecimal expected, BigDecimal variance, BigDecimal paceVariance,
            int progressPercent, Status status, long version) {

        /** Share of the period elapsed on {@code day}, 0 to 100. */
        public int elapsedPercent(LocalDate day) {
            return elapsed(periodStart, periodEnd, day);
        }

        public boolean running(LocalDate day) {
            return !day.isBefore(periodStart) && !day.isAfter(periodEnd);
        }
    }

    /**
     * Budgets of a set of branches for one period, summed per kind. {@code consumed} = sends started in the period,
     * {@code committed} = approved or scheduled campaigns not sent yet (by the reach they were submitted with);
     * {@code remaining} = allocated − consumed − committed (may be negative). Amounts are in {@code currency};
     * quotas in messages.
     */
    public record BudgetUse(BudgetKind kind, BigDecimal allocated, BigDecimal consumed, BigDecimal committed,
            String currency, int budgets) {

        public BigDecimal remaining() {
            return allocated.subtract(consumed).subtract(committed);
        }

        /** (consumed + committed) / allocated × 100, rounded; 0 when nothing is allocated. */
        public int usedPercent() {
            if (allocated.signum() == 0) {
                return consumed.add(committed).signum() > 0 ? 100 : 0;
            }
            return consumed.add(committed).multiply(BigDecimal.valueOf(100))
                    .divide(allocated, 0, RoundingMode.HALF_UP).intValue();
        }

        public int consumedPercent() {
            if (allocated.signum() == 0) {
                return 0;
            }
            return consumed.multiply(BigDecimal.valueOf(100)).divide(allocated, 0, RoundingMode.HALF_UP).intValue();
        }

        public boolean exceeded() {
            return remaining().signum() < 0;
        }
    }

    /**
     * A territory's budgets for the period of {@code kind} holding a day: money budgets and quotas apart (either may
     * be null when none of its branches has one), and how many of its active branches have a budget at all.
     */
    public record TerritoryBudget(UUID territoryId, String territoryName, PeriodKind kind, LocalDate periodStart,
            LocalDate periodEnd, BudgetUse amount, BudgetUse quota, int branchesWithBudget, int activeBranches) {

        public boolean empty() {
            return amount == null && quota == null;
        }
    }

    /** One branch's budget for one period with its use. */
    public record BranchBudget(UUID id, UUID branchId, String branchCode, String branchName, PeriodKind periodKind,
            LocalDate periodStart, LocalDate periodEnd, BudgetKind kind, BigDecimal amount, BigDecimal emailUnitCost,
            BigDecimal smsUnitCost, Integer quota, BudgetUse use, long version) {
    }

    /**
     * What the dashboards show for one territory on a day: its objectives running that day, and its budgets of the
     * periods holding that day (one entry per period kind some branch of it has a budget for; month first).
     */
    public record TerritorySteering(UUID territoryId, List<ObjectiveProgress> objectives,
            List<TerritoryBudget> budgets) {

        /** The first budget (the month's when there is one), or null. */
        public TerritoryBudget mainBudget() {
            return budgets.isEmpty() ? null : budgets.get(0);
        }
    }

    static int elapsed(LocalDate start, LocalDate end, LocalDate day) {
        if (day.isBefore(start)) {
            return 0;
        }
        if (day.isAfter(end)) {
            return 100;
        }
        long total = ChronoUnit.DAYS.between(start, end) + 1;
        long done = ChronoUnit.DAYS.between(start, day) + 1;
        return (int) Math.round(done * 100.0 / total);
    }
}
