package io.archipel.campaign.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.GalleryFixture;
import io.archipel.campaign.GalleryService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The network gallery in the branch portal: browsing, one campaign's page, reuse, and step 1 of the wizard. */
@ArchipelTest
class GalleryPagesTest {

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
    CampaignService campaigns;
    @Autowired
    org.springframework.context.MessageSource messages;

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

    private MockHttpServletRequestBuilder fr(MockHttpServletRequestBuilder request, String persona) {
        return request.with(personas.as(persona)).locale(Locale.FRENCH).header("Accept-Language", "fr");
    }

    private String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aBranchManagerBrowsesFeaturedCampaignsOfOtherBranchesOnly() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID featured = fx.sent(LYON, lyon, t, "Vedette " + tag, "Objet vedette " + tag, "Texte A lyonnais", "B");
        UUID hidden = fx.sent(LYON, lyon, t, "Cachée " + tag, "Objet " + tag, "A", "B");
        fx.feature(featured, "Une offre claire dès la première ligne.");

        String page = body(mvc.perform(en(get("/portal/gallery").param("q", tag), NICE)).andExpect(status().isOk()));
        assertThat(page).contains("Network gallery").contains("Vedette " + tag).contains("Objet vedette " + tag)
                .contains("Une offre claire dès la première ligne.").contains("Not reused yet")
                .contains("/portal/gallery/" + featured).doesNotContain("Cachée " + tag);
        // htmx filter: results only
        String filtered = body(mvc.perform(en(get("/portal/gallery").param("q", tag).param("channel", "SMS")
                .header("HX-Request", "true"), NICE)).andExpect(status().isOk()));
        assertThat(filtered).doesNotContain("<html").doesNotContain("Vedette " + tag)
                .contains("No featured campaign matches these filters.");

        String entry = body(mvc.perform(en(get("/portal/gallery/{campaignId}", featured), NICE))
                .andExpect(status().isOk()));
        assertThat(entry).contains("Vedette " + tag).contains("id=\"reuse-form\"")
                .contains("/portal/gallery/" + featured + "/preview").contains("Une offre claire")
                .contains("Texte A lyonnais");
        String preview = body(mvc.perform(en(get("/portal/gallery/{campaignId}/preview", featured), NICE))
                .andExpect(status().isOk()));
        assertThat(preview).contains("Texte A lyonnais").contains(GalleryFixture.HQ_HEADING_V1);
        // a campaign that is not featured is unknown here
        mvc.perform(en(get("/portal/gallery/{campaignId}", hidden), NICE)).andExpect(status().isNotFound());
        mvc.perform(en(get("/portal/gallery/{campaignId}/preview", hidden), NICE)).andExpect(status().isNotFound());
        mvc.perform(en(post("/portal/gallery/{campaignId}/reuse", hidden), NICE).with(csrf()))
                .andExpect(status().isNotFound());
        // another branch of nobody's scope: refused
        mvc.perform(en(get("/portal/gallery").param("branchId", lyon.toString()), NICE))
                .andExpect(status().isForbidden());

        String french = body(mvc.perform(fr(get("/portal/gallery/{campaignId}", featured), NICE))
                .andExpect(status().isOk()));
        assertThat(french).contains("Galerie du réseau").contains("Reprendre pour");
    }

    @Test
    void reusingCreatesADraftOfTheBranchAndSaysWhatCouldNotBeCarriedOver() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID source = fx.sent(LYON, lyon, t, "Source " + tag, "Objet " + tag, "Texte A lyonnais", "Texte B lyonnais");
        fx.feature(source, null);

        MvcResult same = mvc.perform(en(post("/portal/gallery/{campaignId}/reuse", source), NICE).with(csrf())
                        .param("branchId", nice.toString()).param("name", ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "gallery.reused")).andReturn();
        UUID first = idFrom(same.getResponse().getRedirectedUrl());
        Campaigns.Details d = personas.callAs(NICE, () -> campaigns.get(first));
        assertThat(d.summary().branchId()).isEqualTo(nice);
        assertThat(d.sourceCampaignId()).isEqualTo(source);
        assertThat(d.content().value(t.textB(), "html")).contains("Texte B lyonnais");

        // the campaign's own page names where it came from
        String campaignPage = body(mvc.perform(en(get("/portal/campaigns/{campaignId}", first), NICE))
                .andExpect(status().isOk()));
        assertThat(campaignPage).contains("id=\"gallery-origin\"").contains("Reuses “Source " + tag + "”");

        // a newer version locks text B: the draft is made, and the flash says one text was dropped
        fx.publishVersion2(t);
        String entry = body(mvc.perform(en(get("/portal/gallery/{campaignId}", source), NICE)));
        assertThat(entry).contains("id=\"reuse-newer\"");
        MvcResult newer = mvc.perform(en(post("/portal/gallery/{campaignId}/reuse", source), NICE).with(csrf())
                        .param("branchId", nice.toString()).param("name", "Nice " + tag))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "gallery.reused.dropped")).andReturn();
        Object[] args = (Object[]) newer.getFlashMap().get("flashArgs");
        assertThat(args).containsExactly("Nice " + tag, "Source " + tag, 1);
        UUID second = idFrom(newer.getResponse().getRedirectedUrl());
        assertThat(personas.callAs(NICE, () -> campaigns.get(second)).summary().templateVersion()).isEqualTo(2);
        assertThat(messages.getMessage("gallery.reused.dropped", args, Locale.ENGLISH))
                .contains("1 text could not be carried over");
        assertThat(messages.getMessage("gallery.reused.dropped", new Object[] {"a", "b", 2}, Locale.FRENCH))
                .contains("2 textes n’ont pas pu être repris");
        mvc.perform(en(get("/portal/campaigns/{campaignId}/content", second), NICE)).andExpect(status().isOk());

        // reuse counted on the gallery card
        assertThat(body(mvc.perform(en(get("/portal/gallery").param("q", tag), LYON)))).contains("Reused 2 times");

        // a name too long is refused and kept; nothing created
        String longName = "n".repeat(121);
        String refused = body(mvc.perform(en(post("/portal/gallery/{campaignId}/reuse", source), NICE).with(csrf())
                .param("branchId", nice.toString()).param("name", longName)).andExpect(status().isBadRequest()));
        assertThat(refused).contains(longName).contains("at most 120 characters");
    }

    @Test
    void aTemplateNotAvailableToTheBranchIsExplainedNotACrash() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID source = fx.sent(LYON, lyon, t, "Lyon seulement " + tag, "Objet " + tag, "A", "B");
        fx.feature(source, null);
        fx.restrictTo(t, lyon);

        String entry = body(mvc.perform(en(get("/portal/gallery/{campaignId}", source), NICE))
                .andExpect(status().isOk()));
        assertThat(entry).contains("id=\"reuse-unavailable\"").doesNotContain("id=\"reuse-form\"");
        String refused = body(mvc.perform(en(post("/portal/gallery/{campaignId}/reuse", source), NICE).with(csrf())
                .param("branchId", nice.toString())).andExpect(status().isConflict()));
        assertThat(refused).contains("not available to your branch");
        assertThat(body(mvc.perform(en(get("/portal/gallery").param("q", tag), NICE))))
                .contains("Template not available to your branch");
    }

    @Test
    void stepOneOfTheWizardOffersFeaturedCampaignsTheBranchMayUse() throws Exception {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID source = fx.sent(LYON, lyon, t, "Au choix " + tag, "Objet " + tag, "A", "B");
        fx.feature(source, "À reprendre");

        String choices = body(mvc.perform(en(get("/portal/gallery/choices").param("branchId", nice.toString()),
                NICE)).andExpect(status().isOk()));
        assertThat(choices).contains("id=\"gallery-choices\"").contains("Or reuse a campaign that worked")
                .contains("See the whole gallery").doesNotContain("<html");
        // at most three, most recently featured first: the new one is among them
        assertThat(choices).contains("Au choix " + tag);
        assertThat(choices.split("class=\"card gallery-card\"").length - 1).isBetween(1, 3);

        // a template no longer available to Nice: not offered; with nothing to offer the answer is empty
        fx.restrictTo(t, lyon);
        String after = body(mvc.perform(en(get("/portal/gallery/choices").param("branchId", nice.toString()),
                NICE)).andExpect(status().isOk()));
        assertThat(after).doesNotContain("Au choix " + tag);
        if (personas.callAs(NICE, () -> gallery.usableBy(nice, 3)).isEmpty()) {
            assertThat(after).isBlank();
        }
    }

    private static UUID idFrom(String redirect) {
        assertThat(redirect).startsWith("/portal/campaigns/").endsWith("/content");
        return UUID.fromString(redirect.substring("/portal/campaigns/".length(), redirect.length() - "/content"
                .length()));
    }
}
