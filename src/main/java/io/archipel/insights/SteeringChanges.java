package io.archipel.insights;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import io.archipel.insights.steering.BudgetService;
import io.archipel.insights.steering.ObjectiveService;
import org.springframework.stereotype.Service;

/**
 * Changes to steering for other modules (the demo seeder): objectives, budgets and the over-budget policy, with the
 * same checks as the pages (HQ admins, or trusted system code without a signed-in user).
 */
@Service
public class SteeringChanges {

    private final ObjectiveService objectives;
    private final BudgetService budgets;

    SteeringChanges(ObjectiveService objectives, BudgetService budgets) {
        this.objectives = objectives;
        this.budgets = budgets;
    }

    public UUID createObjective(UUID territoryId, Steering.Metric metric, BigDecimal target, LocalDate periodStart,
            LocalDate periodEnd, UUID sponsorId, String note) {
        return objectives.create(new ObjectiveService.ObjectiveForm(territoryId, metric, target, periodStart,
                periodEnd, sponsorId, note));
    }

    /** Sets the branch's budget for the period of {@code periodKind} holding {@code day}; returns its id. */
    public UUID setBudget(UUID branchId, Steering.PeriodKind periodKind, LocalDate day, Steering.BudgetKind kind,
            BigDecimal amount, BigDecimal emailUnitCost, BigDecimal smsUnitCost, Integer quota) {
        budgets.set(new BudgetService.BudgetForm(branchId, null, periodKind, day, kind, amount, emailUnitCost,
                smsUnitCost, quota));
        return budgets.idOf(branchId, periodKind, day);
    }

    public void setPolicy(Steering.OverBudgetPolicy policy) {
        budgets.savePolicy(policy);
    }

    /** Whether the tenant has any objective yet (archived or not). */
    public boolean anyObjective() {
        return objectives.any();
    }
}
