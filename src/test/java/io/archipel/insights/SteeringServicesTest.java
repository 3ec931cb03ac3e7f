package io.archipel.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.insights.Steering.Metric;
import io.archipel.insights.Steering.Status;
import io.archipel.insights.steering.BudgetService;
import io.archipel.insights.steering.ObjectiveService;
import io.archipel.insights.steering.SteeringStore.ObjectiveRow;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/** Objectives (status rule, actuals, scope, who may change them) and budgets summed per territory. */
@ArchipelTest
class SteeringServicesTest {

    @Autowired
    Personas personas;
    @Autowired
    SteeringQueries queries;
    @Autowired
    ObjectiveService objectives;
    @Autowired
    BudgetService budgets;
    @Autowired
    TerritoryService territories;
    @Autowired
    BranchService branches;
    @Autowired
    ContactService contacts;

    UUID paca;
    UUID ara;
    UUID sponsor;
    UUID lyon;

    @BeforeEach
    void setUp() {
        paca = territory("PACA");
        ara = territory("ARA");
        lyon = personas.callAs(Personas.HQ_ADMIN, () -> branches.visibleBranches().stream()
                .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id());
        sponsor = personas.callAs(Personas.HQ_ADMIN, () -> objectives.sponsors().stream()
                .filter(s -> s.email().equals(Personas.EXECUTIVE)).findFirst().orElseThrow().id());
    }

    private UUID territory(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> territories.visibleTree().stream()
                .filter(t -> code.equals(t.code())).findFirst().orElseThrow().id());
    }

    private static ObjectiveRow row(Metric metric, String target, LocalDate start, LocalDate end) {
        return new ObjectiveRow(UUID.randomUUID(), UUID.randomUUID(), metric, new BigDecimal(target), start, end, null,
                null, null, 0);
    }

    @Test
    void theStatusRuleFollowsALinearPaceForCumulativeFiguresAndTheTargetForRates() {
        LocalDate start = LocalDate.of(2026, 1, 1);
        LocalDate end = LocalDate.of(2026, 1, 10);
        LocalDate middle = LocalDate.of(2026, 1, 5); // 50 % of the period elapsed
        ObjectiveRow campaigns = row(Metric.CAMPAIGNS_SENT, "100", start, end);

        Steering.ObjectiveProgress behind = SteeringQueries.evaluate(campaigns, new BigDecimal("40"), null, null,
                middle);
        assertThat(behind.status()).isEqualTo(Status.AT_RISK);
        assertThat(behind.expected()).isEqualByComparingTo("50");
        assertThat(behind.variance()).isEqualByComparingTo("-60");
        assertThat(behind.paceVariance()).isEqualByComparingTo("-10");
        assertThat(behind.progressPercent()).isEqualTo(40);

        assertThat(SteeringQueries.evaluate(campaigns, new BigDecimal("55"), null, null, middle).status())
                .isEqualTo(Status.ON_TRACK);
        assertThat(SteeringQueries.evaluate(campaigns, new BigDecimal("100"), null, null, middle).status())
                .isEqualTo(Status.ACHIEVED);
        assertThat(SteeringQueries.evaluate(campaigns, new BigDecimal("99"), null, null, end.plusDays(1)).status())
                .isEqualTo(Status.MISSED);
        assertThat(SteeringQueries.evaluate(campaigns, BigDecimal.ZERO, null, null, start.minusDays(1)).status())
                .isEqualTo(Status.UPCOMING);

        ObjectiveRow openRate = row(Metric.OPEN_RATE, "30", start, end);
        assertThat(SteeringQueries.evaluate(openRate, new BigDecimal("27"), null, null, middle).status())
                .isEqualTo(Status.ON_TRACK);
        assertThat(SteeringQueries.evaluate(openRate, new BigDecimal("26.9"), null, null, middle).status())
                .isEqualTo(Status.AT_RISK);
    }

    @Test
    void anObjectiveIsMeasuredOnTheBranchesOfItsTerritory() {
        LocalDate today = SteeringQueries.today();
        UUID id = personas.callAs(Personas.HQ_ADMIN, () -> objectives.create(new ObjectiveService.ObjectiveForm(ara,
                Metric.CONTACT_GROWTH, new BigDecimal("1"), today.minusDays(3), today.plusDays(3), sponsor,
                "one more contact")));
        personas.runAs(Personas.BRANCH_MANAGER, () -> contacts.create(lyon, new Contacts.ContactData(
                "steer" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", null, "Ana", "Steer", null,
                null, null, null, null, null, List.of())));

        Steering.ObjectiveProgress p = personas.callAs(Personas.EXECUTIVE, () -> queries.objective(id, today));
        assertThat(p.actual()).isGreaterThanOrEqualTo(BigDecimal.ONE);
        assertThat(p.status()).isEqualTo(Status.ACHIEVED);
        assertThat(p.sponsorName()).isNotBlank();
        assertThat(p.territoryName()).isEqualTo("Auvergne-Rhône-Alpes");
        assertThat(personas.callAs(Personas.EXECUTIVE, () -> queries.territory(ara, today)).objectives())
                .extracting(Steering.ObjectiveProgress::id).contains(id);
    }

    @Test
    void aRegionalDirectorSeesOnlyTheObjectivesOfTheirRegionAndExecutivesOnlyRead() {
        LocalDate today = SteeringQueries.today();
        UUID araObjective = personas.callAs(Personas.HQ_ADMIN, () -> objectives.create(
                new ObjectiveService.ObjectiveForm(ara, Metric.CAMPAIGNS_SENT, new BigDecimal("12"), today,
                        today.plusMonths(1), sponsor, null)));

        assertThatThrownBy(() -> personas.callAs(Personas.REGIONAL_EXECUTIVE, () -> queries.objective(araObjective,
                today))).isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(Personas.REGIONAL_EXECUTIVE, () -> queries.territory(ara, today)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThat(personas.callAs(Personas.REGIONAL_EXECUTIVE, () -> queries.visibleObjectives(false, today)))
                .extracting(Steering.ObjectiveProgress::id).doesNotContain(araObjective);
        assertThat(personas.callAs(Personas.EXECUTIVE, () -> queries.visibleObjectives(false, today)))
                .extracting(Steering.ObjectiveProgress::id).contains(araObjective);

        assertThatThrownBy(() -> personas.callAs(Personas.EXECUTIVE, () -> objectives.create(
                new ObjectiveService.ObjectiveForm(paca, Metric.CAMPAIGNS_SENT, BigDecimal.TEN, today, today, sponsor,
                        null)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> personas.runAs(Personas.EXECUTIVE, () -> objectives.archive(araObjective, true)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void invalidObjectivesAreRefusedFieldByField() {
        LocalDate today = SteeringQueries.today();
        assertThatThrownBy(() -> personas.callAs(Personas.HQ_ADMIN, () -> objectives.create(
                new ObjectiveService.ObjectiveForm(ara, Metric.OPEN_RATE, new BigDecimal("140"), today,
                        today.minusDays(1), null, null))))
                .isInstanceOfSatisfying(ObjectiveService.InvalidObjectiveException.class, e -> assertThat(
                        e.problems()).containsEntry("target", "steering.objective.target.percent")
                        .containsEntry("periodEnd", "steering.objective.period.order")
                        .containsEntry("sponsorId", "validation.required"));
    }

    @Test
    void budgetsSetForATerritoryGoToEveryActiveBranchAndAddUpPerTerritory() {
        LocalDate day = LocalDate.now().plusYears(50 + (int) (Math.random() * 40)).withDayOfMonth(10);
        int set = personas.callAs(Personas.HQ_ADMIN, () -> budgets.set(new BudgetService.BudgetForm(null, paca,
                Steering.PeriodKind.MONTH, day, Steering.BudgetKind.AMOUNT, new BigDecimal("150"),
                new BigDecimal("0.01"), new BigDecimal("0.08"), null)));
        assertThat(set).isPositive();

        Steering.TerritoryBudget budget = personas.callAs(Personas.REGIONAL_EXECUTIVE,
                () -> queries.budget(paca, Steering.PeriodKind.MONTH, day));
        assertThat(budget.amount().allocated()).isEqualByComparingTo(new BigDecimal(150L * set));
        assertThat(budget.amount().remaining()).isEqualByComparingTo(new BigDecimal(150L * set));
        assertThat(budget.quota()).isNull();
        assertThat(budget.branchesWithBudget()).isEqualTo(set);
        assertThat(budget.periodStart()).isEqualTo(day.withDayOfMonth(1));

        assertThatThrownBy(() -> personas.callAs(Personas.REGIONAL_EXECUTIVE,
                () -> queries.budget(ara, Steering.PeriodKind.MONTH, day)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(Personas.EXECUTIVE, () -> budgets.set(new BudgetService.BudgetForm(
                null, paca, Steering.PeriodKind.MONTH, day, Steering.BudgetKind.QUOTA, null, null, null, 10))))
                .isInstanceOf(AccessDeniedException.class);
    }
}
