package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

import io.archipel.brand.BlockType;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** HQ's kit pages: list, creation, settings, content editor, push and progress, in English and French. */
@ArchipelTest
class KitPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    KitService kits;
    @Autowired
    CampaignService campaigns;
    @Autowired
    TemplateService templates;

    ReviewFixture fixture;
    UUID template;
    UUID lyon;

    @BeforeEach
    void setUp() {
        fixture = new ReviewFixture(context);
        template = fixture.templateId();
        lyon = fixture.branchId("LYO-01");
    }

    private MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, Locale locale) {
        return request.with(personas.as(Personas.HQ_MARKETER)).locale(locale)
                .header("Accept-Language", locale.getLanguage());
    }

    private MockHttpServletRequestBuilder en(MockHttpServletRequestBuilder request) {
        return as(request, Locale.ENGLISH);
    }

    private static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/Paris"));
    }

    private UUID createKit(String name) throws Exception {
        String location = mvc.perform(en(post("/hq/kits")).with(csrf()).param("name", name)
                        .param("templateId", template.toString()).param("brief", "Add your Sunday hours."))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("/hq/kits/*"))
                .andReturn().getResponse().getRedirectedUrl();
        return UUID.fromString(location.substring("/hq/kits/".length()));
    }

    private long version(UUID kitId) {
        return personas.callAs(Personas.HQ_MARKETER, () -> kits.get(kitId).version());
    }

    @Test
    void hqCreatesAKitAndTheNewFormKeepsWhatWasTypedOnErrors() throws Exception {
        String page = body(mvc.perform(en(get("/hq/kits/new"))).andExpect(status().isOk()));
        assertThat(page).contains("New campaign kit").contains(fixture.templateId().toString());

        String refused = body(mvc.perform(en(post("/hq/kits")).with(csrf()).param("name", " ")
                .param("templateId", "").param("brief", "Keep me")).andExpect(status().isBadRequest()));
        assertThat(refused).contains("This field is required.").contains("Keep me").contains("is-invalid");

        String name = "Kit page " + ReviewFixture.unique();
        UUID kitId = createKit(name);
        String details = body(mvc.perform(en(get("/hq/kits/" + kitId))).andExpect(status().isOk()));
        assertThat(details).contains(name).contains("Draft").contains("Add your Sunday hours.")
                .contains("Pre-filled content").contains("Push the kit").contains("/hq/kits/" + kitId + "/preview");
        assertThat(body(mvc.perform(en(get("/hq/kits"))).andExpect(status().isOk()))).contains(name)
                .contains("Not pushed yet");
        // French
        String fr = body(mvc.perform(as(get("/hq/kits/" + kitId), Locale.FRENCH)).andExpect(status().isOk()));
        assertThat(fr).contains("Contenu pré-rempli").contains("Diffuser la campagne").contains("Brouillon");
        assertThat(body(mvc.perform(as(get("/hq/kits"), Locale.FRENCH)).andExpect(status().isOk())))
                .contains("Campagnes clé en main");
    }

    @Test
    void settingsAreSavedAndBadValuesComeBackWithWhatWasTyped() throws Exception {
        UUID kitId = createKit("Settings " + ReviewFixture.unique());
        long v = version(kitId);

        String refused = body(mvc.perform(en(post("/hq/kits/" + kitId)).with(csrf()).param("version", "" + v)
                .param("name", "Typed name").param("brief", "Typed brief")
                .param("windowStart", today().plusDays(9).toString()).param("windowEnd", today().plusDays(3).toString()))
                .andExpect(status().isBadRequest()));
        assertThat(refused).contains("The window cannot end before it starts.").contains("Typed name")
                .contains("Typed brief").contains(today().plusDays(9).toString());

        mvc.perform(en(post("/hq/kits/" + kitId)).with(csrf()).param("version", "" + v).param("name", "Renamed kit")
                        .param("brief", "New brief").param("windowStart", today().plusDays(2).toString())
                        .param("windowEnd", today().plusDays(12).toString()))
                .andExpect(status().is3xxRedirection());
        Kits.Details d = personas.callAs(Personas.HQ_MARKETER, () -> kits.get(kitId));
        assertThat(d.summary().name()).isEqualTo("Renamed kit");
        assertThat(d.summary().windowEnd()).isEqualTo(today().plusDays(12));

        // a stale version keeps what was typed and says so
        String stale = body(mvc.perform(en(post("/hq/kits/" + kitId)).with(csrf()).param("version", "" + v)
                .param("name", "Late edit").param("brief", "")).andExpect(status().isConflict()));
        assertThat(stale).contains("Someone else changed this record").contains("Late edit");
    }

    @Test
    void theContentEditorSavesTheEditablePlacesAndRefusesLockedOnes() throws Exception {
        UUID kitId = createKit("Content " + ReviewFixture.unique());
        Kits.Details d = personas.callAs(Personas.HQ_MARKETER, () -> kits.get(kitId));
        Templates.Version version = d.template();
        // the review template: its RICH_TEXT block is the branches' to change, its HEADING is locked
        String text = CampaignFixture.blockId(version, BlockType.RICH_TEXT);
        String locked = CampaignFixture.blockId(version, BlockType.HEADING);

        String page = body(mvc.perform(en(get("/hq/kits/" + kitId + "/content"))).andExpect(status().isOk()));
        assertThat(page).contains("b." + text + ".html").doesNotContain("name=\"b." + locked + ".text\"")
                .contains("Locked in the template", "Branches can change it").doesNotContain("Locked by headquarters")
                .contains("/hq/kits/" + kitId + "/preview");

        mvc.perform(en(post("/hq/kits/" + kitId + "/content")).with(csrf()).param("version", "" + d.version())
                        .param("subject", "Bonne fête maman").param("b." + text + ".html", "<p>Pour elle<script>x()</script></p>"))
                .andExpect(status().is3xxRedirection());
        Kits.Details saved = personas.callAs(Personas.HQ_MARKETER, () -> kits.get(kitId));
        assertThat(saved.content().subject()).isEqualTo("Bonne fête maman");
        assertThat(saved.content().value(text, "html")).contains("Pour elle").doesNotContain("script");
        assertThat(body(mvc.perform(en(get("/hq/kits/" + kitId + "/preview"))).andExpect(status().isOk())))
                .contains("Pour elle");

        mvc.perform(en(post("/hq/kits/" + kitId + "/content")).with(csrf()).param("version", "" + saved.version())
                .param("b." + locked + ".text", "Mine")).andExpect(status().isBadRequest());
        // an htmx autosave answers the checks out of band
        String autosave = body(mvc.perform(en(post("/hq/kits/" + kitId + "/content")).with(csrf())
                .header("HX-Request", "true").param("version", "" + saved.version())
                .param("subject", "").param("b." + text + ".html", "<p>Pour elle</p>")).andExpect(status().isOk()));
        assertThat(autosave).contains("campaign-checks").contains("hx-swap-oob");
    }

    @Test
    void pushingShowsTheProgressOfEachTargetedBranch() throws Exception {
        String name = "Push " + ReviewFixture.unique();
        UUID kitId = createKit(name);
        long v = version(kitId);
        // without a window the push is refused and explained
        String refused = body(mvc.perform(en(post("/hq/kits/" + kitId + "/push")).with(csrf())
                .param("version", "" + v).param("audience", "PILOT")).andExpect(status().isBadRequest()));
        assertThat(refused).contains("Set a window that is not over")
                .contains("Choose at least one territory or branch for a pilot group.");

        mvc.perform(en(post("/hq/kits/" + kitId)).with(csrf()).param("version", "" + v).param("name", name)
                .param("brief", "").param("windowStart", today().plusDays(1).toString())
                .param("windowEnd", today().plusDays(8).toString())).andExpect(status().is3xxRedirection());
        mvc.perform(en(post("/hq/kits/" + kitId + "/push")).with(csrf()).param("version", "" + version(kitId))
                        .param("audience", "PILOT").param("territoryIds", fixture.territoryId("ARA").toString()))
                .andExpect(status().is3xxRedirection());

        UUID campaignId = personas.callAs(Personas.BRANCH_MANAGER, () -> kits.start(kitId, lyon, null));
        String page = body(mvc.perform(en(get("/hq/kits/" + kitId))).andExpect(status().isOk()));
        assertThat(page).contains("Pushed").contains("progress-LYO-01").contains("Used")
                .contains("Auvergne-Rhône-Alpes").doesNotContain("progress-NCE-01").doesNotContain("Push the kit");
        assertThat(page.substring(page.indexOf("progress-LYO-01"))).contains("Draft");
        assertThat(campaignId).isNotNull();
        assertThat(body(mvc.perform(en(get("/hq/kits"))).andExpect(status().isOk()))).contains("1 used");
        // a pushed kit's settings no longer change: back to the kit page with a message
        mvc.perform(en(post("/hq/kits/" + kitId)).with(csrf()).param("version", "" + version(kitId))
                        .param("name", "Changed after push").param("brief", ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attributeExists("flashError"));
        assertThat(personas.callAs(Personas.HQ_MARKETER, () -> kits.get(kitId)).summary().name()).isEqualTo(name);

        // archived: leaves the active list
        mvc.perform(en(post("/hq/kits/" + kitId + "/archive")).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(body(mvc.perform(en(get("/hq/kits"))).andExpect(status().isOk()))).doesNotContain(name);
        assertThat(body(mvc.perform(en(get("/hq/kits").param("archived", "true"))).andExpect(status().isOk())))
                .contains(name);
    }

    @Test
    void otherRolesCannotOpenTheKitPages() throws Exception {
        UUID kitId = createKit("Roles " + ReviewFixture.unique());
        for (String persona : java.util.List.of(Personas.VALIDATOR, Personas.EXECUTIVE, Personas.BRANCH_MANAGER)) {
            mvc.perform(get("/hq/kits").with(personas.as(persona))).andExpect(status().isForbidden());
            mvc.perform(get("/hq/kits/" + kitId).with(personas.as(persona))).andExpect(status().isForbidden());
        }
        mvc.perform(en(get("/hq/kits/" + UUID.randomUUID()))).andExpect(status().isNotFound());
    }
}
