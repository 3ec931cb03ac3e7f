package io.archipel.delivery.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.SegmentService;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.PolicyService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The progress card of the campaign pages (branch portal and HQ) and its controls, on sends written the way the engine
 * keeps them: before the start, live while running (re-polled every 2 s), paused by a person or by the error rate,
 * cancelled, finished with the tracking figures; who may steer a send and who may not.
 */
@ArchipelTest
class ProgressPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;
    @Autowired
    PolicyService policies;
    @Autowired
    CampaignService campaigns;
    @Autowired
    SegmentService segments;
    @Autowired
    BranchService branches;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager txManager;

    ProgressFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ProgressFixture(personas, templates, policies, campaigns, segments, branches, jdbc,
                new TransactionTemplate(txManager));
    }

    private String card(String area, UUID campaignId, String persona, Locale locale) throws Exception {
        return mvc.perform(get("/" + area + "/campaigns/{campaignId}/delivery", campaignId).header("HX-Request", "true")
                .locale(locale).with(personas.as(persona))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void beforeTheStartTheCardSaysWhenAndToHowMany() throws Exception {
        UUID soon = fixture.approvedCampaign(null);
        String card = card("portal", soon, ProgressFixture.LYON, Locale.ENGLISH);
        assertThat(card).contains("Sending starts in a moment, to 0 recipients.", "hx-trigger=\"every 5s\"");

        Instant later = Instant.now().plus(Duration.ofDays(3));
        UUID scheduled = fixture.approvedCampaign(later);
        assertThat(fixture.status(scheduled)).isEqualTo(CampaignStatus.SCHEDULED);
        String french = card("portal", scheduled, ProgressFixture.LYON, Locale.FRENCH);
        assertThat(french).contains("Sera envoyée le", "à 0 destinataire.").doesNotContain("hx-trigger");
        // the campaign page carries the slot that loads the card
        String page = mvc.perform(get("/portal/campaigns/{campaignId}", scheduled).with(personas.as(ProgressFixture.LYON)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("hx-get=\"/portal/campaigns/" + scheduled + "/delivery\"", "hx-trigger=\"load\"");
        String hq = mvc.perform(get("/hq/campaigns/{campaignId}", scheduled).with(personas.as(ProgressFixture.MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(hq).contains("hx-get=\"/hq/campaigns/" + scheduled + "/delivery\"");
    }

    @Test
    void aCampaignCancelledBeforeItsStartHasNothingToShow() throws Exception {
        UUID campaignId = fixture.approvedCampaign(Instant.now().plus(Duration.ofDays(3)));
        personas.runAs(ProgressFixture.LYON, () -> campaigns.cancel(campaignId, "changed our mind"));
        String card = card("portal", campaignId, ProgressFixture.LYON, Locale.ENGLISH);
        assertThat(card).contains("class=\"card send-progress d-none\"").doesNotContain("hx-trigger", "Sending",
                "aria-labelledby");
    }

    @Test
    void aRunningSendShowsLiveFiguresAndPollsItself() throws Exception {
        UUID campaignId = fixture.runningSend(200, 50, 2, "550 5.1.1 mailbox unknown", 1);

        String card = card("portal", campaignId, ProgressFixture.LYON, Locale.ENGLISH);
        assertThat(card).contains("hx-trigger=\"every 2s\"", "hx-get=\"/portal/campaigns/" + campaignId + "/delivery\"",
                ">50<", "of 200 sent", "26%", "50 per minute", "about 3 min left", "550 5.1.1 mailbox unknown",
                "data-progress-percent=\"26\"", "id=\"send-pause\"", "id=\"send-cancel\"", "data-confirm=")
                .doesNotContain("id=\"send-resume\"", "Results");
        assertThat(card).doesNotContain("Preparing the recipient list");
        String hq = card("hq", campaignId, ProgressFixture.MARKETER, Locale.FRENCH);
        assertThat(hq).contains("sur 200 envoyés", "50 par minute", "En cours", "Mettre en pause");
        // while its recipients are still being materialised (in chunks), the card says the total is not final
        fixture.system(() -> jdbc.update("update campaign_send set materialising = true where campaign_id = ?",
                campaignId));
        assertThat(card("portal", campaignId, ProgressFixture.LYON, Locale.ENGLISH))
                .contains("id=\"send-preparing\"",
                        "Preparing the recipient list: the first messages are already leaving.");
        assertThat(card("hq", campaignId, ProgressFixture.MARKETER, Locale.FRENCH))
                .contains("Préparation de la liste des destinataires : les premiers messages partent déjà.");
        // the campaign page loads it, and offers no campaign-only cancel beside it (that would not stop the send)
        String page = mvc.perform(get("/portal/campaigns/{campaignId}", campaignId).with(personas.as(ProgressFixture.LYON)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("hx-get=\"/portal/campaigns/" + campaignId + "/delivery\"")
                .doesNotContain("id=\"cancel-form\"");
    }

    @Test
    void theBranchManagerPausesAndResumesAndPausingTwiceIsExplained() throws Exception {
        UUID campaignId = fixture.runningSend(10, 2, 0, null, 0);

        mvc.perform(post("/portal/campaigns/{campaignId}/delivery/pause", campaignId).with(csrf())
                .with(personas.as(ProgressFixture.LYON)))
                .andExpect(redirectedUrl("/portal/campaigns/" + campaignId))
                .andExpect(flash().attribute("flashSuccess", "dispatch.progress.done.pause"));
        assertThat(fixture.sendState(campaignId)).isEqualTo("PAUSED");
        String card = card("portal", campaignId, ProgressFixture.LYON, Locale.ENGLISH);
        assertThat(card).contains("Paused by " + ProgressFixture.LYON + " at", "id=\"send-resume\"",
                "hx-trigger=\"every 2s\"").doesNotContain("id=\"send-pause\"");

        mvc.perform(post("/portal/campaigns/{campaignId}/delivery/pause", campaignId).with(csrf())
                .with(personas.as(ProgressFixture.LYON)))
                .andExpect(flash().attribute("flashError", "dispatch.progress.error.pause"));

        mvc.perform(post("/hq/campaigns/{campaignId}/delivery/resume", campaignId).with(csrf())
                .with(personas.as(ProgressFixture.MARKETER)))
                .andExpect(redirectedUrl("/hq/campaigns/" + campaignId))
                .andExpect(flash().attribute("flashSuccess", "dispatch.progress.done.resume"));
        assertThat(fixture.sendState(campaignId)).isEqualTo("RUNNING");
    }

    @Test
    void othersCannotSteerOrSeeTheSend() throws Exception {
        UUID campaignId = fixture.runningSend(10, 2, 0, null, 0);
        // another branch's manager: 403 on the card and on every control
        mvc.perform(get("/portal/campaigns/{campaignId}/delivery", campaignId)
                .with(personas.as(Personas.OTHER_BRANCH_MANAGER))).andExpect(status().isForbidden());
        for (String action : new String[] {"pause", "resume", "cancel"}) {
            mvc.perform(post("/portal/campaigns/{campaignId}/delivery/" + action, campaignId).with(csrf())
                    .with(personas.as(Personas.OTHER_BRANCH_MANAGER))).andExpect(status().isForbidden());
            mvc.perform(post("/hq/campaigns/{campaignId}/delivery/" + action, campaignId).with(csrf())
                    .with(personas.as(Personas.VALIDATOR))).andExpect(status().isForbidden());
            mvc.perform(post("/hq/campaigns/{campaignId}/delivery/" + action, campaignId).with(csrf())
                    .with(personas.as(Personas.EXECUTIVE))).andExpect(status().isForbidden());
        }
        assertThat(fixture.sendState(campaignId)).isEqualTo("RUNNING");
        assertThat(fixture.status(campaignId)).isEqualTo(CampaignStatus.SENDING);
        // an unknown campaign: 404
        mvc.perform(get("/portal/campaigns/{campaignId}/delivery", UUID.randomUUID())
                .with(personas.as(ProgressFixture.LYON))).andExpect(status().isNotFound());
    }

    @Test
    void cancellingStopsTheSendAndThePolling() throws Exception {
        UUID campaignId = fixture.runningSend(20, 5, 0, null, 0);
        mvc.perform(post("/portal/campaigns/{campaignId}/delivery/cancel", campaignId).with(csrf())
                .with(personas.as(ProgressFixture.LYON)))
                .andExpect(flash().attribute("flashSuccess", "dispatch.progress.done.cancel"));
        assertThat(fixture.sendState(campaignId)).isEqualTo("CANCELLED");
        assertThat(fixture.status(campaignId)).isEqualTo(CampaignStatus.CANCELLED);
        String card = card("portal", campaignId, ProgressFixture.LYON, Locale.ENGLISH);
        assertThat(card).contains("Cancelled on", ">15<").doesNotContain("hx-trigger", "id=\"send-cancel\"");
        mvc.perform(post("/portal/campaigns/{campaignId}/delivery/cancel", campaignId).with(csrf())
                .with(personas.as(ProgressFixture.LYON)))
                .andExpect(flash().attribute("flashError", "dispatch.progress.error.cancel"));
    }

    @Test
    void aSendPausedByTheErrorRateSaysSo() throws Exception {
        UUID campaignId = fixture.runningSend(40, 4, 12, "421 4.7.0 try again later", 0);
        fixture.pausedByErrors(campaignId);
        String card = card("hq", campaignId, ProgressFixture.ADMIN, Locale.ENGLISH);
        assertThat(card).contains("Paused automatically: too many errors", "421 4.7.0 try again later",
                "id=\"send-resume\"");
        // HQ may give up on it from its own page
        mvc.perform(post("/hq/campaigns/{campaignId}/delivery/cancel", campaignId).with(csrf())
                .with(personas.as(ProgressFixture.ADMIN)))
                .andExpect(redirectedUrl("/hq/campaigns/" + campaignId))
                .andExpect(flash().attribute("flashSuccess", "dispatch.progress.done.cancel"));
        assertThat(fixture.sendState(campaignId)).isEqualTo("CANCELLED");
        assertThat(fixture.status(campaignId)).isEqualTo(CampaignStatus.CANCELLED);
    }

    @Test
    void aFinishedSendShowsTheTrackingFigures() throws Exception {
        UUID campaignId = fixture.runningSend(10, 0, 0, null, 0);
        fixture.finish(campaignId);
        fixture.event(campaignId, 1, "OPEN", true, false);
        fixture.event(campaignId, 1, "OPEN", false, false);
        fixture.event(campaignId, 2, "OPEN", true, true);
        fixture.event(campaignId, 3, "OPEN", true, false);
        fixture.event(campaignId, 1, "CLICK", true, false);
        fixture.event(campaignId, 4, "UNSUBSCRIBE", true, false);

        String card = card("portal", campaignId, ProgressFixture.LYON, Locale.ENGLISH);
        assertThat(card).contains("Finished on", "Results", "id=\"figure-opens\">2<", "20.0%",
                "4 opens in all, 1 by machines", "id=\"figure-clicks\">1<", "10.0%", "id=\"figure-unsubscribes\">1<")
                .doesNotContain("hx-trigger", "id=\"send-pause\"");
        String french = card("hq", campaignId, ProgressFixture.MARKETER, Locale.FRENCH);
        assertThat(french).contains("Résultats", "Terminé le", "Ouvertures", "20,0 %");
    }
}
