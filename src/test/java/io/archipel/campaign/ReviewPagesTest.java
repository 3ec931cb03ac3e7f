package io.archipel.campaign;

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

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The validators' inbox and review page as a validator uses them: only campaigns of their territory, the decision
 * buttons, what the branch changed, bulk approval, and refusals that lose nothing typed.
 */
@ArchipelTest
class ReviewPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    CampaignService campaigns;

    ReviewFixture fixture;
    UUID lyon;
    UUID nice;

    @AfterEach
    void cancelWhatIsStillWaiting() {
        fixture.cancelOpen();
    }

    @BeforeEach
    void setUp() {
        fixture = new ReviewFixture(context);
        lyon = fixture.branchId("LYO-01");
        nice = fixture.branchId("NCE-01");
    }

    private MockHttpServletRequestBuilder en(MockHttpServletRequestBuilder request, String persona) {
        return request.with(personas.as(persona)).locale(Locale.ENGLISH).header("Accept-Language", "en");
    }

    private String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private CampaignStatus statusOf(UUID campaignId) {
        return fixture.details(campaignId).summary().status();
    }

    @Test
    void theAraValidatorSeesALyonCampaignInReviewButNotANiceOne() throws Exception {
        String lyonName = "Lyon lamps " + ReviewFixture.unique();
        String niceName = "Nice lamps " + ReviewFixture.unique();
        UUID lyonCampaign = fixture.submitted(Personas.BRANCH_MANAGER, lyon, lyonName, ReviewFixture.SUBJECT);
        UUID niceCampaign = fixture.submitted(Personas.OTHER_BRANCH_MANAGER, nice, niceName, ReviewFixture.SUBJECT);

        String inbox = body(mvc.perform(en(get("/hq/reviews"), Personas.VALIDATOR)).andExpect(status().isOk()));
        assertThat(inbox).contains(lyonName).contains("Lyon Part-Dieu").contains("/hq/reviews/" + lyonCampaign)
                .doesNotContain(niceName).doesNotContain(niceCampaign.toString());

        // filtering on a territory of the validator's scope keeps the campaign (htmx asks for the results only)
        UUID lyonZone = fixture.territoryId("ARA-LYO");
        String filtered = body(mvc.perform(en(get("/hq/reviews"), Personas.VALIDATOR).param("territoryId",
                lyonZone.toString()).header("HX-Request", "true")).andExpect(status().isOk()));
        assertThat(filtered).contains(lyonName).doesNotContain("<html");
        UUID alps = fixture.territoryId("ARA-ALP");
        assertThat(body(mvc.perform(en(get("/hq/reviews"), Personas.VALIDATOR).param("territoryId", alps.toString()))
                .andExpect(status().isOk()))).doesNotContain(lyonName).contains("No campaign matches these filters.");

        // the Nice campaign's page is outside the validator's territory
        mvc.perform(en(get("/hq/reviews/{campaignId}", niceCampaign), Personas.VALIDATOR))
                .andExpect(status().isForbidden());
        String page = body(mvc.perform(en(get("/hq/reviews/{campaignId}", lyonCampaign), Personas.VALIDATOR))
                .andExpect(status().isOk()));
        assertThat(page).contains(lyonName).contains("id=\"approve\"").contains("id=\"request-changes\"")
                .contains("/hq/reviews/" + lyonCampaign + "/preview");
    }

    @Test
    void approvingMovesTheCampaignOnAndASecondApprovalIsExplainedNotACrash() throws Exception {
        String name = "Approve me " + ReviewFixture.unique();
        UUID id = fixture.submitted(Personas.BRANCH_MANAGER, lyon, name, ReviewFixture.SUBJECT);

        mvc.perform(en(post("/hq/reviews/{campaignId}/approve", id), Personas.VALIDATOR).with(csrf())
                        .param("comment", "Parfait, merci."))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/hq/reviews"))
                .andExpect(flash().attribute("flashSuccess", "review.approved"));
        assertThat(statusOf(id)).isIn(CampaignStatus.APPROVED, CampaignStatus.SCHEDULED);
        assertThat(fixture.details(id).timeline()).anySatisfy(t -> {
            assertThat(t.to()).isEqualTo(CampaignStatus.APPROVED);
            assertThat(t.comment()).isEqualTo("Parfait, merci.");
        });

        // someone (here: the same person in another tab) decides again: told, nothing changes
        mvc.perform(en(post("/hq/reviews/{campaignId}/request-changes", id), Personas.VALIDATOR).with(csrf())
                        .param("comment", "Finalement non"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/hq/reviews/" + id))
                .andExpect(flash().attribute("flashError", "review.error.alreadyDecided"));
        assertThat(statusOf(id)).isIn(CampaignStatus.APPROVED, CampaignStatus.SCHEDULED);
        String page = body(mvc.perform(en(get("/hq/reviews/{campaignId}", id), Personas.VALIDATOR))
                .andExpect(status().isOk()));
        assertThat(page).contains("id=\"decision-closed\"").doesNotContain("id=\"approve\"");
    }

    @Test
    void requestingChangesNeedsACommentAndKeepsWhatWasTyped() throws Exception {
        UUID id = fixture.submitted(Personas.BRANCH_MANAGER, lyon, "Changes " + ReviewFixture.unique(),
                ReviewFixture.SUBJECT);

        String refused = body(mvc.perform(en(post("/hq/reviews/{campaignId}/request-changes", id), Personas.VALIDATOR)
                .with(csrf()).param("comment", "   ")).andExpect(status().isOk()));
        assertThat(refused).contains("a request for changes needs a comment").contains("aria-invalid=\"true\"");
        assertThat(statusOf(id)).isEqualTo(CampaignStatus.IN_REVIEW);

        String tooLong = "Merci de revoir le texte. " + "x".repeat(2000);
        String kept = body(mvc.perform(en(post("/hq/reviews/{campaignId}/request-changes", id), Personas.VALIDATOR)
                .with(csrf()).param("comment", tooLong)).andExpect(status().isOk()));
        assertThat(kept).contains("At most 2000 characters.").contains(tooLong);
        assertThat(statusOf(id)).isEqualTo(CampaignStatus.IN_REVIEW);

        mvc.perform(en(post("/hq/reviews/{campaignId}/request-changes", id), Personas.VALIDATOR).with(csrf())
                        .param("comment", "Merci d’ajouter les horaires du magasin."))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/hq/reviews"))
                .andExpect(flash().attribute("flashSuccess", "review.changesRequested"));
        Campaigns.Details d = fixture.details(id);
        assertThat(d.summary().status()).isEqualTo(CampaignStatus.CHANGES_REQUESTED);
        assertThat(d.timeline()).anySatisfy(t -> assertThat(t.comment())
                .isEqualTo("Merci d’ajouter les horaires du magasin."));
    }

    @Test
    void bulkApprovalApprovesEverySelectedCampaign() throws Exception {
        UUID first = fixture.submitted(Personas.BRANCH_MANAGER, lyon, "Bulk A " + ReviewFixture.unique(),
                ReviewFixture.SUBJECT);
        UUID second = fixture.submitted(Personas.BRANCH_MANAGER, lyon, "Bulk B " + ReviewFixture.unique(),
                ReviewFixture.SUBJECT);

        String inbox = body(mvc.perform(en(get("/hq/reviews"), Personas.VALIDATOR)).andExpect(status().isOk()));
        assertThat(inbox).contains("value=\"" + first + "\"").contains("value=\"" + second + "\"")
                .contains("Approve selected");

        mvc.perform(en(post("/hq/reviews/approve-selected"), Personas.VALIDATOR).with(csrf())
                        .param("campaignIds", first.toString(), second.toString()))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/hq/reviews"))
                .andExpect(flash().attribute("flashSuccess", "review.bulk.approved"));
        assertThat(statusOf(first)).isIn(CampaignStatus.APPROVED, CampaignStatus.SCHEDULED);
        assertThat(statusOf(second)).isIn(CampaignStatus.APPROVED, CampaignStatus.SCHEDULED);

        // nothing selected: told, nothing done
        mvc.perform(en(post("/hq/reviews/approve-selected"), Personas.VALIDATOR).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashError", "review.bulk.none"));
    }

    @Test
    void theReviewPageShowsTheChangedSubjectWordByWord() throws Exception {
        String changed = "Nos lampes d’hiver arrivent en boutique";
        UUID id = fixture.submitted(Personas.BRANCH_MANAGER, lyon, "Diff " + ReviewFixture.unique(), changed);

        String page = body(mvc.perform(en(get("/hq/reviews/{campaignId}", id), Personas.VALIDATOR))
                .andExpect(status().isOk()));
        // "nouvelles lampes" became "lampes d'hiver": one removed word, one added, the rest kept
        assertThat(page).contains("What the branch changed").contains("1 change")
                .containsPattern("<del>\\s*nouvelles\\s*</del>").containsPattern("<ins>\\s*d’hiver\\s*</ins>")
                .contains(ReviewFixture.SUBJECT).contains(changed);
        // the preview frame's content is the resolved e-mail with the branch's subject
        String preview = body(mvc.perform(en(get("/hq/reviews/{campaignId}/preview", id), Personas.VALIDATOR))
                .andExpect(status().isOk()));
        assertThat(preview).contains("vous attend en magasin");
        assertThat(page).contains(changed);
    }

    @Test
    void aCommentJoinsTheConversationAndAnEmptyOneIsRefused() throws Exception {
        UUID id = fixture.submitted(Personas.BRANCH_MANAGER, lyon, "Talk " + ReviewFixture.unique(),
                ReviewFixture.SUBJECT);
        mvc.perform(en(post("/hq/reviews/{campaignId}/comment", id), Personas.VALIDATOR).with(csrf())
                .param("comment", "")).andExpect(status().isOk());
        mvc.perform(en(post("/hq/reviews/{campaignId}/comment", id), Personas.VALIDATOR).with(csrf())
                        .param("comment", "Je regarde cet après-midi."))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/hq/reviews/" + id + "#comments"));
        String page = body(mvc.perform(en(get("/hq/reviews/{campaignId}", id), Personas.VALIDATOR))
                .andExpect(status().isOk()));
        assertThat(page).contains("Je regarde cet après-midi.");
        assertThat(statusOf(id)).isEqualTo(CampaignStatus.IN_REVIEW);
    }
}
