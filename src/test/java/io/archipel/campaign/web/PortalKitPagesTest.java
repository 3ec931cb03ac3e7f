package io.archipel.campaign.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.Availability;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.campaign.ReviewFixture;
import io.archipel.identity.Role;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * HQ kits as a branch manager meets them on the portal: offered only to the branches HQ pushed them to (page, step 1
 * section, campaign-list banner), "personalise this kit" making a draft with the kit's content and opening step 2,
 * "not for us" hiding the kit and showing as ignored to HQ, refused input kept, another branch's manager kept out,
 * and nothing at all in the fragments when no kit waits.
 */
@ArchipelTest
class PortalKitPagesTest {

    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;
    private static final String MARKETER = Personas.HQ_MARKETER;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    KitService kits;
    @Autowired
    CampaignService campaigns;
    @Autowired
    BranchService branches;
    @Autowired
    ApplicationContext context;

    ReviewFixture fixture;
    UUID lyon;
    UUID nice;

    @BeforeEach
    void setUp() {
        fixture = new ReviewFixture(context);
        lyon = fixture.branchId("LYO-01");
        nice = fixture.branchId("NCE-01");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A kit on the review fixture's template, with its own subject and the fixture's segment, pushed to targets. */
    private UUID pushedKit(String name, String subject, Availability targets) {
        LocalDate today = LocalDate.now(PARIS);
        return personas.callAs(MARKETER, () -> {
            UUID id = kits.create(name, fixture.templateId(), "Brief of " + name + ": light up the shop window.");
            long version = kits.get(id).version();
            version = kits.saveContent(id, version, new Campaigns.Content(subject, null, Map.of(), Map.of()));
            version = kits.update(id, version, name, "Brief of " + name + ": light up the shop window.",
                    fixture.segmentId(), today, today.plusDays(10));
            kits.push(id, version, targets);
            return id;
        });
    }

    private UUID lyonOnlyKit(String name, String subject) {
        return pushedKit(name, subject, new Availability(Availability.Audience.PILOT, Set.of(), Set.of(lyon), null,
                null));
    }

    private Kits.BranchProgress progress(UUID kitId, UUID branchId) {
        return personas.callAs(MARKETER, () -> kits.progress(kitId)).stream()
                .filter(p -> p.branchId().equals(branchId)).findFirst().orElseThrow();
    }

    private MockHttpServletResponse as(String persona, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(persona)))
                .andReturn().getResponse();
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        return response;
    }

    private org.springframework.test.web.servlet.MvcResult result(String persona,
            MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(persona))).andReturn();
    }

    private String page(String persona, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = as(persona, request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return response.getContentAsString();
    }

    private static String unique() {
        return ReviewFixture.unique();
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void aKitIsOfferedOnlyToTheBranchesItWasPushedTo() throws Exception {
        String name = "Festival of lights " + unique();
        UUID kit = lyonOnlyKit(name, "Our lamps for the festival of lights at {{branch.name}}");
        LocalDate today = LocalDate.now(PARIS);
        String until = "Until " + PortalKitController.date(today.plusDays(10), today, Locale.ENGLISH);

        String list = page(LYON, get("/portal/kits"));
        // the subject as customers will read it, with the branch's details, not the raw merge token
        assertThat(list).contains("Kits from headquarters", name, "Brief of " + name,
                "Our lamps for the festival of lights at Maison Lumière Lyon Part-Dieu", until, "Suggested audience",
                "Personalise this kit", "Not for us",
                "action=\"/portal/kits/" + kit + "/start\"", "action=\"/portal/kits/" + kit + "/dismiss\"")
                .doesNotContain("{{branch.name}}");

        String choices = page(LYON, get("/portal/kits/choices").param("branchId", lyon.toString()));
        assertThat(choices).contains("id=\"kit-choices\"", name, "Personalise this kit", "value=\"new\"")
                .doesNotContain("<html");

        String waiting = page(LYON, get("/portal/kits/waiting").param("branchId", lyon.toString()));
        assertThat(waiting).contains("id=\"kits-waiting\"", "waiting for you",
                "href=\"/portal/kits?branchId=" + lyon + "\"");

        // French: the same kit, in the reader's language
        MockHttpServletResponse fr = mvc.perform(get("/portal/kits").locale(Locale.FRENCH).with(personas.as(LYON)))
                .andReturn().getResponse();
        assertThat(fr.getContentAsString(StandardCharsets.UTF_8)).contains("Campagnes clé en main du siège", name,
                "Personnaliser cette campagne", "Pas pour nous", "Jusqu’au");

        // NCE-01 (PACA) was not targeted
        assertThat(page(NICE, get("/portal/kits"))).doesNotContain(name);
        assertThat(page(NICE, get("/portal/kits/choices").param("branchId", nice.toString()))).doesNotContain(name);
        assertThat(progress(kit, lyon).state()).isEqualTo(Kits.BranchState.PENDING);
    }

    @Test
    void personalisingAKitCreatesADraftWithItsContentAndOpensStep2() throws Exception {
        String kitName = "Winter lights " + unique();
        UUID kit = lyonOnlyKit(kitName, "Winter lights at Maison Lumière");
        String campaignName = "Our winter lights " + unique();

        var result = result(LYON, post("/portal/kits/{kitId}/start", kit).with(csrf())
                .param("branchId", lyon.toString()).param("name", campaignName));
        MockHttpServletResponse started = result.getResponse();
        assertThat(started.getStatus()).isEqualTo(302);
        Campaigns.Summary summary = personas.callAs(LYON, () -> campaigns.listForBranch(lyon)).stream()
                .filter(s -> s.name().equals(campaignName)).findFirst().orElseThrow();
        assertThat(started.getRedirectedUrl()).isEqualTo("/portal/campaigns/" + summary.id() + "/content");
        assertThat(result.getFlashMap().get("flashSuccess")).isEqualTo("kit.portal.started");

        Campaigns.Details details = personas.callAs(LYON, () -> campaigns.get(summary.id()));
        assertThat(details.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(details.kitId()).isEqualTo(kit);
        assertThat(details.summary().templateId()).isEqualTo(fixture.templateId());
        assertThat(details.content().subject()).isEqualTo("Winter lights at Maison Lumière");
        assertThat(details.summary().segmentId()).isEqualTo(fixture.segmentId());

        // step 2 and the campaign's page say where it comes from; the subject is the kit's
        assertThat(page(LYON, get(started.getRedirectedUrl()))).contains("Started from the kit “" + kitName + "”",
                "value=\"Winter lights at Maison Lumière\"");
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}", summary.id())))
                .contains("Started from the kit “" + kitName + "”");

        // used: no longer offered; HQ sees it used, with the campaign
        assertThat(page(LYON, get("/portal/kits"))).doesNotContain(kitName);
        Kits.BranchProgress used = progress(kit, lyon);
        assertThat(used.state()).isEqualTo(Kits.BranchState.USED);
        assertThat(used.campaignId()).isEqualTo(summary.id());

        // a second start of the same kit (double click, old tab) leads to the campaign the first one made
        MockHttpServletResponse again = as(LYON, post("/portal/kits/{kitId}/start", kit).with(csrf())
                .param("branchId", lyon.toString()));
        assertThat(again.getRedirectedUrl()).isEqualTo("/portal/campaigns/" + summary.id());
        assertThat(personas.callAs(LYON, () -> campaigns.listForBranch(lyon)).stream()
                .filter(c -> c.name().equals(details.summary().name()))).hasSize(1);
    }

    @Test
    void aBlankNameTakesTheKitsNameAndATooLongOneIsRefusedKeepingWhatWasTyped() throws Exception {
        String kitName = "Name check " + unique();
        UUID kit = lyonOnlyKit(kitName, "A subject for the name check");
        String tooLong = "Très long nom de campagne " + "x".repeat(120);

        MockHttpServletResponse refused = as(LYON, post("/portal/kits/{kitId}/start", kit).with(csrf())
                .param("branchId", lyon.toString()).param("name", tooLong).param("from", "new"));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentAsString()).contains("At most 120 characters.", "value=\"" + tooLong + "\"",
                "aria-invalid=\"true\"", "id=\"kit-name-" + kit + "-error\"");
        assertThat(personas.callAs(LYON, () -> campaigns.listForBranch(lyon)).stream()
                .filter(s -> kit.equals(personas.callAs(LYON, () -> campaigns.get(s.id())).kitId()))).isEmpty();

        MockHttpServletResponse started = as(LYON, post("/portal/kits/{kitId}/start", kit).with(csrf())
                .param("branchId", lyon.toString()).param("name", "   "));
        assertThat(started.getStatus()).isEqualTo(302);
        UUID campaignId = UUID.fromString(started.getRedirectedUrl().split("/")[3]);
        assertThat(personas.callAs(LYON, () -> campaigns.get(campaignId)).summary().name()).isEqualTo(kitName);
    }

    @Test
    void notForUsHidesTheKitAndHqSeesItIgnoredWithTheReason() throws Exception {
        String kitName = "Not ours " + unique();
        UUID kit = lyonOnlyKit(kitName, "A subject we will not use");

        // too long: refused, the reason kept, the disclosure open
        String tooLong = "Nous n’avons pas ce rayon. " + "y".repeat(500);
        MockHttpServletResponse refused = as(LYON, post("/portal/kits/{kitId}/dismiss", kit).with(csrf())
                .param("branchId", lyon.toString()).param("reason", tooLong));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentAsString()).contains("At most 500 characters.", tooLong, "open=\"open\"",
                "id=\"kit-reason-" + kit + "-error\"");
        assertThat(progress(kit, lyon).state()).isEqualTo(Kits.BranchState.PENDING);

        // from step 1: back to step 1
        var result = result(LYON, post("/portal/kits/{kitId}/dismiss", kit).with(csrf())
                .param("branchId", lyon.toString()).param("reason", "We do not sell garden lamps")
                .param("from", "new"));
        MockHttpServletResponse dismissed = result.getResponse();
        assertThat(dismissed.getStatus()).isEqualTo(302);
        assertThat(dismissed.getRedirectedUrl()).isEqualTo("/portal/campaigns/new?branchId=" + lyon);
        assertThat(result.getFlashMap().get("flashSuccess")).isEqualTo("kit.portal.dismissed");

        assertThat(page(LYON, get("/portal/kits"))).doesNotContain(kitName);
        assertThat(page(LYON, get("/portal/kits/choices").param("branchId", lyon.toString())))
                .doesNotContain(kitName);
        Kits.BranchProgress ignored = progress(kit, lyon);
        assertThat(ignored.state()).isEqualTo(Kits.BranchState.IGNORED);
        assertThat(ignored.reason()).isEqualTo("We do not sell garden lamps");
    }

    @Test
    void anotherBranchsManagerCannotSeeStartOrDismissTheKit() throws Exception {
        String kitName = "Lyon only " + unique();
        UUID kit = lyonOnlyKit(kitName, "For Lyon only");

        // NCE-01's own branch: the kit is not offered to it
        assertThat(as(NICE, post("/portal/kits/{kitId}/start", kit).with(csrf()).param("branchId", nice.toString()))
                .getStatus()).isEqualTo(404);
        assertThat(as(NICE, post("/portal/kits/{kitId}/dismiss", kit).with(csrf()).param("branchId", nice.toString()))
                .getStatus()).isEqualTo(404);
        // acting for LYO-01: outside their branches
        assertThat(as(NICE, post("/portal/kits/{kitId}/start", kit).with(csrf()).param("branchId", lyon.toString()))
                .getStatus()).isEqualTo(403);
        assertThat(as(NICE, get("/portal/kits").param("branchId", lyon.toString())).getStatus()).isEqualTo(403);
        assertThat(as(NICE, get("/portal/kits/choices").param("branchId", lyon.toString())).getStatus())
                .isEqualTo(403);
        MockHttpServletResponse waiting = as(NICE, get("/portal/kits/waiting").param("branchId", lyon.toString()));
        assertThat(waiting.getStatus()).isEqualTo(403);
        assertThat(waiting.getContentAsString()).doesNotContain(kitName);
        // HQ people are not branch managers: the portal is closed to them
        assertThat(as(MARKETER, get("/portal/kits")).getStatus()).isEqualTo(403);

        assertThat(progress(kit, lyon).state()).isEqualTo(Kits.BranchState.PENDING);
        assertThat(personas.callAs(MARKETER, () -> kits.progress(kit))).extracting(Kits.BranchProgress::branchId)
                .containsExactly(lyon);
    }

    @Test
    void withoutAKitWaitingTheFragmentsAreEmptyAndThePageSaysSo() throws Exception {
        // a new branch with its own manager; kits other tests pushed to the network are set aside for it
        String tag = unique();
        UUID zone = fixture.territoryId("ARA-LYO");
        UUID branch = personas.callAs(Personas.HQ_ADMIN, () -> branches.create(new BranchService.BranchData(
                "KIT-" + tag, "Kit test " + tag, zone, "1 rue du Test", null, "69003", "Lyon", "FR", null, null, null,
                "Europe/Paris", "Kit test " + tag)));
        String manager = fixture.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(branch), "en");
        for (Kits.Offer offer : personas.callAs(manager, () -> kits.offersFor(branch))) {
            personas.runAs(manager, () -> kits.dismiss(offer.kitId(), branch, null));
        }

        assertThat(page(manager, get("/portal/kits/choices").param("branchId", branch.toString()))).isBlank();
        assertThat(page(manager, get("/portal/kits/waiting").param("branchId", branch.toString()))).isBlank();
        assertThat(page(manager, get("/portal/kits"))).contains("No kit is waiting for your branch",
                "id=\"kits-empty\"");
        // the campaign list and step 1 still carry the slots that load them
        assertThat(page(manager, get("/portal/campaigns"))).contains("/portal/kits/waiting?branchId=" + branch);
        assertThat(page(manager, get("/portal/campaigns/new"))).contains("/portal/kits/choices?branchId=" + branch);

        // a kit pushed to the network reaches the new branch too
        String kitName = "Network kit " + unique();
        pushedKit(kitName, "For the whole network", Availability.NETWORK);
        assertThat(page(manager, get("/portal/kits/waiting").param("branchId", branch.toString())))
                .contains("waiting for you");
        assertThat(page(manager, get("/portal/kits/choices").param("branchId", branch.toString()))).contains(kitName);
    }

    @Test
    void theWindowReadsInTheBranchsCalendar() {
        LocalDate today = LocalDate.of(2027, 5, 1);
        Kits.Offer offer = new Kits.Offer(UUID.randomUUID(), "K", null, UUID.randomUUID(), "T",
                io.archipel.brand.TemplateChannel.EMAIL, today.minusDays(2), today.plusDays(13), null, null);
        PortalKitController.OfferCard open = PortalKitController.card(offer, today, Locale.ENGLISH);
        assertThat(open.windowKey()).isEqualTo("kit.portal.window.until");
        assertThat(open.windowArgs()).containsExactly("14 May");
        assertThat(open.endingSoon()).isFalse();

        PortalKitController.OfferCard soon = PortalKitController.card(new Kits.Offer(offer.kitId(), "K", null,
                offer.templateId(), "T", offer.channel(), today.minusDays(2), today.plusDays(2), null, null), today,
                Locale.FRENCH);
        assertThat(soon.windowArgs()).containsExactly("3 mai");
        assertThat(soon.daysLeft()).isEqualTo(2);

        PortalKitController.OfferCard later = PortalKitController.card(new Kits.Offer(offer.kitId(), "K", null,
                offer.templateId(), "T", offer.channel(), today.plusDays(5), LocalDate.of(2028, 1, 10), null, null),
                today, Locale.ENGLISH);
        assertThat(later.windowKey()).isEqualTo("kit.portal.window.range");
        assertThat(later.windowArgs()).containsExactly("6 May", "10 January 2028");
        assertThat(later.endingSoon()).isFalse();
    }
}
