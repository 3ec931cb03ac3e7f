package io.archipel.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.campaign.Gallery;
import io.archipel.campaign.GalleryService;
import io.archipel.insights.Steering;
import io.archipel.insights.steering.ObjectiveService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The {@code /insights} dashboards over campaigns written with known results on a day of the test's own: figures,
 * drill-down, scope per role, filters, htmx parts, exports (formula-safe CSV, SVG), performance and gallery results.
 */
@ArchipelTest
@Import(InsightsFixture.class)
class InsightsDashboardTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    InsightsFixture fx;
    @Autowired
    GalleryService gallery;
    @Autowired
    ObjectiveService objectives;

    LocalDate day;
    String tag;
    UUID lyon;
    UUID campaign;

    @BeforeEach
    void sendOneCampaign() {
        day = InsightsFixture.randomDay();
        tag = UUID.randomUUID().toString().substring(0, 8);
        lyon = fx.branch("LYO-01");
        // 400 targeted, 4 failed -> 396 sent, 6 bounced -> 390 delivered; 117 opened (30 %), 39 clicked (10 %)
        campaign = fx.sent("LYO-01", "Soldes " + tag, day, null, 400, 4, 117, 39, 3, 6);
    }

    private MockHttpServletRequestBuilder at(String url, Object... vars) {
        return get(url, vars).param("period", "custom").param("from", day.minusDays(3).toString())
                .param("to", day.plusDays(3).toString()).locale(Locale.ENGLISH);
    }

    private String page(MockHttpServletRequestBuilder request, String persona) throws Exception {
        return mvc.perform(request.with(personas.as(persona))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void executiveSeesTheNetworkFiguresOfThePeriodAndTheBranchRanked() throws Exception {
        String html = page(at("/insights"), Personas.EXECUTIVE);
        assertThat(html).contains("Network overview", "Campaigns sent", "Open rate", "League table",
                "Compare territories", "Messages sent and engagement over time", "<svg");
        // one campaign: 400 recipients, 390 delivered (98.5 %), open rate 117/390 = 30.0 %, click rate 10.0 %
        assertThat(html).containsPattern("1 of \\d+ branches sent a campaign")
                .contains("400", "390 delivered (98.5%)", "30.0%", "10.0%");
        assertThat(html).containsSubsequence("Maison Lumière Lyon Part-Dieu", "30.0%");
        // the regions side by side, ARA in the best quarter of campaigns
        assertThat(html).contains("Auvergne-Rhône-Alpes", "Île-de-France", "heat-4");
        // previous period of the same length had nothing
        assertThat(html).contains("Previous period: 0");
    }

    @Test
    void drillDownFromTheRegionToTheBranchAndItsCampaigns() throws Exception {
        UUID ara = fx.territory("Auvergne-Rhône-Alpes");
        String region = page(at("/insights/territories/{territoryId}", ara), Personas.EXECUTIVE);
        assertThat(region).contains("Auvergne-Rhône-Alpes", "Lyon Métropole", "Alpes", "breadcrumb",
                "/insights/branches/" + lyon).doesNotContain("Île-de-France");
        String branch = page(at("/insights/branches/{branchId}", lyon), Personas.EXECUTIVE);
        assertThat(branch).contains("Maison Lumière Lyon Part-Dieu", "LYO-01", "Soldes " + tag, "Lyon Métropole",
                "30.0%", "Campaigns sent in the period");
        // a median needs 3 measured branches of the territory: Lyon alone sent
        assertThat(branch).contains("Fewer than 3 branches");
    }

    @Test
    void theMediansOfRegionAndNetworkAppearOnceThreeBranchesSent() throws Exception {
        fx.sent("LYO-02", "B " + tag, day, null, 100, 0, 20, 5, 0, 0);
        fx.sent("VIL-01", "C " + tag, day, null, 100, 0, 40, 5, 0, 0);
        String branch = page(at("/insights/branches/{branchId}", lyon), Personas.EXECUTIVE);
        // open rates 30.0 %, 20.0 %, 40.0 % -> median 30.0 % in the region and the network; no branch is named
        assertThat(branch).contains("Median of Auvergne-Rhône-Alpes", "Median of the network")
                .doesNotContain("Fewer than 3 branches", "Maison Lumière Lyon Presqu");
        assertThat(branch).containsSubsequence("Open rate", "30.0%", "30.0%", "30.0%");
    }

    @Test
    void regionalDirectorSeesOnlyTheirRegion() throws Exception {
        UUID paca = fx.territory("Provence-Alpes-Côte d'Azur");
        UUID ara = fx.territory("Auvergne-Rhône-Alpes");
        fx.sent("NCE-01", "Nice " + tag, day, null, 200, 0, 50, 10, 0, 0);
        String html = page(at("/insights"), Personas.REGIONAL_EXECUTIVE);
        assertThat(html).contains("Maison Lumière Nice Jean Médecin", "200")
                .doesNotContain("Lyon", "Île-de-France", "Auvergne");
        assertThat(page(at("/insights/territories/{territoryId}", paca), Personas.REGIONAL_EXECUTIVE))
                .contains("Côte d&#39;Azur");
        for (String url : List.of("/insights/territories/{territoryId}", "/insights/territories/{territoryId}/league.csv",
                "/insights/territories/{territoryId}/trend.svg")) {
            mvc.perform(at(url, ara).with(personas.as(Personas.REGIONAL_EXECUTIVE))).andExpect(status().isForbidden());
        }
        for (String url : List.of("/insights/branches/{branchId}", "/insights/branches/{branchId}/campaigns.csv")) {
            mvc.perform(at(url, lyon).with(personas.as(Personas.REGIONAL_EXECUTIVE))).andExpect(status().isForbidden());
            mvc.perform(at(url, UUID.randomUUID()).with(personas.as(Personas.REGIONAL_EXECUTIVE)))
                    .andExpect(status().isNotFound());
        }
        // the performance page counts their region only
        String perf = page(at("/insights/performance").param("min", "1"), Personas.REGIONAL_EXECUTIVE);
        assertThat(perf).contains("Nice " + tag).doesNotContain("Soldes " + tag);
    }

    @Test
    void hqAdminSeesEverythingAndMarketersAndBranchManagersNothing() throws Exception {
        assertThat(page(at("/insights/performance").param("min", "1"), Personas.HQ_ADMIN))
                .contains("Soldes " + tag, "/hq/campaigns/" + campaign);
        for (String persona : List.of(Personas.HQ_MARKETER, Personas.BRANCH_MANAGER, Personas.VALIDATOR)) {
            for (String url : List.of("/insights", "/insights/performance", "/insights/league.csv",
                    "/insights/performance/best.csv")) {
                mvc.perform(at(url).with(personas.as(persona))).andExpect(status().isForbidden());
            }
            mvc.perform(at("/insights/branches/{branchId}", lyon).with(personas.as(persona)))
                    .andExpect(status().isForbidden());
        }
    }

    @Test
    void filtersNarrowTheFiguresAndStayInTheLinks() throws Exception {
        // an SMS-only view has no e-mail campaign
        String sms = page(at("/insights/branches/{branchId}", lyon).param("channel", "SMS"), Personas.EXECUTIVE);
        assertThat(sms).contains("No campaign was sent in this period.").doesNotContain("Soldes " + tag);
        // a kit filter keeps the kit's campaigns only
        UUID kit = fx.kit("Kit filter " + tag);
        fx.sent("LYO-01", "Kit " + tag, day, kit, 100, 0, 10, 1, 0, 0);
        String kitView = page(at("/insights/branches/{branchId}", lyon).param("kit", kit.toString()),
                Personas.EXECUTIVE);
        assertThat(kitView).contains("Kit " + tag).doesNotContain("Soldes " + tag);
        // the filter is carried by export links and drill-down links
        String overview = page(at("/insights").param("channel", "EMAIL"), Personas.EXECUTIVE);
        assertThat(overview).contains("/insights/league.csv?period=custom&amp;from=" + day.minusDays(3),
                "channel=EMAIL");
    }

    @Test
    void htmxGetsOnlyThePartItAsksFor() throws Exception {
        String league = page(at("/insights").param("sort", "recipients").header("HX-Request", "true")
                .header("HX-Target", "league"), Personas.EXECUTIVE);
        assertThat(league).contains("id=\"league\"", "Ranked by Recipients").doesNotContain("<html", "Find a branch");
        String dashboard = page(at("/insights").header("HX-Request", "true").header("HX-Target", "dashboard"),
                Personas.EXECUTIVE);
        assertThat(dashboard).contains("id=\"dashboard\"", "League table").doesNotContain("<html", "insights-filters");
    }

    @Test
    void leagueSortsByTheChosenColumn() throws Exception {
        fx.sent("PAR-01", "Paris " + tag, day, null, 1000, 0, 100, 5, 0, 0); // 10 % open, biggest audience
        String byOpen = page(at("/insights"), Personas.EXECUTIVE);
        assertThat(byOpen).containsSubsequence("League table", "Maison Lumière Lyon Part-Dieu",
                "Maison Lumière Paris Marais");
        String byRecipients = page(at("/insights").param("sort", "recipients"), Personas.EXECUTIVE);
        assertThat(byRecipients).containsSubsequence("League table", "Maison Lumière Paris Marais",
                "Maison Lumière Lyon Part-Dieu");
    }

    @Test
    void csvExportsAreFormulaSafeQuotedUtf8WithBom() throws Exception {
        String evil = "=HYPERLINK(\"http://x\",\"y\") " + tag;
        fx.sent("LYO-01", evil, day, null, 300, 0, 150, 30, 0, 0);
        MockHttpServletResponse response = mvc.perform(at("/insights/branches/{branchId}/campaigns.csv", lyon)
                .with(personas.as(Personas.EXECUTIVE))).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("text/csv");
        assertThat(response.getHeader("Content-Disposition")).contains("campaigns-LYO-01-" + day.minusDays(3) + "_"
                + day.plusDays(3) + ".csv");
        byte[] bytes = response.getContentAsByteArray();
        assertThat(bytes[0] & 0xFF).isEqualTo(0xEF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xBB);
        assertThat(bytes[2] & 0xFF).isEqualTo(0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("\"Campaign\",\"Code\",\"Branch\"");
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\") " + tag + "\",\"LYO-01\","
                + "\"Maison Lumière Lyon Part-Dieu\",\"EMAIL\"");
        assertThat(csv).contains("\"Soldes " + tag + "\"");
        // every cell quoted
        for (String line : lines) {
            assertThat(line).startsWith("\"").endsWith("\"");
        }
        // a 300-recipient campaign with 150 opens: 50.0 %
        assertThat(csv).contains("\"150\",\"30\",\"0\",\"0\",\"100.0\",\"50.0\",\"10.0\",\"0.0\"");
    }

    @Test
    void everyTableAndTheChartExport() throws Exception {
        UUID ara = fx.territory("Auvergne-Rhône-Alpes");
        for (String url : List.of("/insights/children.csv", "/insights/league.csv", "/insights/trend.csv",
                "/insights/performance/templates.csv", "/insights/performance/kits.csv",
                "/insights/performance/best.csv")) {
            MockHttpServletResponse r = mvc.perform(at(url).with(personas.as(Personas.EXECUTIVE)))
                    .andExpect(status().isOk()).andReturn().getResponse();
            assertThat(r.getContentType()).as(url).startsWith("text/csv");
            assertThat(r.getHeader("Content-Disposition")).as(url).contains(day.minusDays(3) + "_" + day.plusDays(3));
        }
        String league = mvc.perform(at("/insights/territories/{territoryId}/league.csv", ara)
                .with(personas.as(Personas.EXECUTIVE))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(league).contains("\"1\",\"Maison Lumière Lyon Part-Dieu\",\"LYO-01\",\"Branch\"");
        MockHttpServletResponse svg = mvc.perform(at("/insights/branches/{branchId}/trend.svg", lyon)
                .with(personas.as(Personas.EXECUTIVE))).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(svg.getContentType()).startsWith("image/svg+xml");
        assertThat(svg.getHeader("Content-Disposition")).contains("trend-LYO-01");
        assertThat(svg.getContentAsString(StandardCharsets.UTF_8)).contains("<svg", "Open rate", "</svg>");
    }

    @Test
    void frenchHeadersAndPages() throws Exception {
        String html = page(at("/insights").locale(Locale.FRENCH), Personas.EXECUTIVE);
        assertThat(html).contains("Vue du réseau", "Classement", "Taux d’ouverture", "30,0", "Comparer les territoires");
        String csv = mvc.perform(at("/insights/league.csv").locale(Locale.FRENCH).with(personas.as(Personas.EXECUTIVE)))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).contains("\"Rang\",\"Nom\"", "Taux d’ouverture (%)");
    }

    @Test
    void performanceComparesTemplatesAndKitsPerThousandRecipients() throws Exception {
        UUID kit = fx.kit("Rentrée " + tag);
        fx.sent("GRE-01", "Kit " + tag, day, kit, 1000, 0, 250, 50, 0, 0);
        String html = page(at("/insights/performance").param("min", "300"), Personas.EXECUTIVE);
        assertThat(html).contains("Soldes d&#39;hiver", "Rentrée " + tag, "Best local campaigns");
        // the kit's campaign: 250 opens per 1,000 recipients
        assertThat(html).contains("250.0");
        // best campaigns: the 1,000-recipient one qualifies, Lyon's 390 delivered too; an executive gets no feature link
        assertThat(html).containsSubsequence("Best local campaigns", "Soldes " + tag, "Kit " + tag)
                .doesNotContain("/hq/campaigns/");
        assertThat(page(at("/insights/performance").param("min", "500"), Personas.EXECUTIVE))
                .doesNotContain("Soldes " + tag);
    }

    @Test
    void objectivesShowWithTheirStatusOnTheTerritoryAndBesideItInTheComparison() throws Exception {
        UUID ara = fx.territory("Auvergne-Rhône-Alpes");
        LocalDate today = io.archipel.insights.SteeringQueries.today();
        UUID sponsor = personas.callAs(Personas.HQ_ADMIN, () -> objectives.sponsors().stream()
                .filter(s -> s.email().equals(Personas.EXECUTIVE)).findFirst().orElseThrow().id());
        personas.callAs(Personas.HQ_ADMIN, () -> objectives.create(new ObjectiveService.ObjectiveForm(ara,
                Steering.Metric.CAMPAIGNS_SENT, new java.math.BigDecimal("100000"), today.minusDays(10),
                today.plusDays(20), sponsor, "dashboard " + tag)));
        String region = page(get("/insights/territories/{territoryId}", ara).locale(Locale.ENGLISH),
                Personas.EXECUTIVE);
        assertThat(region).contains("Objectives and budget", "100000", "At risk");
        String overview = page(get("/insights").locale(Locale.ENGLISH), Personas.EXECUTIVE);
        assertThat(overview).containsSubsequence("Compare territories", "Objectives", "Auvergne-Rhône-Alpes",
                "At risk");
        // a regional director of another region sees none of it
        assertThat(page(get("/insights").locale(Locale.ENGLISH), Personas.REGIONAL_EXECUTIVE))
                .doesNotContain("100000");
    }

    @Test
    void theGalleryShowsRealResultsOfAFeaturedCampaign() throws Exception {
        personas.runAs(Personas.HQ_ADMIN, () -> gallery.feature(campaign, "Bravo " + tag));
        Gallery.Entry entry = personas.callAs(Personas.BRANCH_MANAGER, () -> gallery.entries(
                new Gallery.Filter(null, null, "Soldes " + tag)).stream()
                .filter(e -> e.campaignId().equals(campaign)).findFirst().orElseThrow());
        assertThat(entry.results()).isEqualTo(new Gallery.Results(390, 117, 39));
        assertThat(entry.results().openRate()).isEqualTo(0.3);
        // the branch's gallery page and list show them
        assertThat(page(get("/portal/gallery/{campaignId}", campaign).locale(Locale.ENGLISH), Personas.BRANCH_MANAGER))
                .contains("390 delivered", "117 opened (30%)", "39 clicked (10%)");
        assertThat(page(get("/portal/gallery").param("q", "Soldes " + tag).locale(Locale.ENGLISH),
                Personas.BRANCH_MANAGER)).contains("30% opened · 10% clicked");
        personas.runAs(Personas.HQ_ADMIN, () -> gallery.unfeature(campaign));
    }
}
