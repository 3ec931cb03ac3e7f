package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.Availability;
import io.archipel.brand.BlockConstraints;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.brand.TextFormatting;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The branch's campaign wizard as a manager uses it: the list, creating from a template, personalising (values kept,
 * problems next to their block, a tampered form refused, a stale save keeping the typed text), the audience with its
 * live count, the schedule in the branch's time zone, a refused submission listing what to fix, and another branch's
 * campaign out of reach.
 */
@ArchipelTest
class PortalCampaignPagesTest {

    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;
    private static final String MARKETER = Personas.HQ_MARKETER;
    /** The editable text of the test template: required, at most 40 visible characters, bold allowed. */
    private static final String TEXT = "text0001";
    private static final String HEADING = "lock0001";

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    CampaignService campaigns;
    @Autowired
    TemplateService templates;
    @Autowired
    BranchService branches;
    @Autowired
    SegmentService segments;
    @Autowired
    ContactService contacts;

    // ------------------------------------------------------------------------------------------------ helpers

    private UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A template published to the whole network: subject editable, a locked heading, one editable required text. */
    private UUID publishedTemplate(String name) {
        UUID id = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.EMAIL, name,
                TemplateCategory.PROMOTION, "Wizard test template"));
        EmailTemplateContent content = new EmailTemplateContent(
                new LockableText("Hello {{contact.firstName|there}}", false, true, 90),
                LockableText.locked("A locked preheader"),
                List.of(new TemplateBlock("head0001", BlockType.HEADER, true, null, Map.of()),
                        new TemplateBlock(HEADING, BlockType.HEADING, true, null, Map.of("text", "Locked heading")),
                        new TemplateBlock(TEXT, BlockType.RICH_TEXT, false, new BlockConstraints(true, 40,
                                EnumSet.of(TextFormatting.BOLD), null, List.of()), Map.of("html", "<p>Default text</p>")),
                        new TemplateBlock("foot0001", BlockType.LEGAL_FOOTER, true, null, Map.of())));
        personas.runAs(MARKETER, () -> {
            long version = templates.saveEmailDraft(id, templates.get(id).version(), content).version();
            templates.publish(id, version, Availability.NETWORK);
        });
        return id;
    }

    private UUID lyonCampaign(String name) {
        UUID template = publishedTemplate("Wizard " + name);
        UUID lyon = branch("LYO-01");
        return personas.callAs(LYON, () -> campaigns.createFromTemplate(lyon, template, name));
    }

    private Campaigns.Details details(UUID campaignId) {
        return personas.callAs(LYON, () -> campaigns.get(campaignId));
    }

    private MockHttpServletResponse as(String persona, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(persona)))
                .andReturn().getResponse();
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        return response;
    }

    private String page(String persona, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = as(persona, request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return response.getContentAsString();
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void theListShowsTheBranchsCampaignsOnlyWithTheirNextStep() throws Exception {
        String name = "Spring evening " + suffix();
        UUID id = lyonCampaign(name);

        String list = page(LYON, get("/portal/campaigns"));
        assertThat(list).contains(name, "href=\"/portal/campaigns/" + id + "\"",
                "href=\"/portal/campaigns/" + id + "/content\"", "New campaign", "Not chosen yet");
        assertThat(page(NICE, get("/portal/campaigns"))).doesNotContain(name);
    }

    @Test
    void choosingATemplateCreatesADraftAndOpensPersonalisation() throws Exception {
        String templateName = "Opening night " + suffix();
        UUID template = publishedTemplate(templateName);

        String choose = page(LYON, get("/portal/campaigns/new"));
        assertThat(choose).contains(templateName, "value=\"" + template + "\"", "Hello Alex");

        String name = "My opening " + suffix();
        MockHttpServletResponse created = as(LYON, post("/portal/campaigns").with(csrf())
                .param("templateId", template.toString()).param("name", name));
        assertThat(created.getStatus()).isEqualTo(302);
        UUID lyon = branch("LYO-01");
        Campaigns.Summary summary = personas.callAs(LYON, () -> campaigns.listForBranch(lyon)).stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        assertThat(created.getRedirectedUrl()).isEqualTo("/portal/campaigns/" + summary.id() + "/content");
        assertThat(summary.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(summary.templateId()).isEqualTo(template);

        String content = page(LYON, get(created.getRedirectedUrl()));
        assertThat(content).contains(name, "Locked heading", "Locked by headquarters", "Default text",
                "name=\"subject\"", "name=\"b." + TEXT + ".html\"", "40 characters max")
                .doesNotContain("name=\"b." + HEADING + ".text\"");

        // nothing chosen: the form comes back saying so
        MockHttpServletResponse none = as(LYON, post("/portal/campaigns").with(csrf()).param("name", "x"));
        assertThat(none.getStatus()).isEqualTo(400);
        assertThat(none.getContentAsString()).contains("Choose the template to start from.");
    }

    @Test
    void savingKeepsTheValuesAndShowsProblemsNextToTheirBlock() throws Exception {
        UUID id = lyonCampaign("Too long " + suffix());
        long version = details(id).version();
        String tooLong = "<p>" + "x".repeat(60) + "</p>";

        String answer = page(LYON, post("/portal/campaigns/{campaignId}/content", id).with(csrf())
                .header("HX-Request", "true").param("version", String.valueOf(version))
                .param("subject", "Hi {{contact.firstName}}, new arrivals").param("b." + TEXT + ".html", tooLong));
        assertThat(answer).contains("id=\"campaign-version\"", "data-slot=\"b-" + TEXT + "-html\"",
                "At most 40 characters.", "Saved at");

        Campaigns.Details saved = details(id);
        assertThat(saved.version()).isGreaterThan(version);
        assertThat(saved.content().subject()).isEqualTo("Hi {{contact.firstName}}, new arrivals");
        assertThat(saved.content().value(TEXT, "html")).contains("x".repeat(60));

        String again = page(LYON, get("/portal/campaigns/{campaignId}/content", id));
        assertThat(again).contains("value=\"Hi {{contact.firstName}}, new arrivals\"", "x".repeat(60));
        int slot = again.indexOf("id=\"p-b-" + TEXT + "-html\"");
        assertThat(slot).isPositive();
        assertThat(again.substring(slot, again.indexOf("</div></div>", slot))).contains("At most 40 characters.");
    }

    @Test
    void aFormChangingALockedOrUnknownBlockIsRefusedAndNothingIsSaved() throws Exception {
        UUID id = lyonCampaign("Tampered " + suffix());
        Campaigns.Details before = details(id);

        MockHttpServletResponse locked = as(LYON, post("/portal/campaigns/{campaignId}/content", id).with(csrf())
                .param("version", String.valueOf(before.version())).param("b." + TEXT + ".html", "<p>Mine</p>")
                .param("b." + HEADING + ".text", "Hacked heading"));
        assertThat(locked.getStatus()).isEqualTo(400);
        assertThat(locked.getContentAsString()).contains("Change refused", "Nothing was saved");

        MockHttpServletResponse unknown = as(LYON, post("/portal/campaigns/{campaignId}/content", id).with(csrf())
                .param("version", String.valueOf(before.version())).param("b.nope0001.text", "Hello"));
        assertThat(unknown.getStatus()).isEqualTo(400);

        Campaigns.Details after = details(id);
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.content()).isEqualTo(before.content());
        assertThat(after.content().blocks()).doesNotContainKey(HEADING);
    }

    @Test
    void aStaleSaveKeepsWhatWasTypedAndSaysSo() throws Exception {
        UUID id = lyonCampaign("Stale " + suffix());
        Campaigns.Details before = details(id);

        MockHttpServletResponse stale = as(LYON, post("/portal/campaigns/{campaignId}/content", id).with(csrf())
                .param("version", String.valueOf(before.version() - 1))
                .param("subject", "My typed subject").param("b." + TEXT + ".html", "<p>My typed text</p>"));
        assertThat(stale.getStatus()).isEqualTo(409);
        assertThat(stale.getContentAsString()).contains("Someone else changed this record",
                "value=\"My typed subject\"", "My typed text");
        assertThat(details(id).content()).isEqualTo(before.content());

        // the autosave variant answers only the state and the alert
        String htmx = page(LYON, post("/portal/campaigns/{campaignId}/content", id).with(csrf())
                .header("HX-Request", "true").param("version", "not-a-number").param("subject", "Typed"));
        assertThat(htmx).contains("Not saved", "hx-swap-oob").doesNotContain("name=\"subject\"");
        assertThat(details(id).content()).isEqualTo(before.content());
    }

    @Test
    void theAudienceStepShowsTheLiveCountOfConsentingContacts() throws Exception {
        String tag = "wiz" + suffix();
        UUID lyon = branch("LYO-01");
        personas.runAs(LYON, () -> {
            for (int i = 0; i < 3; i++) {
                UUID contact = contacts.create(lyon, new Contacts.ContactData(tag + i + "@example.com", null, "Ana",
                        "Wizard", null, null, null, null, null, null, List.of(tag)));
                if (i < 2) {
                    contacts.recordConsent(contact, Contacts.Channel.EMAIL, Contacts.ConsentState.GRANTED,
                            Contacts.ConsentSource.FORM, "wizard test");
                }
            }
        });
        String segmentName = "Wizard audience " + tag;
        UUID segment = personas.callAs(MARKETER, () -> segments.create(null, new Segments.Draft(segmentName, "",
                new Segments.Definition(Contacts.Channel.EMAIL, new Segments.Group(Segments.Combinator.ALL,
                        List.of(new Segments.Condition("tags", Segments.Operator.HAS_TAG, List.of(tag))))))));
        UUID id = lyonCampaign("Audience " + suffix());

        String step = page(LYON, get("/portal/campaigns/{campaignId}/audience", id));
        assertThat(step).contains(segmentName, "value=\"" + segment + "\"",
                "/portal/campaigns/" + id + "/audience/count?segmentId=" + segment, "without consent");
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}/audience/count", id)
                .param("segmentId", segment.toString()))).contains("2 recipients");

        String chosen = page(LYON, post("/portal/campaigns/{campaignId}/audience", id).with(csrf())
                .header("HX-Request", "true").param("segmentId", segment.toString())
                .param("version", String.valueOf(details(id).version())));
        assertThat(chosen).contains(segmentName, "id=\"recipient-count\"", ">2<");
        assertThat(details(id).summary().segmentId()).isEqualTo(segment);
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}/schedule", id))).contains("2 recipients");
    }

    @Test
    void theScheduleIsReadInTheBranchsTimeZone() throws Exception {
        UUID id = lyonCampaign("Schedule " + suffix());
        UUID lyon = branch("LYO-01");
        String zone = personas.callAs(LYON, () -> branches.get(lyon)).timeZone();
        ZoneId branchZone = ZoneId.of(zone == null || zone.isBlank() ? "Europe/Paris" : zone);

        String step = page(LYON, get("/portal/campaigns/{campaignId}/schedule", id));
        assertThat(step).contains(branchZone.getId(), "As soon as possible", "name=\"sendDate\"",
                "It is sent as soon as it is approved.");
        // while a date is being picked, the summary follows it
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}/schedule/next", id).param("when", "later")
                .param("sendDate", "2031-07-01").param("sendTime", "09:30")))
                .contains("It will be sent on Tuesday, July 1, 2031 at 9:30", branchZone.getId());

        MockHttpServletResponse saved = as(LYON, post("/portal/campaigns/{campaignId}/schedule", id).with(csrf())
                .param("version", String.valueOf(details(id).version())).param("when", "later")
                .param("sendDate", "2031-07-01").param("sendTime", "09:30").param("action", "save"));
        assertThat(saved.getStatus()).isEqualTo(302);
        assertThat(details(id).summary().sendAt())
                .isEqualTo(LocalDateTime.of(2031, 7, 1, 9, 30).atZone(branchZone).toInstant());
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}/schedule", id)))
                .contains("value=\"2031-07-01\"", "value=\"09:30\"", "It will be sent on");

        // a date in the past is refused and the typed values stay
        MockHttpServletResponse past = as(LYON, post("/portal/campaigns/{campaignId}/schedule", id).with(csrf())
                .param("version", String.valueOf(details(id).version())).param("when", "later")
                .param("sendDate", "2020-01-01").param("sendTime", "08:00").param("action", "save"));
        assertThat(past.getStatus()).isEqualTo(400);
        assertThat(past.getContentAsString()).contains("Choose a date and time in the future.",
                "value=\"2020-01-01\"");
    }

    @Test
    void submittingWithAMissingRequiredPartListsItWithALinkToTheBlock() throws Exception {
        UUID id = lyonCampaign("Incomplete " + suffix());
        page(LYON, post("/portal/campaigns/{campaignId}/content", id).with(csrf()).header("HX-Request", "true")
                .param("version", String.valueOf(details(id).version())).param("subject", "Hello")
                .param("b." + TEXT + ".html", ""));

        MockHttpServletResponse refused = as(LYON, post("/portal/campaigns/{campaignId}/schedule", id).with(csrf())
                .param("version", String.valueOf(details(id).version())).param("when", "now")
                .param("action", "submit"));
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString()).contains("Not submitted", "This is required.",
                "/portal/campaigns/" + id + "/content#w-b-" + TEXT + "-html");
        assertThat(details(id).status()).isEqualTo(CampaignStatus.DRAFT);
    }

    @Test
    void anotherBranchsCampaignIsOutOfReach() throws Exception {
        UUID id = lyonCampaign("Private " + suffix());
        long version = details(id).version();
        for (String path : List.of("", "/content", "/audience", "/schedule", "/preview")) {
            assertThat(as(NICE, get("/portal/campaigns/" + id + path)).getStatus()).as(path).isEqualTo(403);
        }
        assertThat(as(NICE, post("/portal/campaigns/{campaignId}/content", id).with(csrf())
                .param("version", String.valueOf(version)).param("subject", "Nice was here")).getStatus())
                .isEqualTo(403);
        assertThat(as(NICE, post("/portal/campaigns/{campaignId}/cancel", id).with(csrf())).getStatus())
                .isEqualTo(403);
        assertThat(details(id).status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(details(id).version()).isEqualTo(version);
        assertThat(as(LYON, get("/portal/campaigns/{campaignId}", UUID.randomUUID())).getStatus()).isEqualTo(404);
    }

    @Test
    void theCampaignPageShowsTheTimelineTakesAnswersAndCancels() throws Exception {
        String name = "Thread " + suffix();
        UUID id = lyonCampaign(name);

        String campaign = page(LYON, get("/portal/campaigns/{campaignId}", id));
        assertThat(campaign).contains(name, "Created", "Continue editing", "Cancel the campaign");

        MockHttpServletResponse empty = as(LYON, post("/portal/campaigns/{campaignId}/comments", id).with(csrf())
                .param("text", "  "));
        assertThat(empty.getStatus()).isEqualTo(400);
        assertThat(as(LYON, post("/portal/campaigns/{campaignId}/comments", id).with(csrf())
                .param("text", "We open at 9 on Sunday")).getStatus()).isEqualTo(302);
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}", id))).contains("We open at 9 on Sunday");

        assertThat(as(LYON, post("/portal/campaigns/{campaignId}/cancel", id).with(csrf())
                .param("reason", "Event moved")).getStatus()).isEqualTo(302);
        assertThat(details(id).status()).isEqualTo(CampaignStatus.CANCELLED);
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}", id))).contains("Cancelled")
                .doesNotContain("Cancel the campaign");
        // a cancelled campaign cannot be edited any more: its steps lead back to its page
        assertThat(as(LYON, get("/portal/campaigns/{campaignId}/content", id)).getRedirectedUrl())
                .isEqualTo("/portal/campaigns/" + id);
    }

    @Test
    void aBranchNoValidatorCoversIsToldHeadquartersWillReview() throws Exception {
        // the demo network has validators for Auvergne-Rhône-Alpes only: Nice's campaigns go to headquarters
        String name = "No validator " + suffix();
        UUID template = publishedTemplate("Wizard " + name);
        UUID nice = branch("NCE-01");
        UUID id = personas.callAs(NICE, () -> campaigns.createFromTemplate(nice, template, name));
        assertThat(page(NICE, get("/portal/campaigns/{campaignId}/schedule", id)))
                .contains("It will be reviewed by headquarters within 48 h (no validator covers your branch yet).")
                .doesNotContain("validators of");
    }

    @Test
    void aSubmittedCampaignSentBackForChangesIsEditedAndResubmitted() throws Exception {
        String name = "Resubmit " + suffix();
        UUID id = lyonCampaign(name);
        UUID segment = personas.callAs(MARKETER, () -> segments.create(null, new Segments.Draft(
                "Wizard resubmit " + suffix(), "", new Segments.Definition(Contacts.Channel.EMAIL,
                        new Segments.Group(Segments.Combinator.ALL, List.of(new Segments.Condition("tags",
                                Segments.Operator.HAS_TAG, List.of("nobody-" + suffix()))))))));
        assertThat(as(LYON, post("/portal/campaigns/{campaignId}/audience", id).with(csrf())
                .param("segmentId", segment.toString()).param("version", String.valueOf(details(id).version()))
                .param("next", "schedule")).getRedirectedUrl()).isEqualTo("/portal/campaigns/" + id + "/schedule");

        String schedule = page(LYON, get("/portal/campaigns/{campaignId}/schedule", id));
        assertThat(schedule).contains("It will be reviewed by the validators of Auvergne-Rhône-Alpes within 48 h.");
        MockHttpServletResponse submitted = as(LYON, post("/portal/campaigns/{campaignId}/schedule", id).with(csrf())
                .param("version", String.valueOf(details(id).version())).param("when", "now")
                .param("action", "submit"));
        assertThat(submitted.getRedirectedUrl()).isEqualTo("/portal/campaigns/" + id);
        assertThat(details(id).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        assertThat(as(LYON, get("/portal/campaigns/{campaignId}/content", id)).getRedirectedUrl())
                .isEqualTo("/portal/campaigns/" + id);

        personas.runAs(Personas.VALIDATOR, () -> campaigns.requestChanges(id, "Please mention the Sunday opening"));
        String campaign = page(LYON, get("/portal/campaigns/{campaignId}", id));
        assertThat(campaign).contains("The reviewer asks for changes", "Please mention the Sunday opening",
                "Edit and resubmit", "Submitted for review", "Changes requested");
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}/schedule", id))).contains("Resubmit for review");

        page(LYON, post("/portal/campaigns/{campaignId}/content", id).with(csrf()).header("HX-Request", "true")
                .param("version", String.valueOf(details(id).version())).param("subject", "Hello, open on Sunday")
                .param("b." + TEXT + ".html", "<p>Open on Sunday too</p>"));
        as(LYON, post("/portal/campaigns/{campaignId}/schedule", id).with(csrf())
                .param("version", String.valueOf(details(id).version())).param("when", "now")
                .param("action", "submit"));
        assertThat(details(id).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        assertThat(details(id).content().subject()).isEqualTo("Hello, open on Sunday");
    }
}
