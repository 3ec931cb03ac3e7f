package io.archipel.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchData;
import io.archipel.tenancy.BranchService.BranchView;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The home page of every area shows the current tenant's real data, cut to the user's scope, in both languages. */
@ArchipelTest
class AreaHomePagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TenantService tenants;
    @Autowired
    BranchService branches;
    @Autowired
    TerritoryService territories;
    @Autowired
    UserAccountService users;

    // --- HQ overview ------------------------------------------------------------------------------------------

    @Test
    void hqAdminSeesGreetingStatsRegionsAndAdminShortcuts() throws Exception {
        String html = page(get("/hq").locale(Locale.ENGLISH), Personas.HQ_ADMIN);
        assertThat(html).contains("Hello, Claire", "Maison Lumière", "Network at a glance", "Active users",
                "Île-de-France", "Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d&#39;Azur",
                "href=\"/hq/territories\"", "href=\"/hq/branches\"", "href=\"/hq/users\"", "href=\"/insights\"");
        assertThat(count(html, "<h1")).isEqualTo(1);
    }

    @Test
    void hqMarketerSeesTheNetworkButNoUserCountNorAdminLinks() throws Exception {
        String html = page(get("/hq").locale(Locale.ENGLISH), Personas.HQ_MARKETER);
        assertThat(html).contains("Hello, Julien", "Network at a glance", "Île-de-France", "href=\"/hq/reviews\"")
                .doesNotContain("Active users", "href=\"/hq/users\"", "href=\"/hq/users/new\"");
    }

    @Test
    void hqOverviewSpeaksFrench() throws Exception {
        String html = page(get("/hq").locale(Locale.FRENCH), Personas.HQ_ADMIN);
        assertThat(html).contains("Bonjour Claire", "Le réseau en un coup d’œil", "Points de vente actifs", "Raccourcis");
    }

    @Test
    void validatorOpeningHqLandsOnTheReviewQueue() throws Exception {
        mvc.perform(get("/hq").with(personas.as(Personas.VALIDATOR))).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hq/reviews"));
    }

    @Test
    void otherRolesCannotOpenHq() throws Exception {
        mvc.perform(get("/hq").with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
        mvc.perform(get("/hq").with(personas.as(Personas.EXECUTIVE))).andExpect(status().isForbidden());
    }

    // --- Review queue -----------------------------------------------------------------------------------------

    @Test
    void validatorSeesEmptyQueueAndTheirRegionWithItsZones() throws Exception {
        String html = page(get("/hq/reviews").locale(Locale.ENGLISH), Personas.VALIDATOR);
        // the queue itself depends on what other tests submitted (ReviewPagesTest checks its content)
        assertThat(html).contains("Review queue", "Waiting for review", "Your review scope",
                "Campaign", "Submitted", "Auvergne-Rhône-Alpes", "Lyon Métropole", "Alpes")
                .doesNotContain("Île-de-France", "Paris Centre", "Côte d&#39;Azur");
        assertThat(count(html, "<h1")).isEqualTo(1);
    }

    @Test
    void reviewQueueSpeaksFrench() throws Exception {
        String html = page(get("/hq/reviews").locale(Locale.FRENCH), Personas.VALIDATOR);
        assertThat(html).contains("File de validation", "En attente de validation",
                "Votre périmètre de validation");
    }

    @Test
    void hqMarketerReviewsTheWholeNetwork() throws Exception {
        String html = page(get("/hq/reviews").locale(Locale.ENGLISH), Personas.HQ_MARKETER);
        assertThat(html).contains("Whole network", "Île-de-France", "Auvergne-Rhône-Alpes");
    }

    @Test
    void branchManagerCannotOpenTheReviewQueue() throws Exception {
        mvc.perform(get("/hq/reviews").with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
    }

    // --- Branch portal ----------------------------------------------------------------------------------------

    @Test
    void branchManagerSeesTheirBranchCardWithTerritoryTrail() throws Exception {
        String html = page(get("/portal").locale(Locale.ENGLISH), Personas.BRANCH_MANAGER);
        assertThat(html).contains("Maison Lumière Lyon Part-Dieu", "LYO-01", "17 rue du Docteur Bouchut", "69003 Lyon",
                "+33 4 78 62 17 40", "lyon-part-dieu@maison-lumiere.example", "Lun–Sam 09:30–20:00", "Europe/Paris",
                "Your scope", "Your campaigns", "No campaign yet", "No contacts yet")
                .doesNotContain("Nice Jean Médecin", "Switch branch");
        assertThat(html).containsSubsequence("France", "Auvergne-Rhône-Alpes", "Lyon Métropole", "<h1");
        assertThat(count(html, "<h1")).isEqualTo(1);
    }

    @Test
    void portalSpeaksFrench() throws Exception {
        String html = page(get("/portal").locale(Locale.FRENCH), Personas.BRANCH_MANAGER);
        assertThat(html).contains("Fiche du point de vente", "Horaires d’ouverture", "Vos campagnes",
                "Aucun contact pour le moment");
    }

    @Test
    void branchManagerCannotOpenAnotherBranchAndGets404ForUnknownIds() throws Exception {
        UUID nice = branchIdByCode("NCE-01");
        UUID lyon = branchIdByCode("LYO-01");
        mvc.perform(get("/portal/branches/{branchId}", nice).with(personas.as(Personas.BRANCH_MANAGER)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/portal/branches/{branchId}", UUID.randomUUID()).with(personas.as(Personas.BRANCH_MANAGER)))
                .andExpect(status().isNotFound());
        assertThat(page(get("/portal/branches/{branchId}", lyon), Personas.BRANCH_MANAGER))
                .contains("Maison Lumière Lyon Part-Dieu");
    }

    @Test
    void managerOfSeveralBranchesGetsASwitcher() throws Exception {
        UUID lyon = branchIdByCode("LYO-01");
        UUID annecy = branchIdByCode("ANN-01");
        String email = "multi-" + UUID.randomUUID() + "@maison-lumiere.example";
        TenantContext.runAsSystem(demoTenant(), () -> users.create(new UserData(email, "Multi Manager",
                Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(lyon, annecy), Personas.PASSWORD)));

        String home = page(get("/portal").locale(Locale.ENGLISH), email);
        assertThat(home).contains("Switch branch", "Maison Lumière Annecy Vieille Ville", "Maison Lumière Lyon Part-Dieu",
                "/portal/branches/" + lyon, "/portal/branches/" + annecy, "You manage 2 branches");
        String annecyPage = page(get("/portal/branches/{branchId}", annecy).locale(Locale.ENGLISH), email);
        assertThat(annecyPage).contains("14 rue Royale", "Alpes");
        mvc.perform(get("/portal/branches/{branchId}", branchIdByCode("NCE-01")).with(personas.as(email)))
                .andExpect(status().isForbidden());
    }

    // --- Insights ---------------------------------------------------------------------------------------------

    @Test
    void executiveSeesTheWholeTreeWithBranchesUnderTheirZone() throws Exception {
        String html = page(get("/insights").locale(Locale.ENGLISH), Personas.EXECUTIVE);
        assertThat(html).contains("Network overview", "Territories and branches", "France", "Île-de-France",
                "Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d&#39;Azur", "Active branches");
        assertThat(html).containsSubsequence("Lyon Métropole", "Maison Lumière Lyon Part-Dieu", "Maison Lumière Lyon Presqu&#39;île");
        assertThat(count(html, "<h1")).isEqualTo(1);
    }

    @Test
    void regionalExecutiveSeesOnlyTheirRegion() throws Exception {
        String html = page(get("/insights").locale(Locale.ENGLISH), Personas.REGIONAL_EXECUTIVE);
        assertThat(html).contains("Provence-Alpes-Côte d&#39;Azur", "Marseille – Aix", "Côte d&#39;Azur",
                "Maison Lumière Nice Jean Médecin", "Your scope")
                .doesNotContain("Île-de-France", "Paris", "Auvergne-Rhône-Alpes", "Lyon", "Grenoble", "Annecy", ">France<");
    }

    @Test
    void regionalExecutiveSeesANewBranchOfTheirRegionButNotOneElsewhere() throws Exception {
        UUID azur = territoryIdByName("Côte d'Azur");
        UUID parisOuest = territoryIdByName("Paris Ouest");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TenantContext.runAsSystem(demoTenant(), () -> {
            branches.create(branchData("T-" + suffix + "-A", "Cannes Croisette " + suffix, azur, "Cannes"));
            branches.create(branchData("T-" + suffix + "-B", "Neuilly Test " + suffix, parisOuest, "Neuilly"));
        });
        String html = page(get("/insights"), Personas.REGIONAL_EXECUTIVE);
        assertThat(html).contains("Cannes Croisette " + suffix).doesNotContain("Neuilly Test " + suffix);
    }

    @Test
    void territoryDetailShowsTheSubtreeAndRespectsScope() throws Exception {
        UUID paca = territoryIdByName("Provence-Alpes-Côte d'Azur");
        UUID idf = territoryIdByName("Île-de-France");
        String html = page(get("/insights/territories/{territoryId}", paca).locale(Locale.ENGLISH),
                Personas.REGIONAL_EXECUTIVE);
        assertThat(html).contains("Provence-Alpes-Côte d&#39;Azur", "Marseille – Aix", "Maison Lumière Aix-en-Provence Mirabeau")
                .doesNotContain("France<", "Île-de-France");
        mvc.perform(get("/insights/territories/{territoryId}", idf).with(personas.as(Personas.REGIONAL_EXECUTIVE)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/insights/territories/{territoryId}", UUID.randomUUID())
                .with(personas.as(Personas.REGIONAL_EXECUTIVE))).andExpect(status().isNotFound());
        assertThat(page(get("/insights/territories/{territoryId}", idf), Personas.EXECUTIVE)).contains("Paris Centre");
    }

    @Test
    void insightsSpeakFrenchAndAreOpenToHqAdminsOnly() throws Exception {
        String html = page(get("/insights").locale(Locale.FRENCH), Personas.HQ_ADMIN);
        assertThat(html).contains("Vue du réseau", "Territoires et points de vente", "Comparer les territoires");
        mvc.perform(get("/insights").with(personas.as(Personas.HQ_MARKETER))).andExpect(status().isForbidden());
        mvc.perform(get("/insights").with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
    }

    @Test
    void branchSearchIsCutToScopeAndAnswersHtmxWithTheResultsOnly() throws Exception {
        String fragment = page(get("/insights").param("q", "grenette").header("HX-Request", "true")
                .locale(Locale.ENGLISH), Personas.EXECUTIVE);
        assertThat(fragment).contains("id=\"branch-results\"", "Maison Lumière Grenoble Grenette", "Alpes")
                .doesNotContain("<html", "Network overview", "Lyon Part-Dieu");
        // accents and case do not matter
        assertThat(page(get("/insights").param("q", "MEDECIN").header("HX-Request", "true"), Personas.EXECUTIVE))
                .contains("Maison Lumière Nice Jean Médecin");
        // the regional executive finds nothing outside their region, and is told so
        String outside = page(get("/insights").param("q", "Lyon").header("HX-Request", "true").locale(Locale.ENGLISH),
                Personas.REGIONAL_EXECUTIVE);
        assertThat(outside).contains("No branch in your scope matches").doesNotContain("Part-Dieu", "Maison Lumière Lyon");
        // without htmx the same URL renders the whole page with the results
        assertThat(page(get("/insights").param("q", "Nice").locale(Locale.ENGLISH), Personas.REGIONAL_EXECUTIVE))
                .contains("<html", "Network overview", "Maison Lumière Nice Jean Médecin");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private String page(MockHttpServletRequestBuilder request, String persona) throws Exception {
        return mvc.perform(request.with(personas.as(persona))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private UUID demoTenant() {
        return tenants.findBySlug("maison-lumiere").orElseThrow().id();
    }

    private UUID branchIdByCode(String code) {
        UUID[] found = new UUID[1];
        TenantContext.runAsSystem(demoTenant(), () -> found[0] = branches.visibleBranches().stream()
                .filter(b -> b.code().equals(code)).map(BranchView::id).findFirst().orElseThrow());
        return found[0];
    }

    private UUID territoryIdByName(String name) {
        UUID[] found = new UUID[1];
        TenantContext.runAsSystem(demoTenant(), () -> found[0] = territories.visibleTree().stream()
                .filter(t -> t.name().equals(name)).map(TerritoryView::id).findFirst().orElseThrow());
        return found[0];
    }

    private static BranchData branchData(String code, String name, UUID territory, String city) {
        return new BranchData(code, name, territory, "1 rue du Test", null, "06400", city, "FR", null, null, null,
                "Europe/Paris", name);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
