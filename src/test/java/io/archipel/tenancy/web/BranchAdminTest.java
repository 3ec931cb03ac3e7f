package io.archipel.tenancy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchView;
import io.archipel.tenancy.ScopeType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@ArchipelTest
class BranchAdminTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    io.archipel.identity.UserAccountService users;
    NetworkTestSupport support;
    @Autowired
    io.archipel.tenancy.TerritoryService territories;
    @Autowired
    BranchService branches;

    String admin;
    UUID lyonZone;

    @BeforeEach
    void setUp() {
        support = new NetworkTestSupport(personas, users, territories);
        admin = support.newAdmin();
        lyonZone = support.territoryByCode("ARA-LYO").id();
    }

    private MockHttpServletRequestBuilder validBranch(MockHttpServletRequestBuilder request, String code, String name) {
        return request.with(personas.as(admin)).with(csrf())
                .param("code", code).param("name", name).param("territoryId", lyonZone.toString())
                .param("addressLine1", "3 place Bellecour").param("addressLine2", "")
                .param("postalCode", "69002").param("city", "Lyon").param("countryCode", "FR")
                .param("phone", "+33 (0)4 78 00 00 00").param("email", "bellecour@maison-lumiere.example")
                .param("openingHours", "Mon–Sat 10:00–19:00").param("timeZone", "Europe/Paris")
                .param("senderName", "Maison Lumière Bellecour");
    }

    private UUID create(String code, String name) throws Exception {
        MvcResult result = mvc.perform(validBranch(post("/hq/branches"), code, name))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/hq/branches/*"))
                .andExpect(flash().attribute("flashSuccess", "branch.created"))
                .andReturn();
        return UUID.fromString(result.getResponse().getRedirectedUrl().substring("/hq/branches/".length()));
    }

    @Test
    void aCreatedBranchIsListedAndShownInItsDetailPage() throws Exception {
        String code = NetworkTestSupport.unique("BEL-");
        String name = "Lyon Bellecour " + code;
        UUID id = create(code, name);

        mvc.perform(get("/hq/branches").with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(name)))
                .andExpect(content().string(containsString("/hq/branches/" + id)));
        mvc.perform(get("/hq/branches/" + id).with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(name)))
                .andExpect(content().string(containsString("3 place Bellecour")))
                .andExpect(content().string(containsString("Lyon Métropole")))
                .andExpect(content().string(containsString("Maison Lumière Bellecour")));
        BranchView saved = support.asSystem(() -> branches.get(id));
        assertThat(saved.code()).isEqualTo(code);
        assertThat(saved.phone()).isEqualTo("+33 (0)4 78 00 00 00");
        assertThat(saved.active()).isTrue();
    }

    @Test
    void theNewBranchFormPreselectsTheTerritoryAndDefaultsToFranceAndParisTime() throws Exception {
        mvc.perform(get("/hq/branches/new").param("territoryId", lyonZone.toString()).with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"" + lyonZone + "\" selected=\"selected\"")))
                .andExpect(content().string(containsString("value=\"FR\" selected=\"selected\"")))
                .andExpect(content().string(containsString("value=\"Europe/Paris\" selected=\"selected\"")))
                .andExpect(content().string(containsString("value=\"BE\"")))
                .andExpect(content().string(containsString("value=\"America/Toronto\"")))
                .andExpect(content().string(containsString("id=\"save\"")));
    }

    @Test
    void anInvalidFormComesBackWithFieldErrorsAndKeepsWhatWasTyped() throws Exception {
        mvc.perform(post("/hq/branches").with(personas.as(admin)).with(csrf())
                        .param("code", "x!").param("name", "").param("territoryId", lyonZone.toString())
                        .param("addressLine1", "12 quai Saint-Antoine").param("postalCode", "69002")
                        .param("city", "Lyon").param("countryCode", "FR").param("phone", "call me")
                        .param("email", "not-an-email").param("timeZone", "Europe/Paris")
                        .param("senderName", "x".repeat(121)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"x!\"")))
                .andExpect(content().string(containsString("value=\"12 quai Saint-Antoine\"")))
                .andExpect(content().string(containsString("value=\"call me\"")))
                .andExpect(content().string(containsString("value=\"not-an-email\"")))
                .andExpect(content().string(containsString("id=\"name-error\"")))
                .andExpect(content().string(containsString("2 to 30 characters: letters, digits, hyphens or underscores.")))
                .andExpect(content().string(containsString("This field is required.")))
                .andExpect(content().string(containsString("Enter a valid e-mail address.")))
                .andExpect(content().string(containsString("Enter a phone number")))
                .andExpect(content().string(containsString("At most 120 characters.")))
                .andExpect(content().string(containsString("aria-invalid=\"true\"")));
        assertThat(support.asSystem(() -> branches.codeTaken("x!", null))).isFalse();
    }

    @Test
    void aTamperedTerritoryValueGetsAReadableErrorAndAnyIsoCountryIsAccepted() throws Exception {
        String code = NetworkTestSupport.unique("TMP-");
        mvc.perform(post("/hq/branches").with(personas.as(admin)).with(csrf())
                        .param("code", code).param("name", "Tampered " + code).param("territoryId", "not-a-uuid")
                        .param("addressLine1", "3 place Bellecour").param("postalCode", "69002").param("city", "Lyon")
                        .param("countryCode", "FR").param("timeZone", "Europe/Paris").param("senderName", "Tampered"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This value is not valid.")))
                .andExpect(content().string(containsString("value=\"" + code + "\"")));

        String portugal = NetworkTestSupport.unique("PT-");
        mvc.perform(post("/hq/branches").with(personas.as(admin)).with(csrf())
                        .param("code", portugal).param("name", "Lisboa " + portugal)
                        .param("territoryId", lyonZone.toString()).param("addressLine1", "Rua Augusta 100")
                        .param("postalCode", "1100-053").param("city", "Lisboa").param("countryCode", "PT")
                        .param("timeZone", "Europe/Lisbon").param("senderName", "Lisboa"))
                .andExpect(status().is3xxRedirection());
        assertThat(support.asSystem(() -> branches.visibleBranches()).stream()
                .filter(b -> b.code().equals(portugal))).singleElement()
                .satisfies(b -> assertThat(b.countryCode()).isEqualTo("PT"));
    }

    @Test
    void aDuplicateCodeIsRefusedWhateverItsCase() throws Exception {
        mvc.perform(validBranch(post("/hq/branches"), "lyo-01", "Another Lyon"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This code is already used by another branch")))
                .andExpect(content().string(containsString("value=\"lyo-01\"")));
        assertThat(support.asSystem(() -> branches.visibleBranches()).stream()
                .filter(b -> b.name().equals("Another Lyon"))).isEmpty();
    }

    @Test
    void anUnknownBranchIsNotFound() throws Exception {
        UUID unknown = UUID.randomUUID();
        mvc.perform(get("/hq/branches/" + unknown).with(personas.as(admin))).andExpect(status().isNotFound());
        mvc.perform(get("/hq/branches/" + unknown + "/edit").with(personas.as(admin))).andExpect(status().isNotFound());
        mvc.perform(validBranch(post("/hq/branches/" + unknown), "ZZZ-01", "Nowhere").param("version", "0"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/hq/branches/" + unknown + "/deactivate").with(personas.as(admin)).with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void editingSavesAndAStaleVersionIsRefusedKeepingTheInput() throws Exception {
        String code = NetworkTestSupport.unique("EDT-");
        UUID id = create(code, "Before " + code);
        long version = support.asSystem(() -> branches.get(id)).version();

        mvc.perform(validBranch(post("/hq/branches/" + id), code, "After " + code).param("version", String.valueOf(version)))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hq/branches/" + id))
                .andExpect(flash().attribute("flashSuccess", "branch.updated"));
        assertThat(support.asSystem(() -> branches.get(id)).name()).isEqualTo("After " + code);

        // the form still carries the version read before the first save
        mvc.perform(validBranch(post("/hq/branches/" + id), code, "Stale " + code).param("version", String.valueOf(version)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Someone else changed this record")))
                .andExpect(content().string(containsString("value=\"Stale " + code + "\"")));
        assertThat(support.asSystem(() -> branches.get(id)).name()).isEqualTo("After " + code);
    }

    @Test
    void aBranchCanBeDeactivatedAndReactivated() throws Exception {
        String code = NetworkTestSupport.unique("ACT-");
        UUID id = create(code, "Toggle " + code);

        mvc.perform(post("/hq/branches/" + id + "/deactivate").with(personas.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/hq/branches/" + id))
                .andExpect(flash().attribute("flashSuccess", "branch.deactivated"));
        assertThat(support.asSystem(() -> branches.get(id)).active()).isFalse();
        mvc.perform(get("/hq/branches/" + id).with(personas.as(admin)))
                .andExpect(content().string(containsString("This branch is deactivated")))
                .andExpect(content().string(containsString("/reactivate")));
        mvc.perform(get("/hq/branches").param("status", "inactive").with(personas.as(admin)))
                .andExpect(content().string(containsString("Toggle " + code)))
                .andExpect(content().string(not(containsString("Lyon Part-Dieu"))));
        mvc.perform(get("/hq/branches").param("status", "active").with(personas.as(admin)))
                .andExpect(content().string(not(containsString("Toggle " + code))))
                .andExpect(content().string(containsString("Lyon Part-Dieu")));

        mvc.perform(post("/hq/branches/" + id + "/reactivate").with(personas.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/hq/branches/" + id));
        assertThat(support.asSystem(() -> branches.get(id)).active()).isTrue();
    }

    @Test
    void liveSearchReturnsOnlyTheRowsFragmentFilteredByTextAndTerritory() throws Exception {
        mvc.perform(get("/hq/branches").param("q", "gratte").header("HX-Request", "true").with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Villeurbanne Gratte-Ciel")))
                .andExpect(content().string(not(containsString("Paris Marais"))))
                .andExpect(content().string(not(containsString("<html"))));

        UUID paca = support.territoryByCode("PACA").id();
        mvc.perform(get("/hq/branches").param("territoryId", paca.toString()).with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Nice Jean Médecin")))
                .andExpect(content().string(containsString("Marseille Saint-Ferréol")))
                .andExpect(content().string(not(containsString("Lyon Part-Dieu"))));

        mvc.perform(get("/hq/branches").param("q", "no-such-branch-anywhere").with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No branch matches")));
    }

    @Test
    void aTerritoryScopedAdminOnlySeesAndActsInsideTheirRegion() throws Exception {
        String regional = support.newAdmin(ScopeType.TERRITORY, support.territoryByCode("ARA").id());
        UUID nice = support.asSystem(() -> branches.visibleBranches()).stream()
                .filter(b -> b.code().equals("NCE-01")).findFirst().orElseThrow().id();
        UUID lyon = support.asSystem(() -> branches.visibleBranches()).stream()
                .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id();

        mvc.perform(get("/hq/branches").with(personas.as(regional)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Lyon Part-Dieu")))
                .andExpect(content().string(containsString("Annecy Vieille Ville")))
                .andExpect(content().string(not(containsString("Nice Jean Médecin"))))
                .andExpect(content().string(not(containsString("Paris Marais"))));
        mvc.perform(get("/hq/branches/" + lyon).with(personas.as(regional))).andExpect(status().isOk());
        mvc.perform(get("/hq/branches/" + nice).with(personas.as(regional))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/branches/" + nice + "/edit").with(personas.as(regional))).andExpect(status().isForbidden());
        mvc.perform(post("/hq/branches/" + nice + "/deactivate").with(personas.as(regional)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/hq/branches").param("territoryId", support.territoryByCode("PACA").id().toString())
                .with(personas.as(regional))).andExpect(status().isForbidden());
        // creating a branch in a territory outside the region is refused too
        mvc.perform(post("/hq/branches").with(personas.as(regional)).with(csrf())
                        .param("code", NetworkTestSupport.unique("OUT-")).param("name", "Outside")
                        .param("territoryId", support.territoryByCode("PACA-AZU").id().toString())
                        .param("addressLine1", "1 promenade des Anglais").param("postalCode", "06000")
                        .param("city", "Nice").param("countryCode", "FR").param("timeZone", "Europe/Paris")
                        .param("senderName", "Outside"))
                .andExpect(status().isForbidden());
        assertThat(support.asSystem(() -> branches.get(nice)).active()).isTrue();
    }

    @Test
    void onlyHqAdminsReachBranchAdministration() throws Exception {
        mvc.perform(get("/hq/branches").with(personas.as(Personas.VALIDATOR))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/branches").with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/branches/new").with(personas.as(Personas.HQ_MARKETER))).andExpect(status().isForbidden());
    }
}
