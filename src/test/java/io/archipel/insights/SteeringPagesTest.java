package io.archipel.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.archipel.campaign.ReviewFixture;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.delivery.sandbox.SandboxMessages;
import io.archipel.identity.Role;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * The steering pages per role: executives read objectives, budgets and adoption in their scope without any edit form
 * (and their POSTs are refused); HQ admins create objectives, set budgets and remind managers, who get one mail each
 * in their language, at most once a day.
 */
@ArchipelTest
class SteeringPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    BranchService branches;
    @Autowired
    MailSandbox sandbox;

    private String page(String persona, RequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private String html(String persona, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder r)
            throws Exception {
        return page(persona, r.with(personas.as(persona)).locale(Locale.ENGLISH));
    }

    @Test
    void executivesReadObjectivesBudgetsAndAdoptionWithoutAnyEditForm() throws Exception {
        String objectives = html(Personas.EXECUTIVE, get("/insights/objectives"));
        assertThat(objectives).contains("Objectives", "Status rule").doesNotContain("New objective")
                .doesNotContain("/archive\"").doesNotContain("/edit\"");
        String budgets = html(Personas.EXECUTIVE, get("/insights/budgets"));
        assertThat(budgets).contains("Budgets", "When a campaign would exceed its budget", "Current policy")
                .doesNotContain("Set budgets").doesNotContain("name=\"policy\"").doesNotContain("/delete\"");
        String adoption = html(Personas.EXECUTIVE, get("/insights/adoption"));
        assertThat(adoption).contains("Inactive branches", "Kits not used", "Unspent budgets",
                "Only HQ administrators send reminders").doesNotContain("name=\"selected\"");

        UUID objective = UUID.randomUUID();
        for (var request : List.of(post("/insights/objectives"), post("/insights/objectives/{objectiveId}/archive",
                objective), post("/insights/budgets").param("target", "BRANCH"), post("/insights/budgets/policy")
                        .param("policy", "BLOCK"), post("/insights/adoption/preview"),
                post("/insights/adoption/remind"))) {
            mvc.perform(request.with(csrf()).with(personas.as(Personas.EXECUTIVE))).andExpect(status().isForbidden());
        }
        mvc.perform(get("/insights/objectives/new").with(personas.as(Personas.EXECUTIVE)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/insights/budgets/new").with(personas.as(Personas.EXECUTIVE)))
                .andExpect(status().isForbidden());
    }

    @Test
    void anHqAdminCreatesAnObjectiveAndTheRegionalDirectorOfAnotherRegionDoesNotSeeIt() throws Exception {
        ReviewFixture fx = new ReviewFixture(context);
        UUID ara = fx.territoryId("ARA");
        UUID sponsor = personas.principal(Personas.EXECUTIVE).userId();
        LocalDate today = SteeringQueries.today();
        String note = "Relancer les agences alpines " + ReviewFixture.unique();

        // invalid: the form comes back with the errors and what was typed
        String refused = mvc.perform(post("/insights/objectives").with(csrf()).with(personas.as(Personas.HQ_ADMIN))
                .locale(Locale.ENGLISH).param("territoryId", ara.toString()).param("metric", "OPEN_RATE")
                .param("target", "140").param("periodStart", today.toString())
                .param("periodEnd", today.minusDays(2).toString()).param("note", note))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("Enter a percentage between 0 and 100.", "The end must not be before the start.",
                "value=\"140\"", note, "aria-invalid=\"true\"");

        mvc.perform(post("/insights/objectives").with(csrf()).with(personas.as(Personas.HQ_ADMIN))
                .param("territoryId", ara.toString()).param("metric", "CAMPAIGNS_SENT").param("target", "30")
                .param("periodStart", today.toString()).param("periodEnd", today.plusMonths(2).toString())
                .param("sponsorId", sponsor.toString()).param("note", note))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "steering.objective.created"));

        assertThat(html(Personas.HQ_ADMIN, get("/insights/objectives"))).contains(note, "New objective",
                "Auvergne-Rhône-Alpes");

        // a stale save keeps what was typed and says someone else changed it
        UUID created = personas.callAs(Personas.HQ_ADMIN, () -> context.getBean(SteeringQueries.class)
                .visibleObjectives(false, today).stream().filter(o -> note.equals(o.note())).findFirst()
                .orElseThrow().id());
        String stale = mvc.perform(post("/insights/objectives/{objectiveId}", created).with(csrf())
                .with(personas.as(Personas.HQ_ADMIN)).locale(Locale.ENGLISH).param("version", "99")
                .param("territoryId", ara.toString()).param("metric", "CAMPAIGNS_SENT").param("target", "31")
                .param("periodStart", today.toString()).param("periodEnd", today.plusMonths(2).toString())
                .param("sponsorId", sponsor.toString()).param("note", note))
                .andExpect(status().isConflict()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(stale).contains("Someone else changed this record", "value=\"31\"");
        assertThat(html(Personas.EXECUTIVE, get("/insights/objectives"))).contains(note);
        assertThat(html(Personas.REGIONAL_EXECUTIVE, get("/insights/objectives"))).doesNotContain(note);
        mvc.perform(get("/insights/budgets").param("territoryId", ara.toString())
                .with(personas.as(Personas.REGIONAL_EXECUTIVE))).andExpect(status().isForbidden());
    }

    @Test
    void anHqAdminSetsBudgetsForATerritoryAndSeesThemByBranch() throws Exception {
        ReviewFixture fx = new ReviewFixture(context);
        UUID paca = fx.territoryId("PACA");
        LocalDate day = LocalDate.now().plusYears(120 + (int) (Math.random() * 50));
        mvc.perform(post("/insights/budgets").with(csrf()).with(personas.as(Personas.HQ_ADMIN))
                .param("target", "TERRITORY").param("territoryId", paca.toString()).param("periodKind", "QUARTER")
                .param("periodDay", day.toString()).param("kind", "AMOUNT").param("amount", "1 200,50")
                .param("emailUnitCost", "0,01").param("smsUnitCost", "0.08"))
                .andExpect(status().is3xxRedirection());

        String page = html(Personas.REGIONAL_EXECUTIVE, get("/insights/budgets").param("territoryId", paca.toString())
                .param("period", "QUARTER").param("day", day.toString()));
        assertThat(page).contains("Branch budgets", "Nice", "1,200.50 EUR", "Money budgets");

        String invalid = mvc.perform(post("/insights/budgets").with(csrf()).with(personas.as(Personas.HQ_ADMIN))
                .locale(Locale.ENGLISH).param("target", "BRANCH").param("periodKind", "MONTH")
                .param("periodDay", day.toString()).param("kind", "AMOUNT").param("amount", "-3"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(invalid).contains("Enter an amount of 0 or more.", "value=\"-3\"");
    }

    @Test
    void remindersReachEachManagerInTheirLanguageOnceADay() throws Exception {
        ReviewFixture fx = new ReviewFixture(context);
        String tag = ReviewFixture.unique();
        UUID branch = personas.callAs(Personas.HQ_ADMIN, () -> branches.create(new BranchService.BranchData(
                "RMD-" + tag, "Rappel " + tag, fx.territoryId("ARA"), "1 rue du Rappel", null, "69001", "Lyon", "FR",
                null, null, null, "Europe/Paris", "Rappel")));
        String fr = fx.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(branch), "fr");
        String en = fx.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(branch), "en");
        UUID tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();

        assertThat(html(Personas.HQ_ADMIN, get("/insights/adoption").param("days", "30")))
                .contains("value=\"INACTIVE:" + branch + "\"", "Rappel " + tag);

        String preview = mvc.perform(post("/insights/adoption/preview").with(csrf())
                .with(personas.as(Personas.HQ_ADMIN)).locale(Locale.ENGLISH).param("selected", "INACTIVE:" + branch))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(preview).contains(fr, en, "Quelques actions à mener pour Rappel " + tag,
                "A few things to do for Rappel " + tag, "Send 2 reminder(s)");

        mvc.perform(post("/insights/adoption/remind").with(csrf()).with(personas.as(Personas.HQ_ADMIN))
                .param("selected", "INACTIVE:" + branch)).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "steering.reminders.sent"));

        SandboxMessages.Message french = onlyMailTo(tenantId, fr, "Rappel " + tag);
        assertThat(french.subject()).isEqualTo("Quelques actions à mener pour Rappel " + tag);
        assertThat(french.text()).contains("Bonjour Camille", "Rappel " + tag + " (RMD-" + tag
                + ") : aucune campagne envoyée pour l’instant.", "/portal");
        SandboxMessages.Message english = onlyMailTo(tenantId, en, "Rappel " + tag);
        assertThat(english.text()).contains("Hello Alex", "no campaign sent yet");

        // the same day, nobody is nagged twice
        mvc.perform(post("/insights/adoption/remind").with(csrf()).with(personas.as(Personas.HQ_ADMIN))
                .param("selected", "INACTIVE:" + branch)).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "steering.reminders.sentSkipped"));
        Thread.sleep(300);
        assertThat(mailsTo(tenantId, fr, "Rappel " + tag, 1)).hasSize(1);
        assertThat(html(Personas.HQ_ADMIN, get("/insights/adoption"))).contains("Recent reminders", "Camille " );
    }

    private SandboxMessages.Message onlyMailTo(UUID tenantId, String address, String subjectPart)
            throws InterruptedException {
        List<SandboxMessages.Message> mails = mailsTo(tenantId, address, subjectPart, 50);
        assertThat(mails).as("mails to " + address).hasSize(1);
        return mails.get(0);
    }

    private List<SandboxMessages.Message> mailsTo(UUID tenantId, String address, String subjectPart, int attempts)
            throws InterruptedException {
        for (int attempt = 0; attempt < attempts; attempt++) {
            List<SandboxMessages.Message> found = new ArrayList<>();
            TenantContext.runAsSystem(tenantId, () -> sandbox.list().stream()
                    .filter(m -> m.recipients().contains(address) && m.subject().contains(subjectPart))
                    .forEach(m -> found.add(sandbox.get(m.id()))));
            if (!found.isEmpty()) {
                return found;
            }
            if (attempt + 1 < attempts) {
                Thread.sleep(100);
            }
        }
        return List.of();
    }
}
