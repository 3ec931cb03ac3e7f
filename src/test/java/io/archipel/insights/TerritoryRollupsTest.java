package io.archipel.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.insights.Insights.BranchFigures;
import io.archipel.insights.Insights.ContactFigures;
import io.archipel.insights.Insights.Drilldown;
import io.archipel.insights.Insights.Figures;
import io.archipel.insights.Insights.Filter;
import io.archipel.insights.Insights.TerritoryFigures;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchData;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The territory-level rollups (V29) against the branch-level ones they are kept from: every territory's sums, branch
 * counts and contact bases equal those of the branches of its subtree; the dashboards read the same figures through
 * them as branch by branch; a branch moved to another region takes its figures along.
 */
@ArchipelTest
class TerritoryRollupsTest {

    @Autowired
    InsightsFixture fixture;
    @Autowired
    InsightsQueries insights;
    @Autowired
    Personas personas;
    @Autowired
    BranchService branches;
    @Autowired
    TenantService tenants;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    LocalDate day;
    /** From the test's own day to a year ahead: no branch sent after it, so the territory rollups answer it. */
    Filter upToNextYear;

    @BeforeEach
    void setUp() {
        day = InsightsFixture.randomDay();
        upToNextYear = new Filter(day, LocalDate.now(ZoneId.of("Europe/Paris")).plusYears(1), null, null, null);
    }

    @Test
    void everyTerritorysRollupEqualsTheSumOfItsBranches() {
        fixture.sent("LYO-01", "Territory sums A", day, null, 40, 2, 12, 5, 1, 1);
        fixture.sent("NCE-01", "Territory sums B", day.plusDays(2), fixture.kit("Kit " + UUID.randomUUID()), 30, 0, 9,
                3, 0, 2);
        String sums = "sum(campaigns)::bigint as campaigns, sum(recipients)::bigint as recipients, "
                + "sum(sent)::bigint as sent, sum(opens)::bigint as opens, sum(unique_opens)::bigint as unique_opens, "
                + "sum(human_unique_opens)::bigint as human, sum(clicks)::bigint as clicks, "
                + "sum(unsubscribes)::bigint as unsubscribes, sum(bounces)::bigint as bounces";
        String fromBranches = """
                select t.id as territory_id, r.dim, r.dim_id, %s
                  from territory t
                  join (select c.branch_id, x.dim, x.dim_id, 1 as campaigns, c.recipients, c.sent, c.opens,
                               c.unique_opens, c.human_unique_opens, c.clicks, c.unsubscribes, c.bounces
                          from insights_campaign_rollup c
                         cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid),
                                                    ('T', c.template_id), ('K', c.kit_id)) x(dim, dim_id)
                         where x.dim_id is not null) r
                    on r.branch_id in (select b.id from branch b join territory bt on bt.id = b.territory_id
                                        where bt.path like t.path || '%%')
                 group by 1, 2, 3 order by 1, 2, 3
                """.formatted(sums);
        String fromTerritories = "select territory_id, dim, dim_id, " + sums + " from insights_territory_day"
                + " group by 1, 2, 3 having sum(campaigns) <> 0 order by 1, 2, 3";
        List<Map<String, Object>>[] read = new List[6];
        asTenant(() -> {
            read[0] = jdbc.queryForList(fromBranches);
            read[1] = jdbc.queryForList(fromTerritories);
            read[2] = jdbc.queryForList("""
                    select t.id, count(b.id) filter (where b.active) as active, count(b.id) as branches
                      from territory t join branch b on b.territory_id in (select s.id from territory s
                                                                            where s.path like t.path || '%')
                     group by 1 order by 1""");
            read[4] = jdbc.queryForList("select territory_id, dim, dim_id, channel, date_trunc('month', day)::date"
                    + " as month, " + sums + " from insights_territory_day group by 1, 2, 3, 4, 5"
                    + " having sum(campaigns) <> 0 order by 1, 2, 3, 4, 5");
            read[5] = jdbc.queryForList("select territory_id, dim, dim_id, channel, month, " + sums
                    + " from insights_territory_month group by 1, 2, 3, 4, 5 having sum(campaigns) <> 0"
                    + " order by 1, 2, 3, 4, 5");
            read[3] = jdbc.queryForList("select territory_id as id, active_branches::bigint as active,"
                    + " branches::bigint as branches from insights_territory_branches where branches <> 0 order by 1");
        });
        assertThat(read[0]).isNotEmpty();
        assertThat(read[1]).as("sums per territory, for all campaigns, per template and per kit").isEqualTo(read[0]);
        assertThat(read[3]).as("branches per territory").isEqualTo(read[2]);
        assertThat(read[5]).as("months = their days").isEqualTo(read[4]);
    }

    @Test
    void theDashboardReadsTheSameFiguresFromTerritoriesAsBranchByBranch() {
        fixture.sent("LYO-01", "Same figures A", day, null, 50, 1, 20, 6, 1, 0);
        fixture.sent("NCE-01", "Same figures B", day.plusDays(1), null, 25, 0, 7, 2, 0, 1);
        personas.runAs(Personas.HQ_ADMIN, () -> {
            for (Filter f : List.of(upToNextYear, upToNextYear.withChannel(Insights.Channel.EMAIL),
                    upToNextYear.withTemplate(templateId()))) {
                // the league is always computed branch by branch
                TerritoryFigures network = insights.territoryFigures(null, f);
                assertSameAsBranches(network, insights.league(null, f));
                Drilldown root = insights.children(null, f);
                assertThat(root.territories()).isNotEmpty();
                for (TerritoryFigures child : root.territories()) {
                    assertSameAsBranches(child, insights.league(child.territoryId(), f));
                    assertSameAsBranches(insights.territoryFigures(child.territoryId(), f),
                            insights.league(child.territoryId(), f));
                }
            }
        });
    }

    @Test
    void aBranchMovedToAnotherRegionTakesItsFiguresAlong() {
        UUID ara = fixture.territory("Auvergne-Rhône-Alpes");
        UUID paca = fixture.territory("Provence-Alpes-Côte d'Azur");
        String code = "MOV-" + UUID.randomUUID().toString().substring(0, 6);
        UUID branch = personas.callAs(Personas.HQ_ADMIN, () -> branches.create(data(code, ara)));
        fixture.sent(code, "Moving campaign", day, null, 60, 0, 30, 10, 0, 0);
        Filter f = upToNextYear;
        // its contact base on the day the period's end reads (the tenant's latest snapshot day up to then)
        asTenant(() -> jdbc.update("""
                insert into insights_contact_day (tenant_id, day, branch_id, contacts, email_consented, sms_consented)
                select archipel_current_tenant(), coalesce(max(day), current_date), ?, 77, 50, 20
                  from insights_contact_day where day <= ?""", branch, f.to()));
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contactsAtEnd(insights.league(ara, f), branch)))
                .isEqualTo(77);
        long[] before = personas.callAs(Personas.HQ_ADMIN, () -> new long[] {
                insights.territoryFigures(ara, f).figures().sent(), insights.territoryFigures(paca, f).figures().sent(),
                insights.territoryFigures(null, f).figures().sent()});
        personas.runAs(Personas.HQ_ADMIN, () -> branches.update(branch, branches.get(branch).version(),
                data(code, paca)));
        personas.runAs(Personas.HQ_ADMIN, () -> {
            assertThat(insights.territoryFigures(ara, f).figures().sent()).isEqualTo(before[0] - 60);
            assertThat(insights.territoryFigures(paca, f).figures().sent()).isEqualTo(before[1] + 60);
            assertThat(insights.territoryFigures(null, f).figures().sent()).isEqualTo(before[2]);
            assertSameAsBranches(insights.territoryFigures(paca, f), insights.league(paca, f));
            assertSameAsBranches(insights.territoryFigures(ara, f), insights.league(ara, f));
            // its contact snapshots moved with it: the new region's league reads them, the old one's no longer
            assertThat(contactsAtEnd(insights.league(paca, f), branch)).isEqualTo(77);
            assertThat(insights.league(ara, f)).noneMatch(b -> b.branchId().equals(branch));
        });
    }

    private static long contactsAtEnd(List<BranchFigures> league, UUID branch) {
        return league.stream().filter(b -> b.branchId().equals(branch)).findFirst().orElseThrow().contacts()
                .contactsAtEnd();
    }

    @Test
    void aPeriodEndingWithinAMonthCountsOnlyItsDays() {
        UUID ara = fixture.territory("Auvergne-Rhône-Alpes");
        String code = "MID-" + UUID.randomUUID().toString().substring(0, 6);
        UUID branch = personas.callAs(Personas.HQ_ADMIN, () -> branches.create(data(code, ara)));
        LocalDate month = day.withDayOfMonth(1);
        fixture.sent(code, "Whole previous month", month.minusMonths(1).plusDays(5), null, 10, 0, 4, 1, 0, 0);
        fixture.sent(code, "Early in the month", month.plusDays(2), null, 20, 0, 8, 2, 0, 0);
        fixture.sent(code, "Late in the month", month.plusDays(20), null, 40, 0, 16, 4, 0, 0);
        LocalDate from = month.minusMonths(1);
        personas.runAs(Personas.HQ_ADMIN, () -> {
            // ends before the late campaign: that month is read campaign by campaign
            Filter beforeLate = new Filter(from, month.plusDays(10), null, null, null);
            assertThat(insights.branchFigures(branch, beforeLate).figures().sent()).isEqualTo(30);
            assertThat(insights.branchFigures(branch, beforeLate).figures().campaigns()).isEqualTo(2);
            // ends after it, before the month's end: the month's rows answer
            Filter afterLate = new Filter(from, month.plusDays(25), null, null, null);
            assertThat(insights.branchFigures(branch, afterLate).figures().sent()).isEqualTo(70);
            assertThat(insights.branchFigures(branch, afterLate).figures().campaigns()).isEqualTo(3);
            for (Filter f : List.of(beforeLate, afterLate)) {
                assertSameAsBranches(insights.territoryFigures(ara, f), insights.league(ara, f));
                assertThat(insights.territoryTrend(ara, Insights.Bucket.MONTH, f).stream()
                        .mapToLong(p -> p.figures().sent()).sum())
                        .isEqualTo(insights.territoryFigures(ara, f).figures().sent());
            }
        });
    }

    private static void assertSameAsBranches(TerritoryFigures territory, List<BranchFigures> league) {
        Figures sum = Figures.NONE;
        ContactFigures contacts = ContactFigures.NONE;
        for (BranchFigures b : league) {
            sum = sum.plus(b.figures());
            contacts = contacts.plus(b.contacts());
        }
        assertThat(territory.figures()).as(territory.name()).isEqualTo(sum);
        assertThat(territory.contacts()).as(territory.name() + " contacts").isEqualTo(contacts);
        assertThat(territory.activeBranches()).as(territory.name() + " active branches")
                .isEqualTo((int) league.stream().filter(BranchFigures::active).count());
        assertThat(territory.sendingBranches()).as(territory.name() + " sending branches")
                .isEqualTo((int) league.stream().filter(b -> b.active() && b.figures().campaigns() > 0).count());
    }

    private UUID templateId() {
        UUID[] id = new UUID[1];
        asTenant(() -> id[0] = jdbc.queryForObject("select id from template where name = ? and channel = 'EMAIL'",
                UUID.class, InsightsFixture.TEMPLATE));
        return id[0];
    }

    private static BranchData data(String code, UUID territory) {
        return new BranchData(code, "Moving branch " + code, territory, "1 rue du Moulin", null, "69001", "Lyon", "FR",
                null, null, null, "Europe/Paris", "Moving branch");
    }

    private void asTenant(Runnable work) {
        TenantContext.runAsSystem(fixture.tenant(), () -> new TransactionTemplate(transactions)
                .executeWithoutResult(s -> work.run()));
    }
}
