package io.archipel.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.archipel.identity.UserAccountService;
import io.archipel.insights.Steering;
import io.archipel.insights.SteeringChanges;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Demo steering of "Maison Lumière", once (when the network has no objective yet): objectives for the quarter with
 * the executives as sponsors (network adoption, campaigns in Auvergne-Rhône-Alpes, open rate and new contacts in
 * Provence-Alpes-Côte d'Azur, and last quarter's campaigns), monthly send budgets for every active branch (this month
 * and the previous one; Nice on a quota of messages), and the over-budget policy "ask HQ". Budgets are generous, so
 * that ordinary campaigns stay within them. {@code archipel.demo-data.steering.enabled=false} leaves it out.
 */
@Component
@Order(30)
class DemoSteeringSeeder implements ApplicationRunner {

    private static final Log log = LogFactory.getLog(DemoSteeringSeeder.class);

    private final Environment env;
    private final TenantService tenants;
    private final TerritoryService territories;
    private final BranchService branches;
    private final UserAccountService users;
    private final SteeringChanges steering;

    DemoSteeringSeeder(Environment env, TenantService tenants, TerritoryService territories, BranchService branches,
            UserAccountService users, SteeringChanges steering) {
        this.env = env;
        this.tenants = tenants;
        this.territories = territories;
        this.branches = branches;
        this.users = users;
        this.steering = steering;
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoSeeding.inDemoNetwork(env, tenants, log, "steering", this::seedOnce, "steering");
    }

    private void seedOnce() {
        if (steering.anyObjective()) {
            return;
        }
        UUID france = DemoSeeding.territory(territories, "FR");
        UUID ara = DemoSeeding.territory(territories, "ARA");
        UUID paca = DemoSeeding.territory(territories, "PACA");
        UUID direction = user("direction@maison-lumiere.example");
        UUID sud = user("direction.sud@maison-lumiere.example");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate quarter = Steering.PeriodKind.QUARTER.start(today);
        LocalDate quarterEnd = Steering.PeriodKind.QUARTER.end(quarter);
        LocalDate month = today.withDayOfMonth(1);

        if (france != null) {
            steering.createObjective(france, Steering.Metric.ADOPTION, new BigDecimal("80"), quarter, quarterEnd,
                    direction, "Quatre agences sur cinq envoient au moins une campagne ce trimestre.");
        }
        if (ara != null) {
            steering.createObjective(ara, Steering.Metric.CAMPAIGNS_SENT, new BigDecimal("24"), quarter, quarterEnd,
                    direction, null);
            LocalDate previous = quarter.minusMonths(3);
            steering.createObjective(ara, Steering.Metric.CAMPAIGNS_SENT, new BigDecimal("12"), previous,
                    quarter.minusDays(1), direction, null);
        }
        if (paca != null) {
            steering.createObjective(paca, Steering.Metric.OPEN_RATE, new BigDecimal("35"), quarter, quarterEnd,
                    sud != null ? sud : direction, null);
            steering.createObjective(paca, Steering.Metric.CONTACT_GROWTH, new BigDecimal("150"), month,
                    Steering.PeriodKind.MONTH.end(month), sud != null ? sud : direction,
                    "Collecte en magasin : carte de fidélité et jeu-concours.");
        }
        for (BranchService.BranchView b : branches.visibleBranches()) {
            if (!b.active()) {
                continue;
            }
            for (LocalDate m : new LocalDate[] { month.minusMonths(1), month }) {
                if ("NCE-01".equals(b.code())) {
                    steering.setBudget(b.id(), Steering.PeriodKind.MONTH, m, Steering.BudgetKind.QUOTA, null, null,
                            null, 5000);
                } else {
                    steering.setBudget(b.id(), Steering.PeriodKind.MONTH, m, Steering.BudgetKind.AMOUNT,
                            new BigDecimal("250.00"), new BigDecimal("0.012"), new BigDecimal("0.075"), null);
                }
            }
        }
        steering.setPolicy(Steering.OverBudgetPolicy.ASK_HQ);
        log.info("Demo steering seeded: objectives, monthly budgets and the over-budget policy");
    }

    private UUID user(String email) {
        return users.all().stream().filter(u -> u.email().equalsIgnoreCase(email)).findFirst()
                .map(UserAccountService.UserView::id).orElse(null);
    }
}
