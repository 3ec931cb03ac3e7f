package io.archipel.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

import io.archipel.campaign.CampaignService;
import io.archipel.delivery.tracking.TrackingFixture;
import io.archipel.insights.Insights.BranchFigures;
import io.archipel.insights.Insights.Filter;
import io.archipel.insights.Insights.PeerComparison;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchData;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who sees what through {@link InsightsQueries} and {@code /portal/results}: a branch manager only their branch and
 * anonymous medians (hidden below three branches), a regional executive only their region, nobody another tenant's
 * ids (404), and ids of the tenant outside the scope are 403.
 */
@ArchipelTest
class InsightsScopeTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    InsightsQueries insights;
    @Autowired
    Personas personas;
    @Autowired
    TenantService tenants;
    @Autowired
    TerritoryService territories;
    @Autowired
    BranchService branches;
    @Autowired
    CampaignService campaigns;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    TrackingFixture fixture;
    UUID tenant;
    UUID lyon;
    UUID nice;
    Filter today;

    @BeforeEach
    void setUp() {
        fixture = TrackingFixture.of(context);
        tenant = fixture.demoTenant();
        lyon = fixture.branch(tenant, "LYO-01");
        nice = fixture.branch(tenant, "NCE-01");
        today = Filter.lastDays(1, LocalDate.now(ZoneId.of("Europe/Paris")));
    }

    @Test
    void aBranchManagerSeesOnlyTheirBranch() {
        personas.runAs(Personas.BRANCH_MANAGER, () -> {
            assertThat(insights.branchFigures(lyon, today).code()).isEqualTo("LYO-01");
            Insights.Drilldown mine = insights.children(null, today);
            assertThat(mine.territories()).isEmpty();
            assertThat(mine.branches()).extracting(BranchFigures::code).containsExactly("LYO-01");
            assertThat(insights.league(null, today)).extracting(BranchFigures::code).containsExactly("LYO-01");
            UUID lyonTerritory = insights.branchFigures(lyon, today).territoryId();
            assertThatThrownBy(() -> insights.branchFigures(nice, today))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            assertThatThrownBy(() -> insights.branchCampaigns(nice, today))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            assertThatThrownBy(() -> insights.peers(nice, today)).isInstanceOf(AccessDeniedInScopeException.class);
            assertThatThrownBy(() -> insights.territoryFigures(lyonTerritory, today))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            assertThatThrownBy(() -> insights.league(lyonTerritory, today))
                    .isInstanceOf(AccessDeniedInScopeException.class);
        });
    }

    @Test
    void aRegionalExecutiveSeesOnlyTheirRegion() {
        personas.runAs(Personas.REGIONAL_EXECUTIVE, () -> {
            Insights.Drilldown region = insights.children(null, today);
            assertThat(region.self().kind()).isEqualTo(TerritoryKind.REGION);
            // other tests may add branches to the region; none from another region may appear
            assertThat(insights.league(null, today)).extracting(BranchFigures::code)
                    .contains("MAR-01", "AIX-01", "NCE-01").doesNotContain("LYO-01", "LYO-02", "GRE-01", "PAR-01");
            assertThat(insights.branchFigures(nice, today).code()).isEqualTo("NCE-01");
            assertThatThrownBy(() -> insights.branchFigures(lyon, today))
                    .isInstanceOf(AccessDeniedInScopeException.class);
        });
        UUID lyonTerritory = personas.callAs(Personas.EXECUTIVE, () -> insights.branchFigures(lyon, today)
                .territoryId());
        personas.runAs(Personas.REGIONAL_EXECUTIVE, () -> assertThatThrownBy(
                () -> insights.territoryFigures(lyonTerritory, today))
                .isInstanceOf(AccessDeniedInScopeException.class));
        // the executive of the whole network sees every branch
        assertThat(personas.callAs(Personas.EXECUTIVE, () -> insights.league(null, today)))
                .extracting(BranchFigures::code).contains("LYO-01", "NCE-01", "PAR-01", "MAR-01");
    }

    @Test
    void anotherTenantsIdsAreNotFound() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID other = tenants.create("insights-other-" + tag, "Other network " + tag, "en");
        UUID[] ids = new UUID[2];
        TenantContext.runAsSystem(other, () -> {
            ids[0] = territories.create(null, TerritoryKind.REGION, null, "Other region " + tag);
            ids[1] = branches.create(new BranchData("OTH-" + tag, "Other branch " + tag, ids[0], "1 rue X", null,
                    "75001", "Paris", "FR", null, null, null, "Europe/Paris", "Other"));
        });
        personas.runAs(Personas.HQ_ADMIN, () -> {
            assertThatThrownBy(() -> insights.branchFigures(ids[1], today)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> insights.peers(ids[1], today)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> insights.territoryFigures(ids[0], today)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> insights.children(ids[0], today)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> insights.byTemplate(ids[0], today)).isInstanceOf(NotFoundException.class);
        });
        mvc.perform(get("/portal/results").param("branchId", ids[1].toString())
                .with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isNotFound());
        mvc.perform(get("/portal/results").param("branchId", nice.toString())
                .with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
    }

    @Test
    void mediansNeedThreeBranchesAndNameNone() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID[] b = new UUID[3];
        UUID[] region = new UUID[1];
        personas.runAs(Personas.HQ_ADMIN, () -> {
            UUID root = insights.children(null, today).territories().get(0).territoryId();
            region[0] = territories.create(root, TerritoryKind.REGION, null, "Median region " + tag);
            for (int i = 0; i < 2; i++) {
                b[i] = branch(region[0], i, tag);
            }
        });
        send(b[0], 100, 20);
        send(b[1], 100, 40);
        PeerComparison two = personas.callAs(Personas.HQ_ADMIN, () -> insights.peers(b[0], today));
        assertThat(two.regionName()).isEqualTo("Median region " + tag);
        assertThat(two.region().branches()).isEqualTo(2);
        assertThat(two.region().openRate()).isNull();
        assertThat(two.region().campaigns()).isNull();
        assertThat(two.branch().figures().openRate()).isEqualTo(0.20);

        // a third branch: the medians appear (and still name nobody)
        personas.runAs(Personas.HQ_ADMIN, () -> b[2] = branch(region[0], 2, tag));
        send(b[2], 100, 30);
        PeerComparison three = personas.callAs(Personas.HQ_ADMIN, () -> insights.peers(b[0], today));
        assertThat(three.region().branches()).isEqualTo(3);
        assertThat(three.region().openRate()).isEqualTo(0.30);
        assertThat(three.region().campaigns()).isEqualTo(1.0);
        assertThat(three.network().branches()).isGreaterThanOrEqualTo(15);
        assertThat(three.network().campaigns()).isNotNull();
    }

    @Test
    void theBranchPortalShowsItsCampaignsAndAnonymousPeers() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(4, false);
        String name = personas.callAs(Personas.BRANCH_MANAGER, () -> insights.branchCampaigns(lyon, today)).stream()
                .filter(c -> c.campaignId().equals(sent.campaignId())).findFirst().orElseThrow().name();
        String html = mvc.perform(get("/portal/results").with(personas.as(Personas.BRANCH_MANAGER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("My branch against the others", "Network median", "My campaigns")
                .contains(name.replace("'", "&#39;"))
                .contains("/portal/campaigns/" + sent.campaignId())
                .doesNotContain("Nice Jean Médecin", "Lyon Presqu", "Villeurbanne Gratte-Ciel", "Median branch");
        // the trend: the dashboards' chart (named and described for screen readers) and their table fragment
        assertThat(html).contains("<div class=\"insights-chart mb-2\" id=\"trend-chart\"><svg", "role=\"img\"",
                "<title>Week by week</title><desc>Messages delivered (bars", "id=\"trend-table\"",
                ">Messages delivered</text>", ">Click rate</text>");
        String fr = mvc.perform(get("/portal/results").param("period", "12m").locale(Locale.FRENCH)
                .header("Accept-Language", "fr").with(personas.as(Personas.BRANCH_MANAGER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fr).contains("Résultats", "Mon point de vente face aux autres", "12 derniers mois");
    }

    private UUID branch(UUID territoryId, int i, String tag) {
        return branches.create(new BranchData("MED" + i + "-" + tag, "Median branch " + i + " " + tag, territoryId,
                "1 rue Y", null, "69001", "Lyon", "FR", null, null, null, "Europe/Paris", "Median"));
    }

    /** A sent campaign of {@code branchId} today: {@code sent} recipients, {@code openers} of whom opened. */
    private void send(UUID branchId, int sent, int openers) {
        TenantContext.runAsSystem(tenant, () -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
            UUID campaign = UUID.randomUUID();
            jdbc.update("""
                    insert into campaign (tenant_id, id, branch_id, template_id, template_version_id, channel, name,
                                          status, created_by, updated_by)
                    select v.tenant_id, ?, ?, v.template_id, v.id, t.channel, 'Median test', 'SENT', 'test', 'test'
                      from template_version v join template t on t.tenant_id = v.tenant_id and t.id = v.template_id
                     where t.channel = 'EMAIL' limit 1
                    """, campaign, branchId);
            jdbc.update("insert into campaign_send (tenant_id, campaign_id, branch_id, channel, recipient_count, "
                    + "sent_count) values (?, ?, ?, 'EMAIL', ?, ?)", tenant, campaign, branchId, sent, sent);
            jdbc.update("""
                    insert into campaign_recipient (tenant_id, campaign_id, contact_id, address, status, sent_at)
                    select ?, ?, gen_random_uuid(), 'median-' || g || '@example.com', 'SENT', now() - interval '1 hour'
                      from generate_series(1, ?) g
                    """, tenant, campaign, sent);
            jdbc.update("""
                    insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, first_of_kind)
                    select tenant_id, campaign_id, id, 'OPEN', true from campaign_recipient
                     where tenant_id = ? and campaign_id = ? order by id limit ?
                    """, tenant, campaign, openers);
        }));
    }
}
