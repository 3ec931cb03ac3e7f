package io.archipel.campaign;

import static io.archipel.campaign.CampaignFixture.ADMIN;
import static io.archipel.campaign.CampaignFixture.LYON;
import static io.archipel.campaign.CampaignFixture.MARKETER;
import static io.archipel.campaign.CampaignFixture.NICE;
import static io.archipel.campaign.CampaignFixture.VALIDATOR;
import static io.archipel.campaign.CampaignFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.audience.Contacts;
import io.archipel.brand.Availability;
import io.archipel.brand.BlockType;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.Campaigns.Content;
import io.archipel.campaign.Policies.ReviewMode;
import io.archipel.campaign.Policies.Reviewer;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** HQ campaign kits as HQ prepares and pushes them and as branches use or dismiss them, on the demo network. */
@ArchipelTest
class KitServiceTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    Personas personas;
    @Autowired
    KitService kits;
    @Autowired
    CampaignService campaigns;
    @Autowired
    TemplateService templates;
    @Autowired
    BranchService branches;
    @Autowired
    TerritoryService territories;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager txManager;

    CampaignFixture fx;
    UUID lyon;
    UUID nice;
    UUID template;

    @BeforeEach
    void setUp() {
        fx = CampaignFixture.of(context);
        lyon = fx.branch("LYO-01");
        nice = fx.branch("NCE-01");
        template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
    }

    private UUID newKit() {
        return personas.callAs(MARKETER, () -> kits.create("Kit " + CampaignFixture.unique(), template,
                "Personalise the heading with your branch's news."));
    }

    private Kits.Details get(UUID kitId) {
        return personas.callAs(MARKETER, () -> kits.get(kitId));
    }

    private long window(UUID kitId, UUID segmentId, LocalDate start, LocalDate end) {
        Kits.Details d = get(kitId);
        return personas.callAs(MARKETER, () -> kits.update(kitId, d.version(), d.summary().name(), d.brief(),
                segmentId, start, end));
    }

    /** A kit with a window starting in a week, pushed to {@code targets}. */
    private UUID pushedKit(Availability targets) {
        UUID kitId = newKit();
        window(kitId, null, today().plusDays(7), today().plusDays(21));
        personas.runAs(MARKETER, () -> kits.push(kitId, kits.get(kitId).version(), targets));
        return kitId;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/Paris"));
    }

    private static Availability pilot(Set<UUID> territories, Set<UUID> branches) {
        return new Availability(Availability.Audience.PILOT, territories, branches, null, null);
    }

    private Content withHeading(Kits.Details d, String text) {
        String heading = CampaignFixture.blockId(d.template(), BlockType.HEADING);
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>(d.content().blocks());
        Map<String, String> values = new LinkedHashMap<>(blocks.get(heading));
        values.put("text", text);
        blocks.put(heading, values);
        return new Content(d.content().subject(), d.content().preheader(), blocks, d.content().smsParts());
    }

    private List<UUID> offered(String persona, UUID branchId) {
        return personas.callAs(persona, () -> kits.offersFor(branchId)).stream().map(Kits.Offer::kitId).toList();
    }

    private Kits.BranchProgress progressOf(UUID kitId, UUID branchId) {
        return personas.callAs(MARKETER, () -> kits.progress(kitId)).stream()
                .filter(p -> p.branchId().equals(branchId)).findFirst().orElseThrow();
    }

    private static List<String> paths(Kits.InvalidKitException e) {
        return e.problems().stream().map(TemplateProblem::path).toList();
    }

    @Test
    void hqCreatesADraftKitOnTheLatestPublishedVersionWithItsDefaults() {
        UUID kitId = newKit();

        Kits.Details d = get(kitId);
        assertThat(d.status()).isEqualTo(Kits.Status.DRAFT);
        assertThat(d.summary().templateId()).isEqualTo(template);
        assertThat(d.summary().channel()).isEqualTo(TemplateChannel.EMAIL);
        assertThat(d.templateVersionId()).isEqualTo(d.template().id());
        assertThat(d.template().number()).isEqualTo(1);
        assertThat(d.brief()).isEqualTo("Personalise the heading with your branch's news.");
        assertThat(d.content()).isEqualTo(CampaignContents.defaults(d.template()));
        assertThat(d.targets()).isEqualTo(Availability.NETWORK);
        assertThat(d.summary().targeted()).isZero();
        assertThat(personas.callAs(ADMIN, () -> kits.list(false))).extracting(Kits.Summary::id).contains(kitId);
        assertThat(personas.callAs(ADMIN, () -> kits.list(true))).extracting(Kits.Summary::id)
                .doesNotContain(kitId);
    }

    @Test
    void creatingRefusesABlankNameAnUnpublishedTemplateAndAnUnknownOne() {
        UUID unpublished = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.EMAIL,
                "Kit unpublished " + CampaignFixture.unique(), io.archipel.brand.TemplateCategory.PROMOTION, ""));

        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.create("  ", unpublished, "x".repeat(2001))))
                .isInstanceOfSatisfying(Kits.InvalidKitException.class, e -> assertThat(paths(e))
                        .containsExactlyInAnyOrder("name", "brief", "templateId"));
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.create("Kit", null, "")))
                .isInstanceOfSatisfying(Kits.InvalidKitException.class, e -> assertThat(paths(e))
                        .containsExactly("templateId"));
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.create("Kit", UUID.randomUUID(), "")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void hqEditsTheSettingsAndEveryBadValueIsReportedAtOnce() {
        UUID kitId = newKit();
        UUID emailSegment = fx.segment(Contacts.Channel.EMAIL);
        UUID smsSegment = fx.segment(Contacts.Channel.SMS);
        long v = get(kitId).version();

        long next = personas.callAs(MARKETER, () -> kits.update(kitId, v, "  Fête des pères  ", "Brief",
                emailSegment, today().plusDays(3), today().plusDays(10)));

        Kits.Details d = get(kitId);
        assertThat(d.version()).isEqualTo(next);
        assertThat(d.summary().name()).isEqualTo("Fête des pères");
        assertThat(d.segmentId()).isEqualTo(emailSegment);
        assertThat(d.segmentName()).startsWith("Campaign audience");
        assertThat(d.summary().windowStart()).isEqualTo(today().plusDays(3));
        assertThat(d.summary().windowEnd()).isEqualTo(today().plusDays(10));

        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.update(kitId, next, "x".repeat(121), "",
                smsSegment, today().plusDays(5), today().plusDays(4))))
                .isInstanceOfSatisfying(Kits.InvalidKitException.class, e -> assertThat(e.problems())
                        .extracting(TemplateProblem::path, TemplateProblem::messageKey)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("name", "kit.problem.tooLong"),
                                org.assertj.core.groups.Tuple.tuple("segmentId", "kit.problem.segment"),
                                org.assertj.core.groups.Tuple.tuple("windowEnd", "kit.problem.windowOrder")));
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.update(kitId, next, "Kit", "", null,
                today().minusDays(9), today().minusDays(1))))
                .isInstanceOfSatisfying(Kits.InvalidKitException.class, e -> assertThat(e.problems())
                        .extracting(TemplateProblem::messageKey).containsExactly("kit.problem.windowPast"));
        // a branch's own segment is not an HQ suggestion
        UUID own = jdbc.queryForObject("select gen_random_uuid()", UUID.class);
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.update(kitId, next, "Kit", "", own,
                null, null))).isInstanceOf(Kits.InvalidKitException.class);
        // nothing of the refused edits was kept; an old version is stale
        assertThat(get(kitId).summary().name()).isEqualTo("Fête des pères");
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.update(kitId, v, "Old", "", null, null,
                null))).isInstanceOf(StaleCampaignException.class);
    }

    @Test
    void contentIsSavedLikeACampaignsAndLockedPlacesAreRefused() {
        UUID kitId = newKit();
        Kits.Details d = get(kitId);
        long next = personas.callAs(MARKETER, () -> kits.saveContent(kitId, d.version(),
                withHeading(d, "Bonne fête maman !")));
        Kits.Details saved = get(kitId);
        assertThat(saved.version()).isEqualTo(next);
        String heading = CampaignFixture.blockId(saved.template(), BlockType.HEADING);
        assertThat(saved.content().value(heading, "text")).isEqualTo("Bonne fête maman !");

        String locked = CampaignFixture.blockId(saved.template(), BlockType.RICH_TEXT);
        Content tampered = new Content(null, null, Map.of(locked, Map.of("html", "<p>Mine</p>")), Map.of());
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.saveContent(kitId, next, tampered)))
                .isInstanceOfSatisfying(TamperedCampaignException.class,
                        e -> assertThat(e.path()).isEqualTo(TemplateProblem.blockPath(locked, null)));
        assertThat(get(kitId).version()).isEqualTo(next);
    }

    @Test
    void pushRefusesBrokenContentAMissingWindowAndAnEmptyPilotGroup() {
        UUID kitId = newKit();
        Kits.Details d = get(kitId);
        long v = personas.callAs(MARKETER, () -> kits.saveContent(kitId, d.version(), withHeading(d, "")));
        String heading = CampaignFixture.blockId(d.template(), BlockType.HEADING);

        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.push(kitId, v, pilot(Set.of(), Set.of()))))
                .isInstanceOfSatisfying(Kits.InvalidKitException.class, e -> assertThat(paths(e))
                        .contains(TemplateProblem.blockPath(heading, "text"), "windowStart", "windowEnd",
                                "targets"));
        assertThat(personas.callAs(MARKETER, () -> kits.problems(kitId))).extracting(TemplateProblem::path)
                .contains(TemplateProblem.blockPath(heading, "text"));
        assertThat(get(kitId).status()).isEqualTo(Kits.Status.DRAFT);
        assertThat(offered(LYON, lyon)).doesNotContain(kitId);
        // an id that is not of the network
        long v2 = personas.callAs(MARKETER, () -> kits.saveContent(kitId, v, withHeading(d, "Back")));
        window(kitId, null, today(), today().plusDays(3));
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.push(kitId, get(kitId).version(),
                pilot(Set.of(), Set.of(UUID.randomUUID()))))).isInstanceOf(NotFoundException.class);
        assertThat(v2).isGreaterThan(v);
    }

    @Test
    void aNetworkKitIsOfferedToEveryBranchAndAPilotKitOnlyToItsGroup() {
        UUID network = pushedKit(Availability.NETWORK);
        UUID ara = pushedKit(pilot(Set.of(fx.territory("ARA")), Set.of()));
        UUID niceOnly = pushedKit(pilot(Set.of(), Set.of(nice)));

        Kits.Details d = get(network);
        assertThat(d.status()).isEqualTo(Kits.Status.PUSHED);
        assertThat(d.summary().pushedAt()).isNotNull();
        assertThat(d.summary().targeted()).isEqualTo(d.summary().pending()).isGreaterThanOrEqualTo(2);
        assertThat(offered(LYON, lyon)).contains(network, ara).doesNotContain(niceOnly);
        assertThat(offered(NICE, nice)).contains(network, niceOnly).doesNotContain(ara);
        assertThat(personas.callAs(MARKETER, () -> kits.progress(ara))).extracting(Kits.BranchProgress::branchId)
                .contains(lyon).doesNotContain(nice);
        assertThat(personas.callAs(MARKETER, () -> kits.progress(niceOnly))).singleElement()
                .satisfies(p -> {
                    assertThat(p.branchCode()).isEqualTo("NCE-01");
                    assertThat(p.state()).isEqualTo(Kits.BranchState.PENDING);
                });
        Kits.Offer offer = personas.callAs(LYON, () -> kits.offersFor(lyon)).stream()
                .filter(o -> o.kitId().equals(network)).findFirst().orElseThrow();
        assertThat(offer.templateId()).isEqualTo(template);
        assertThat(offer.brief()).isEqualTo(d.brief());
        assertThat(offer.windowEnd()).isEqualTo(today().plusDays(21));
        assertThat(offer.headline()).isEqualTo(d.template().email().subject().text());
        // a pushed kit is no longer edited
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.update(network, d.version(), "Again", "",
                null, null, null))).isInstanceOf(Kits.InvalidKitException.class);
    }

    @Test
    void aKitOnATemplateTheBranchMayNotUseIsNotOfferedToIt() {
        UUID niceOnly = personas.callAs(MARKETER, () -> {
            UUID id = templates.create(TemplateChannel.EMAIL, "Nice only kit " + CampaignFixture.unique(),
                    io.archipel.brand.TemplateCategory.EVENT, "");
            templates.publish(id, templates.get(id).version(), pilot(Set.of(), Set.of(nice)));
            return id;
        });
        UUID kitId = personas.callAs(MARKETER, () -> kits.create("Nice only " + CampaignFixture.unique(), niceOnly,
                ""));
        window(kitId, null, today(), today().plusDays(5));
        personas.runAs(MARKETER, () -> kits.push(kitId, kits.get(kitId).version(), Availability.NETWORK));

        assertThat(offered(NICE, nice)).contains(kitId);
        assertThat(offered(LYON, lyon)).doesNotContain(kitId);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> kits.start(kitId, lyon, "x")))
                .isInstanceOf(NotFoundException.class);
        assertThat(personas.callAs(NICE, () -> kits.start(kitId, nice, null))).isNotNull();
    }

    @Test
    void startingCarriesTheKitContentSegmentAndFirstDayOver() {
        UUID emailSegment = fx.segment(Contacts.Channel.EMAIL);
        UUID kitId = newKit();
        Kits.Details d = get(kitId);
        personas.runAs(MARKETER, () -> kits.saveContent(kitId, d.version(), withHeading(d, "Soldes d'été")));
        LocalDate start = today().plusDays(10);
        window(kitId, emailSegment, start, today().plusDays(20));
        personas.runAs(MARKETER, () -> kits.push(kitId, kits.get(kitId).version(), pilot(Set.of(), Set.of(lyon))));

        UUID campaignId = personas.callAs(LYON, () -> kits.start(kitId, lyon, " "));

        Campaigns.Details c = personas.callAs(LYON, () -> campaigns.get(campaignId));
        assertThat(c.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(c.kitId()).isEqualTo(kitId);
        assertThat(c.summary().name()).isEqualTo(d.summary().name());
        assertThat(c.summary().branchId()).isEqualTo(lyon);
        String heading = CampaignFixture.blockId(c.template(), BlockType.HEADING);
        assertThat(c.content().value(heading, "text")).isEqualTo("Soldes d'été");
        assertThat(c.summary().segmentId()).isEqualTo(emailSegment);
        assertThat(c.summary().sendAt()).isEqualTo(start.atTime(LocalTime.of(10, 0))
                .atZone(ZoneId.of("Europe/Paris")).toInstant());
        assertThat(personas.callAs(LYON, () -> kits.nameOf(kitId))).isEqualTo(d.summary().name());

        // used: no longer offered, cannot be started twice, shown as USED with the campaign
        assertThat(offered(LYON, lyon)).doesNotContain(kitId);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> kits.start(kitId, lyon, "Again")))
                .isInstanceOf(NotFoundException.class);
        Kits.BranchProgress p = progressOf(kitId, lyon);
        assertThat(p.state()).isEqualTo(Kits.BranchState.USED);
        assertThat(p.campaignId()).isEqualTo(campaignId);
        assertThat(p.campaignStatus()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(p.at()).isNotNull();
        assertThat(get(kitId).summary().used()).isEqualTo(1);

        // a cancelled campaign does not count: the kit is offered again while its window lasts
        personas.runAs(LYON, () -> campaigns.cancel(campaignId, null));
        assertThat(offered(LYON, lyon)).contains(kitId);
        assertThat(progressOf(kitId, lyon).state()).isEqualTo(Kits.BranchState.PENDING);
    }

    @Test
    void aDismissedKitLeavesTheOffersAndShowsAsIgnoredWithTheReason() {
        UUID kitId = pushedKit(pilot(Set.of(), Set.of(lyon, nice)));

        personas.runAs(LYON, () -> kits.dismiss(kitId, lyon, "  Nous sommes fermés en août.  "));

        assertThat(offered(LYON, lyon)).doesNotContain(kitId);
        assertThat(offered(NICE, nice)).contains(kitId);
        Kits.BranchProgress p = progressOf(kitId, lyon);
        assertThat(p.state()).isEqualTo(Kits.BranchState.IGNORED);
        assertThat(p.reason()).isEqualTo("Nous sommes fermés en août.");
        assertThat(p.at()).isNotNull();
        assertThat(progressOf(kitId, nice).state()).isEqualTo(Kits.BranchState.PENDING);
        Kits.Summary s = get(kitId).summary();
        assertThat(List.of(s.targeted(), s.used(), s.ignored(), s.pending())).containsExactly(2, 0, 1, 1);
        // pending first in the progress table
        assertThat(personas.callAs(MARKETER, () -> kits.progress(kitId))).extracting(Kits.BranchProgress::state)
                .containsExactly(Kits.BranchState.PENDING, Kits.BranchState.IGNORED);
        assertThatThrownBy(() -> personas.runAs(LYON, () -> kits.dismiss(kitId, lyon, "twice")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> kits.start(kitId, lyon, "After all")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aKitWhoseWindowEndedOrThatWasArchivedIsNoLongerOffered() {
        UUID ended = pushedKit(pilot(Set.of(), Set.of(lyon)));
        UUID archived = pushedKit(pilot(Set.of(), Set.of(lyon)));
        assertThat(offered(LYON, lyon)).contains(ended, archived);
        UUID tenantId = personas.principal(ADMIN).tenantId();
        TenantContext.runAsSystem(tenantId, () -> new TransactionTemplate(txManager).executeWithoutResult(s ->
                jdbc.update("update campaign_kit set window_start = ?, window_end = ? where tenant_id = ? and id = ?",
                        today().minusDays(10), today().minusDays(1), tenantId, ended)));
        personas.runAs(MARKETER, () -> kits.archive(archived));

        assertThat(offered(LYON, lyon)).doesNotContain(ended, archived);
        assertThat(progressOf(ended, lyon).state()).isEqualTo(Kits.BranchState.IGNORED);
        assertThat(progressOf(ended, lyon).reason()).isNull();
        assertThatThrownBy(() -> personas.callAs(LYON, () -> kits.start(ended, lyon, "Late")))
                .isInstanceOf(NotFoundException.class);
        assertThat(get(archived).status()).isEqualTo(Kits.Status.ARCHIVED);
        assertThat(personas.callAs(MARKETER, () -> kits.list(true))).extracting(Kits.Summary::id).contains(archived);
        assertThat(personas.callAs(MARKETER, () -> kits.list(false))).extracting(Kits.Summary::id)
                .doesNotContain(archived).contains(ended);
    }

    @Test
    void onlyHqManagesKitsAndABranchActsOnlyForItsOwnBranch() {
        UUID kitId = pushedKit(pilot(Set.of(), Set.of(lyon, nice)));
        for (String persona : List.of(VALIDATOR, Personas.EXECUTIVE, LYON)) {
            assertThatThrownBy(() -> personas.callAs(persona, () -> kits.list(false)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> personas.callAs(persona, () -> kits.get(kitId)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> personas.callAs(persona, () -> kits.create("Mine", template, "")))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> personas.callAs(persona, () -> kits.progress(kitId)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> personas.runAs(persona, () -> kits.archive(kitId)))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThatThrownBy(() -> personas.callAs(VALIDATOR, () -> kits.start(kitId, lyon, "x")))
                .isInstanceOf(AccessDeniedException.class);
        // Nice's manager cannot act for Lyon
        assertThatThrownBy(() -> personas.callAs(NICE, () -> kits.start(kitId, lyon, "x")))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.runAs(NICE, () -> kits.dismiss(kitId, lyon, "x")))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(NICE, () -> kits.offersFor(lyon)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThat(progressOf(kitId, lyon).state()).isEqualTo(Kits.BranchState.PENDING);
        // HQ acts on a branch's behalf
        UUID campaignId = personas.callAs(MARKETER, () -> kits.start(kitId, nice, "For Nice"));
        assertThat(progressOf(kitId, nice).campaignId()).isEqualTo(campaignId);
        // unknown kit
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> kits.get(UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> kits.start(UUID.randomUUID(), lyon, "x")))
                .isInstanceOf(NotFoundException.class);
    }
}
