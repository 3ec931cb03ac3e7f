package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The branch side: what a manager finds in their catalogue after HQ publishes, and what stays out of reach. */
@ArchipelTest
class PortalTemplateTest {

    private static final String MARKETER = Personas.HQ_MARKETER;
    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;
    @Autowired
    TerritoryService territories;
    @Autowired
    BranchService branches;
    @Autowired
    UserAccountService users;

    private UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    private String page(MockHttpServletRequestBuilder request, String persona) throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(persona))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private int statusOf(MockHttpServletRequestBuilder request, String persona) throws Exception {
        return mvc.perform(request.with(personas.as(persona))).andReturn().getResponse().getStatus();
    }

    private UUID newTemplate(String name, String description) {
        return personas.callAs(MARKETER, () -> templates.create(TemplateChannel.EMAIL, name,
                TemplateCategory.EVENT, description));
    }

    private long version(UUID id) {
        return personas.callAs(MARKETER, () -> templates.get(id)).version();
    }

    private UUID region(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> territories.visibleTree().stream()
                .filter(t -> code.equals(t.code())).findFirst().orElseThrow().id());
    }

    @Test
    void aTemplatePublishedToARegionReachesItsBranchesOnly() throws Exception {
        String name = "Lyon opening " + UUID.randomUUID().toString().substring(0, 8);
        UUID id = newTemplate(name, "An evening in the Lyon stores");
        mvc.perform(post("/hq/templates/{templateId}/publish", id).param("audience", "PILOT")
                        .param("territoryIds", region("ARA").toString()).param("version", String.valueOf(version(id)))
                        .with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id));

        String overview = page(get("/hq/templates/{templateId}", id), MARKETER);
        assertThat(overview).contains("Pilot group", "Auvergne-Rhône-Alpes", "Published v1");

        String lyonCatalogue = page(get("/portal/templates"), LYON);
        assertThat(lyonCatalogue).contains(name, "An evening in the Lyon stores", "Event",
                "href=\"/portal/templates/" + id + "\"");
        String detail = page(get("/portal/templates/{templateId}", id), LYON);
        assertThat(detail).contains(name, "Use this template", "Starts a campaign of your branch from this template",
                "src=\"/portal/templates/" + id + "/preview?branchId=");
        String preview = page(get("/portal/templates/{templateId}/preview", id), LYON);
        assertThat(preview).contains("Lyon Part-Dieu");

        assertThat(page(get("/portal/templates"), NICE)).doesNotContain(name);
        assertThat(statusOf(get("/portal/templates/{templateId}", id), NICE)).isEqualTo(404);
        assertThat(statusOf(get("/portal/templates/{templateId}/preview", id), NICE)).isEqualTo(404);
        // nor by naming the Lyon branch: it is not Nice's
        UUID lyon = personas.callAs(Personas.HQ_ADMIN, () -> branches.search("LYO-01", null).get(0).id());
        assertThat(statusOf(get("/portal/templates/{templateId}", id).param("branchId", lyon.toString()), NICE))
                .isEqualTo(403);
    }

    @Test
    void futureDatesAndArchivingHideATemplateFromBranches() throws Exception {
        String name = "Later " + UUID.randomUUID().toString().substring(0, 8);
        UUID id = newTemplate(name, "");
        LocalDate from = LocalDate.now().plusDays(5);
        mvc.perform(post("/hq/templates/{templateId}/publish", id).param("audience", "NETWORK")
                        .param("from", from.toString()).param("version", String.valueOf(version(id)))
                        .with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id));
        assertThat(page(get("/portal/templates"), LYON)).doesNotContain(name);
        assertThat(statusOf(get("/portal/templates/{templateId}", id), LYON)).isEqualTo(404);
        assertThat(page(get("/hq/templates/{templateId}", id), MARKETER))
                .contains("Not open to branches today because of these dates.");

        // opened now, until a date: branches see it, with its end date
        LocalDate until = LocalDate.now().plusDays(20);
        mvc.perform(post("/hq/templates/{templateId}/availability", id).param("audience", "NETWORK")
                        .param("until", until.toString()).param("version", String.valueOf(version(id)))
                        .with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id));
        assertThat(page(get("/portal/templates"), LYON)).contains(name, "Until ");
        assertThat(page(get("/portal/templates"), NICE)).contains(name);

        mvc.perform(post("/hq/templates/{templateId}/archive", id).with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id));
        assertThat(page(get("/portal/templates"), LYON)).doesNotContain(name);
        assertThat(statusOf(get("/portal/templates/{templateId}", id), LYON)).isEqualTo(404);
        assertThat(page(get("/hq/templates/{templateId}", id), MARKETER)).contains("This template is archived");

        mvc.perform(post("/hq/templates/{templateId}/restore", id).with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id));
        assertThat(page(get("/portal/templates"), LYON)).contains(name);
    }

    @Test
    void theCatalogueGroupsByCategoryAndFilters() throws Exception {
        String name = "Grouped " + UUID.randomUUID().toString().substring(0, 8);
        UUID id = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.SMS, name,
                TemplateCategory.WELCOME, "Welcome text"));
        personas.callAs(MARKETER, () -> templates.publish(id, templates.get(id).version(), Availability.NETWORK));

        String all = page(get("/portal/templates"), LYON);
        assertThat(all).contains("id=\"group-WELCOME\"", name);
        assertThat(page(get("/portal/templates").param("category", "WELCOME"), LYON)).contains(name);
        assertThat(page(get("/portal/templates").param("category", "PROMOTION"), LYON)).doesNotContain(name);
        String sms = page(get("/portal/templates/{templateId}", id), LYON);
        assertThat(sms).contains("id=\"sms-text\"", "Lyon Part-Dieu", "STOP");
        // HQ people are not branch managers
        assertThat(statusOf(get("/portal/templates"), MARKETER)).isEqualTo(403);
    }

    @Test
    void aManagerOfSeveralBranchesSeesTheCatalogueOfTheBranchTheyActFor() throws Exception {
        UUID lyon = branch("LYO-01");
        UUID nice = branch("NCE-01");
        String email = "multi-" + UUID.randomUUID() + "@maison-lumiere.example";
        TenantContext.runAsSystem(personas.principal(Personas.HQ_ADMIN).tenantId(), () -> users.create(
                new UserAccountService.UserData(email, "Two Stores", Role.BRANCH_MANAGER, ScopeType.BRANCHES, null,
                        Set.of(lyon, nice), Personas.PASSWORD)));
        String name = "Nice only " + UUID.randomUUID().toString().substring(0, 8);
        UUID id = newTemplate(name, "");
        personas.callAs(MARKETER, () -> templates.publish(id, version(id), new Availability(
                Availability.Audience.PILOT, Set.of(), Set.of(nice), null, null)));

        // Lyon comes first by name: the template is not there, and the switcher offers Nice
        String first = page(get("/portal/templates"), email);
        assertThat(first).contains("Switch branch", "/portal/templates?branchId=" + nice).doesNotContain(name);
        String niceCatalogue = page(get("/portal/templates").param("branchId", nice.toString()), email);
        assertThat(niceCatalogue).contains(name, "/portal/templates/" + id + "?branchId=" + nice);
        assertThat(page(get("/portal/templates/{templateId}", id).param("branchId", nice.toString()), email))
                .contains(name, "Nice Jean Médecin");
        assertThat(statusOf(get("/portal/templates/{templateId}", id), email)).isEqualTo(404);
        // a branch outside the manager's scope is refused
        assertThat(statusOf(get("/portal/templates").param("branchId", branch("PAR-01").toString()), email))
                .isEqualTo(403);
    }
}
