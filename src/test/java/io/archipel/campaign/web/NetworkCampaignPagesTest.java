package io.archipel.campaign.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import io.archipel.campaign.Gallery;
import io.archipel.campaign.GalleryFixture;
import io.archipel.campaign.GalleryService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TerritoryService;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.tenancy.ScopeType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** HQ's list of the network's campaigns and one campaign's page with the gallery form, as HQ uses them. */
@ArchipelTest
class NetworkCampaignPagesTest {

    static final String LYON = Personas.BRANCH_MANAGER;
    static final String NICE = Personas.OTHER_BRANCH_MANAGER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ApplicationContext context;
    @Autowired
    GalleryService gallery;
    @Autowired
    TerritoryService territories;
    @Autowired
    UserAccountService users;

    GalleryFixture fx;
    UUID lyon;
    UUID nice;

    @BeforeEach
    void setUp() {
        fx = new GalleryFixture(context);
        lyon = fx.branch("LYO-01");
        nice = fx.branch("NCE-01");
    }

    private MockHttpServletRequestBuilder en(MockHttpServletRequestBuilder request, String persona) {
        return request.with(personas.as(persona)).locale(Locale.ENGLISH).header("Accept-Language", "en");
    }

    private String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private UUID territory(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> territories.visibleTree().stream()
                .filter(t -> code.equals(t.code())).findFirst().orElseThrow().id());
    }

    @Test
    void hqListsTheNetworkCampaignsWithFiltersAndTheFeaturedBadge() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID lyonSent = fx.sent(LYON, lyon, t, "Lyon envoyée " + tag, "Objet " + tag, "A", "B");
        UUID niceApproved = fx.approved(NICE, nice, t, "Nice approuvée " + tag, "Objet " + tag, "A", "B");
        fx.feature(lyonSent, "Bravo");

        String page = body(mvc.perform(en(get("/hq/campaigns").param("q", tag), Personas.HQ_MARKETER))
                .andExpect(status().isOk()));
        assertThat(page).contains("Network campaigns").contains("Lyon envoyée " + tag).contains("Nice approuvée " + tag)
                .contains("/hq/campaigns/" + lyonSent).contains("Featured").contains("1–2 of 2");

        // status filter (htmx: the results only)
        String sent = body(mvc.perform(en(get("/hq/campaigns").param("q", tag).param("status", "SENT")
                .header("HX-Request", "true"), Personas.HQ_MARKETER)).andExpect(status().isOk()));
        assertThat(sent).doesNotContain("<html").contains("Lyon envoyée " + tag)
                .doesNotContain("Nice approuvée " + tag);
        // territory, branch, template and channel filters
        assertThat(body(mvc.perform(en(get("/hq/campaigns").param("q", tag)
                .param("territoryId", territory("PACA").toString()), Personas.HQ_ADMIN))))
                .contains("Nice approuvée " + tag).doesNotContain("Lyon envoyée " + tag);
        assertThat(body(mvc.perform(en(get("/hq/campaigns").param("branchId", lyon.toString())
                .param("templateId", t.id().toString()), Personas.HQ_ADMIN))))
                .contains("Lyon envoyée " + tag).doesNotContain("Nice approuvée " + tag);
        assertThat(body(mvc.perform(en(get("/hq/campaigns").param("q", tag).param("channel", "SMS"),
                Personas.HQ_ADMIN)))).doesNotContain("Lyon envoyée " + tag)
                .contains("No campaign matches these filters.");

        // executives read it through the service but the HQ area keeps them out; branch managers too
        mvc.perform(en(get("/hq/campaigns"), Personas.EXECUTIVE)).andExpect(status().isForbidden());
        mvc.perform(en(get("/hq/campaigns"), LYON)).andExpect(status().isForbidden());
    }

    @Test
    void anHqUserWithARegionalScopeOnlyListsItsBranches() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        fx.approved(LYON, lyon, t, "Lyon " + tag, "Objet " + tag, "A", "B");
        UUID niceCampaign = fx.approved(NICE, nice, t, "Nice " + tag, "Objet " + tag, "A", "B");
        UUID ara = territory("ARA");
        String email = "marketer-ara-" + tag + "@gallery-test.example";
        personas.runAs(Personas.HQ_ADMIN, () -> users.create(new UserAccountService.UserData(email, "Camille " + tag,
                Role.HQ_MARKETER, ScopeType.TERRITORY, ara, java.util.Set.of(), "Gallery-Password-2026")));

        String page = body(mvc.perform(en(get("/hq/campaigns").param("q", tag), email)).andExpect(status().isOk()));
        assertThat(page).contains("Lyon " + tag).doesNotContain("Nice " + tag);
        mvc.perform(en(get("/hq/campaigns/{campaignId}", niceCampaign), email)).andExpect(status().isForbidden());
        mvc.perform(en(get("/hq/campaigns").param("branchId", nice.toString()), email))
                .andExpect(status().isForbidden());
    }

    @Test
    void aSentCampaignIsFeaturedFromItsPageAndRemovedAgain() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID approved = fx.approved(LYON, lyon, t, "Pas encore " + tag, "Objet " + tag, "Texte lyonnais", "B");
        UUID sent = fx.sent(LYON, lyon, t, "Envoyée " + tag, "Objet " + tag, "Texte lyonnais", "B");

        // not sent: explained, and the form is refused by the service
        String notSent = body(mvc.perform(en(get("/hq/campaigns/{campaignId}", approved), Personas.HQ_ADMIN))
                .andExpect(status().isOk()));
        assertThat(notSent).contains("id=\"gallery-not-sent\"").doesNotContain("id=\"feature-form\"");
        mvc.perform(en(post("/hq/campaigns/{campaignId}/feature", approved), Personas.HQ_ADMIN).with(csrf())
                        .param("note", "Trop tôt"))
                .andExpect(redirectedUrl("/hq/campaigns/" + approved))
                .andExpect(flash().attribute("flashError", "gallery.refused.notSent"));

        // the page of the sent one: preview, what the branch changed, timeline, and the gallery form
        String page = body(mvc.perform(en(get("/hq/campaigns/{campaignId}", sent), Personas.HQ_MARKETER))
                .andExpect(status().isOk()));
        assertThat(page).contains("Envoyée " + tag).contains("id=\"feature-form\"")
                .contains("/hq/reviews/" + sent + "/preview").contains("What the branch changed")
                .contains("Texte lyonnais").contains("id=\"timeline\"").contains("Sent");

        // a too long note is refused and kept
        String tooLong = "x".repeat(1001);
        String refused = body(mvc.perform(en(post("/hq/campaigns/{campaignId}/feature", sent), Personas.HQ_MARKETER)
                .with(csrf()).param("note", tooLong)).andExpect(status().isBadRequest()));
        assertThat(refused).contains("The note is too long: at most 1,000 characters.").contains(tooLong).contains("aria-invalid=\"true\"");
        assertThat(personas.callAs(Personas.HQ_MARKETER, () -> gallery.isFeatured(sent))).isFalse();

        mvc.perform(en(post("/hq/campaigns/{campaignId}/feature", sent), Personas.HQ_MARKETER).with(csrf())
                        .param("note", "Un texte court, une offre claire."))
                .andExpect(redirectedUrl("/hq/campaigns/" + sent))
                .andExpect(flash().attribute("flashSuccess", "hqcampaign.gallery.featured"));
        assertThat(personas.callAs(NICE, () -> gallery.entries(new Gallery.Filter(null, null, tag))))
                .singleElement().satisfies(e -> assertThat(e.note()).isEqualTo("Un texte court, une offre claire."));
        String featured = body(mvc.perform(en(get("/hq/campaigns/{campaignId}", sent), Personas.HQ_MARKETER)));
        assertThat(featured).contains("id=\"featured-badge\"").contains("id=\"unfeature-form\"")
                .contains("Un texte court, une offre claire.");

        // branch managers and executives cannot feature
        mvc.perform(en(post("/hq/campaigns/{campaignId}/unfeature", sent), LYON).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(en(post("/hq/campaigns/{campaignId}/unfeature", sent), Personas.HQ_ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/hq/campaigns/" + sent))
                .andExpect(flash().attribute("flashSuccess", "hqcampaign.gallery.removed"));
        assertThat(personas.callAs(NICE, () -> gallery.entries(new Gallery.Filter(null, null, tag)))).isEmpty();
    }

    @Test
    void thePagesSpeakFrench() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID sent = fx.sent(LYON, lyon, t, "Envoyée " + tag, "Objet " + tag, "A", "B");
        String list = body(mvc.perform(get("/hq/campaigns").param("q", tag).with(personas.as(Personas.HQ_ADMIN))
                .locale(Locale.FRENCH).header("Accept-Language", "fr")).andExpect(status().isOk()));
        assertThat(list).contains("Campagnes du réseau").contains("Point de vente");
        String page = body(mvc.perform(get("/hq/campaigns/{campaignId}", sent).with(personas.as(Personas.HQ_ADMIN))
                .locale(Locale.FRENCH).header("Accept-Language", "fr")).andExpect(status().isOk()));
        assertThat(page).contains("Mettre à la une de la galerie");
    }
}
