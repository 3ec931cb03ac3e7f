package io.archipel.campaign;

import static io.archipel.campaign.CampaignFixture.ADMIN;
import static io.archipel.campaign.CampaignFixture.LYON;
import static io.archipel.campaign.CampaignFixture.MARKETER;
import static io.archipel.campaign.CampaignFixture.NICE;
import static io.archipel.campaign.CampaignFixture.VALIDATOR;
import static io.archipel.campaign.CampaignFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.Contacts;
import io.archipel.brand.BlockType;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateProblem;
import io.archipel.campaign.Campaigns.Content;
import io.archipel.campaign.Policies.ExpiryAction;
import io.archipel.campaign.Policies.ReviewMode;
import io.archipel.campaign.Policies.Reviewer;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The campaign engine as branch managers, validators and HQ use it, against the seeded demo network. */
@ArchipelTest
@org.springframework.test.context.event.RecordApplicationEvents
class CampaignServiceTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    org.springframework.test.context.event.ApplicationEvents events;

    @Autowired
    Personas personas;
    @Autowired
    CampaignService campaigns;
    @Autowired
    BranchService branches;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager txManager;

    CampaignFixture fx;
    UUID lyon;
    UUID nice;
    UUID emailSegment;

    @BeforeEach
    void setUp() {
        fx = CampaignFixture.of(context);
        lyon = fx.branch("LYO-01");
        nice = fx.branch("NCE-01");
        emailSegment = fx.segment(Contacts.Channel.EMAIL);
    }

    private Campaigns.Details get(String persona, UUID id) {
        return personas.callAs(persona, () -> campaigns.get(id));
    }

    private UUID create(String persona, UUID branchId, UUID templateId) {
        return personas.callAs(persona, () -> campaigns.createFromTemplate(branchId, templateId,
                "Spring " + CampaignFixture.unique()));
    }

    /** A Lyon draft with the audience chosen, ready to submit. */
    private UUID readyLyonCampaign(UUID templateId) {
        UUID id = create(LYON, lyon, templateId);
        personas.runAs(LYON, () -> campaigns.setAudience(id, campaigns.get(id).version(), emailSegment));
        return id;
    }

    private Content withHeading(Campaigns.Details d, String text) {
        String heading = CampaignFixture.blockId(d.template(), BlockType.HEADING);
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>(d.content().blocks());
        Map<String, String> values = new HashMap<>(blocks.get(heading));
        values.put("text", text);
        blocks.put(heading, values);
        return new Content(d.content().subject(), d.content().preheader(), blocks, d.content().smsParts());
    }

    private Campaigns.Submitted submit(String persona, UUID id) {
        return personas.callAs(persona, () -> campaigns.submit(id, campaigns.get(id).version()));
    }

    @Test
    void aBranchManagerCreatesADraftFromAPublishedTemplateWithItsEditableDefaults() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID id = create(LYON, lyon, template);

        Campaigns.Details d = get(LYON, id);
        assertThat(d.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(d.summary().branchCode()).isEqualTo("LYO-01");
        assertThat(d.summary().templateId()).isEqualTo(template);
        assertThat(d.summary().templateVersion()).isEqualTo(1);
        assertThat(d.summary().channel()).isEqualTo(TemplateChannel.EMAIL);
        assertThat(d.content().subject()).isEqualTo(d.template().email().subject().text());
        String heading = CampaignFixture.blockId(d.template(), BlockType.HEADING);
        String locked = CampaignFixture.blockId(d.template(), BlockType.RICH_TEXT);
        assertThat(d.content().blocks()).containsKey(heading).doesNotContainKey(locked);
        assertThat(d.changes()).isEmpty();
        assertThat(d.timeline()).singleElement().satisfies(t -> {
            assertThat(t.from()).isNull();
            assertThat(t.to()).isEqualTo(CampaignStatus.DRAFT);
            assertThat(t.actor()).isEqualTo(LYON);
        });
        assertThat(d.policy().source()).isEqualTo(Policies.Source.TEMPLATE);
        assertThat(personas.callAs(LYON, () -> campaigns.listForBranch(lyon))).extracting(Campaigns.Summary::id)
                .contains(id);
        // no audience yet: the only thing left to do
        assertThat(personas.callAs(LYON, () -> campaigns.problems(id))).extracting(TemplateProblem::messageKey)
                .containsExactly("campaign.problem.noAudience");
    }

    @Test
    void savingKeepsEditableValuesAndRefusesLockedOrUnknownBlocksAndStaleVersions() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID id = create(LYON, lyon, template);
        Campaigns.Details d = get(LYON, id);

        long next = personas.callAs(LYON, () -> campaigns.saveContent(id, d.version(),
                withHeading(d, "Bonjour les Lyonnais <3")));
        assertThat(next).isEqualTo(d.version() + 1);
        Campaigns.Details saved = get(LYON, id);
        String heading = CampaignFixture.blockId(d.template(), BlockType.HEADING);
        assertThat(saved.content().value(heading, "text")).isEqualTo("Bonjour les Lyonnais <3");
        assertThat(saved.version()).isEqualTo(next);
        assertThat(saved.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("blocks[" + heading + "].text");
            assertThat(c.after()).isEqualTo("Bonjour les Lyonnais <3");
        });

        // a value for the locked rich-text block: refused, nothing saved
        String locked = CampaignFixture.blockId(d.template(), BlockType.RICH_TEXT);
        Map<String, Map<String, String>> tampered = new LinkedHashMap<>(withHeading(saved, "Changed").blocks());
        tampered.put(locked, Map.of("html", "<p>Everything free!</p>"));
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.saveContent(id, next,
                new Content(saved.content().subject(), null, tampered, Map.of()))))
                .isInstanceOf(TamperedCampaignException.class);
        // an unknown block, and a locked preheader-like place: refused as well
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.saveContent(id, next,
                new Content(null, null, Map.of("nope", Map.of("text", "x")), Map.of()))))
                .isInstanceOf(TamperedCampaignException.class);
        Campaigns.Details after = get(LYON, id);
        assertThat(after.version()).isEqualTo(next);
        assertThat(after.content().value(heading, "text")).isEqualTo("Bonjour les Lyonnais <3");
        assertThat(after.content().blocks()).doesNotContainKey(locked);

        // a stale version is refused
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.saveContent(id, d.version(),
                withHeading(d, "Too late")))).isInstanceOf(StaleCampaignException.class);
        assertThat(get(LYON, id).content().value(heading, "text")).isEqualTo("Bonjour les Lyonnais <3");
    }

    @Test
    void richTextOfTheBranchIsSanitized() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS), c -> {
            // unlock the rich text again for this test
            var blocks = c.blocks().stream().map(b -> b.type() == BlockType.RICH_TEXT
                    ? new io.archipel.brand.TemplateBlock(b.id(), b.type(), false, b.constraints(), b.content()) : b)
                    .toList();
            return c.withBlocks(blocks);
        });
        UUID id = create(LYON, lyon, template);
        Campaigns.Details d = get(LYON, id);
        String rich = CampaignFixture.blockId(d.template(), BlockType.RICH_TEXT);
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>(d.content().blocks());
        blocks.put(rich, Map.of("html", "<p>Hi<script>alert(1)</script></p>"));
        personas.runAs(LYON, () -> campaigns.saveContent(id, d.version(), new Content(d.content().subject(),
                d.content().preheader(), blocks, Map.of())));
        assertThat(get(LYON, id).content().value(rich, "html")).contains("Hi").doesNotContain("script");
    }

    @Test
    void submittingIsRefusedWhileARequiredPartIsEmptyOrNoAudienceIsChosen() {
        UUID template = fx.emailTemplate(policy(ReviewMode.NEVER, Reviewer.TERRITORY_VALIDATORS));
        UUID id = create(LYON, lyon, template);
        Campaigns.Details d = get(LYON, id);
        personas.runAs(LYON, () -> campaigns.saveContent(id, d.version(), withHeading(d, "  ")));
        String heading = CampaignFixture.blockId(d.template(), BlockType.HEADING);

        Campaigns.Submitted refused = submit(LYON, id);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(refused.problems()).extracting(TemplateProblem::path, TemplateProblem::messageKey)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("blocks[" + heading + "].text", "template.problem.required"),
                        org.assertj.core.groups.Tuple.tuple("audience", "campaign.problem.noAudience"));
        assertThat(get(LYON, id).status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(get(LYON, id).timeline()).hasSize(1);

        // fixed: it goes through
        Campaigns.Details now = get(LYON, id);
        personas.runAs(LYON, () -> campaigns.saveContent(id, now.version(), withHeading(now, "Hello!")));
        personas.runAs(LYON, () -> campaigns.setAudience(id, campaigns.get(id).version(), emailSegment));
        assertThat(submit(LYON, id).status()).isEqualTo(CampaignStatus.APPROVED);
    }

    @Test
    void reviewNeverApprovesAtOnceAndSchedulesWhenTheCampaignHasADate() {
        UUID template = fx.emailTemplate(policy(ReviewMode.NEVER, Reviewer.TERRITORY_VALIDATORS));
        UUID dated = readyLyonCampaign(template);
        Instant sendAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        personas.runAs(LYON, () -> campaigns.setSchedule(dated, campaigns.get(dated).version(), sendAt));

        Campaigns.Submitted result = submit(LYON, dated);
        assertThat(result.accepted()).isTrue();
        assertThat(result.status()).isEqualTo(CampaignStatus.SCHEDULED);
        Campaigns.Details d = get(LYON, dated);
        assertThat(d.status()).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(d.summary().sendAt()).isEqualTo(sendAt);
        assertThat(d.approvedAt()).isNotNull();
        assertThat(d.timeline()).extracting(Campaigns.Transition::to).containsExactly(CampaignStatus.DRAFT,
                CampaignStatus.APPROVED, CampaignStatus.SCHEDULED);

        UUID undated = readyLyonCampaign(template);
        assertThat(submit(LYON, undated).status()).isEqualTo(CampaignStatus.APPROVED);
        // approved campaigns are no longer editable
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.saveContent(undated,
                campaigns.get(undated).version(), campaigns.get(undated).content())))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void reviewAlwaysPutsTheCampaignInReviewWithADeadline() {
        UUID template = fx.emailTemplate(new Policies.Policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS, 36,
                ExpiryAction.ESCALATE_TO_HQ, null, java.util.EnumSet.allOf(TemplateChannel.class)));
        UUID id = readyLyonCampaign(template);
        Campaigns.Submitted result = submit(LYON, id);
        assertThat(result.status()).isEqualTo(CampaignStatus.IN_REVIEW);
        Campaigns.Details d = get(LYON, id);
        assertThat(d.status()).isEqualTo(CampaignStatus.IN_REVIEW);
        assertThat(d.summary().reviewDueAt()).isCloseTo(Instant.now().plus(Duration.ofHours(36)),
                within(5, ChronoUnit.MINUTES));
        assertThat(d.submittedAt()).isNotNull();
        // in review: the branch can no longer edit
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.setAudience(id, d.version(), null)))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void reviewWhenFreeTextChangedDependsOnWhatTheBranchWrote() {
        UUID template = fx.emailTemplate(policy(ReviewMode.WHEN_FREE_TEXT_CHANGED, Reviewer.TERRITORY_VALIDATORS));
        UUID untouched = readyLyonCampaign(template);
        assertThat(submit(LYON, untouched).status()).isEqualTo(CampaignStatus.APPROVED);

        UUID rewritten = readyLyonCampaign(template);
        Campaigns.Details d = get(LYON, rewritten);
        personas.runAs(LYON, () -> campaigns.saveContent(rewritten, d.version(), withHeading(d, "Our own words")));
        assertThat(submit(LYON, rewritten).status()).isEqualTo(CampaignStatus.IN_REVIEW);

        // a link is not free text
        UUID relinked = readyLyonCampaign(template);
        Campaigns.Details r = get(LYON, relinked);
        String button = CampaignFixture.blockId(r.template(), BlockType.BUTTON);
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>(r.content().blocks());
        Map<String, String> values = new HashMap<>(blocks.get(button));
        values.put("url", "https://www.maison-lumiere.example/offre"); // the network allows links to its own site only
        blocks.put(button, values);
        personas.runAs(LYON, () -> campaigns.saveContent(relinked, r.version(), new Content(r.content().subject(),
                r.content().preheader(), blocks, Map.of())));
        assertThat(submit(LYON, relinked).status()).isEqualTo(CampaignStatus.APPROVED);
    }

    @Test
    void theRegionalValidatorReviewsLyonButNotNice() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID lyonCampaign = readyLyonCampaign(template);
        submit(LYON, lyonCampaign);
        UUID niceCampaign = create(NICE, nice, template);
        personas.runAs(NICE, () -> campaigns.setAudience(niceCampaign, campaigns.get(niceCampaign).version(),
                emailSegment));
        assertThat(submit(NICE, niceCampaign).status()).isEqualTo(CampaignStatus.IN_REVIEW);

        assertThat(personas.callAs(VALIDATOR, () -> campaigns.reviewQueue())).extracting(Campaigns.Summary::id)
                .contains(lyonCampaign).doesNotContain(niceCampaign);
        // trusted system code (reminder sweeps) has no signed-in user and sees every campaign waiting
        java.util.List<Campaigns.Summary> seenBySystem = new java.util.ArrayList<>();
        TenantContext.runAsSystem(personas.principal(LYON).tenantId(),
                () -> seenBySystem.addAll(campaigns.reviewQueue()));
        assertThat(seenBySystem).extracting(Campaigns.Summary::id).contains(lyonCampaign, niceCampaign);
        assertThat(personas.callAs(VALIDATOR, () -> campaigns.mayReview(lyonCampaign))).isTrue();
        personas.runAs(VALIDATOR, () -> campaigns.approve(lyonCampaign, "Nice work"));
        Campaigns.Details approved = get(LYON, lyonCampaign);
        assertThat(approved.status()).isEqualTo(CampaignStatus.APPROVED);
        assertThat(approved.timeline()).last().satisfies(t -> {
            assertThat(t.actor()).isEqualTo(VALIDATOR);
            assertThat(t.comment()).isEqualTo("Nice work");
        });

        assertThatThrownBy(() -> personas.runAs(VALIDATOR, () -> campaigns.approve(niceCampaign, null)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(VALIDATOR, () -> campaigns.get(niceCampaign)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThat(get(NICE, niceCampaign).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        // the policy names territory validators: HQ does not review it (until escalated)
        assertThatThrownBy(() -> personas.runAs(MARKETER, () -> campaigns.approve(niceCampaign, null)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        // approving again what is no longer in review is an illegal move
        assertThatThrownBy(() -> personas.runAs(VALIDATOR, () -> campaigns.approve(lyonCampaign, null)))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void whenThePolicyNamesHqOnlyHqReviews() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.HQ));
        UUID id = readyLyonCampaign(template);
        submit(LYON, id);
        assertThat(personas.callAs(VALIDATOR, () -> campaigns.reviewQueue())).extracting(Campaigns.Summary::id)
                .doesNotContain(id);
        assertThatThrownBy(() -> personas.runAs(VALIDATOR, () -> campaigns.approve(id, null)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThat(personas.callAs(MARKETER, () -> campaigns.reviewQueue())).extracting(Campaigns.Summary::id)
                .contains(id);
        assertThat(personas.callAs(MARKETER, () -> campaigns.approveAll(List.of(id, UUID.randomUUID())))).isEqualTo(1);
        assertThat(get(LYON, id).status()).isEqualTo(CampaignStatus.APPROVED);
    }

    @Test
    void changesRequestedNeedACommentThenTheBranchResubmitsAndTheTimelineTellsItAll() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID id = readyLyonCampaign(template);
        submit(LYON, id);

        assertThatThrownBy(() -> personas.runAs(VALIDATOR, () -> campaigns.requestChanges(id, "  ")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(get(LYON, id).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        personas.runAs(VALIDATOR, () -> campaigns.requestChanges(id, "Please mention the opening hours"));
        Campaigns.Details sentBack = get(LYON, id);
        assertThat(sentBack.status()).isEqualTo(CampaignStatus.CHANGES_REQUESTED);
        assertThat(sentBack.summary().reviewDueAt()).isNull();

        personas.runAs(LYON, () -> campaigns.comment(id, "Done, see the heading"));
        personas.runAs(LYON, () -> campaigns.saveContent(id, sentBack.version(),
                withHeading(sentBack, "Open until 8 pm")));
        assertThat(submit(LYON, id).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        personas.runAs(VALIDATOR, () -> campaigns.approve(id, null));

        Campaigns.Details d = get(LYON, id);
        assertThat(d.timeline()).extracting(Campaigns.Transition::from, Campaigns.Transition::to,
                Campaigns.Transition::actor, Campaigns.Transition::comment).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, CampaignStatus.DRAFT, LYON, null),
                        org.assertj.core.groups.Tuple.tuple(CampaignStatus.DRAFT, CampaignStatus.IN_REVIEW, LYON, null),
                        org.assertj.core.groups.Tuple.tuple(CampaignStatus.IN_REVIEW,
                                CampaignStatus.CHANGES_REQUESTED, VALIDATOR, "Please mention the opening hours"),
                        org.assertj.core.groups.Tuple.tuple(CampaignStatus.CHANGES_REQUESTED,
                                CampaignStatus.IN_REVIEW, LYON, null),
                        org.assertj.core.groups.Tuple.tuple(CampaignStatus.IN_REVIEW, CampaignStatus.APPROVED,
                                VALIDATOR, null));
        assertThat(d.timeline()).allSatisfy(t -> assertThat(t.actorName()).isNotBlank());
        assertThat(d.comments()).singleElement().satisfies(c -> {
            assertThat(c.author()).isEqualTo(LYON);
            assertThat(c.fromReviewer()).isFalse();
            assertThat(c.text()).isEqualTo("Done, see the heading");
        });
    }

    @Test
    void anotherBranchManagerGets403AndUnknownIds404() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID id = create(LYON, lyon, template);
        assertThatThrownBy(() -> get(NICE, id)).isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(NICE, () -> campaigns.saveContent(id, 0, Content.empty())))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.runAs(NICE, () -> campaigns.cancel(id, "mine now")))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(NICE, () -> campaigns.listForBranch(lyon)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(NICE, () -> campaigns.createFromTemplate(lyon, template, "x")))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> get(LYON, UUID.randomUUID())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.createFromTemplate(lyon, UUID.randomUUID(),
                "x"))).isInstanceOf(NotFoundException.class);
        // executives read, never write
        assertThat(get(Personas.EXECUTIVE, id).summary().id()).isEqualTo(id);
        assertThatThrownBy(() -> personas.callAs(Personas.EXECUTIVE, () -> campaigns.createFromTemplate(lyon,
                template, "x"))).isInstanceOf(AccessDeniedException.class);
        assertThat(get(LYON, id).status()).isEqualTo(CampaignStatus.DRAFT);
    }

    @Test
    void theAudienceMustBeOnTheCampaignsChannelAndUsableByTheBranch() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID id = create(LYON, lyon, template);
        UUID sms = fx.segment(Contacts.Channel.SMS);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.setAudience(id, campaigns.get(id).version(),
                sms))).isInstanceOf(TamperedCampaignException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.setAudience(id, campaigns.get(id).version(),
                UUID.randomUUID()))).isInstanceOf(NotFoundException.class);
        personas.runAs(LYON, () -> campaigns.setAudience(id, campaigns.get(id).version(), emailSegment));
        Campaigns.Details d = get(LYON, id);
        assertThat(d.summary().segmentId()).isEqualTo(emailSegment);
        assertThat(d.summary().segmentName()).startsWith("Campaign audience");
        assertThat(personas.callAs(LYON, () -> campaigns.recipients(id))).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.setSchedule(id, d.version(),
                Instant.now().minus(Duration.ofHours(1))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smsCampaignsKeepTheBranchTextOfEditableZonesOnly() {
        UUID template = fx.smsTemplate(policy(ReviewMode.NEVER, Reviewer.HQ));
        UUID id = create(LYON, lyon, template);
        Campaigns.Details d = get(LYON, id);
        assertThat(d.summary().channel()).isEqualTo(TemplateChannel.SMS);
        String zone = d.template().sms().parts().stream().filter(p -> p.editable()).findFirst().orElseThrow().id();
        String fixed = d.template().sms().parts().stream().filter(p -> !p.editable()).findFirst().orElseThrow().id();
        assertThat(d.content().smsParts()).containsOnlyKeys(zone);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> campaigns.saveContent(id, d.version(),
                new Content(null, null, Map.of(), Map.of(fixed, "Free stuff"))))).isInstanceOf(
                        TamperedCampaignException.class);
        personas.runAs(LYON, () -> campaigns.saveContent(id, d.version(), new Content(null, null, Map.of(),
                Map.of(zone, ""))));
        assertThat(personas.callAs(LYON, () -> campaigns.problems(id))).extracting(TemplateProblem::messageKey)
                .contains("template.problem.required", "campaign.problem.noAudience");
        assertThat(get(LYON, id).changes()).singleElement()
                .satisfies(c -> assertThat(c.path()).isEqualTo("parts[" + zone + "]"));
    }

    @Test
    void aDeactivatedBranchStartsNoCampaign() {
        UUID branch = fx.newLyonBranch();
        UUID template = fx.emailTemplate(policy(ReviewMode.NEVER, Reviewer.HQ));
        personas.runAs(ADMIN, () -> branches.setActive(branch, false));
        assertThatThrownBy(() -> create(MARKETER, branch, template)).isInstanceOf(AccessDeniedException.class);
        assertThat(personas.callAs(MARKETER, () -> campaigns.listForBranch(branch))).isEmpty();
    }

    @Test
    void theWeeklyLimitCountsTheBranchesApprovedCampaignsOfTheSameWeek() {
        UUID branch = fx.newLyonBranch();
        UUID template = fx.emailTemplate(new Policies.Policy(ReviewMode.NEVER, Reviewer.HQ, 24,
                ExpiryAction.ESCALATE_TO_HQ, 1, java.util.EnumSet.allOf(TemplateChannel.class)));
        UUID first = create(MARKETER, branch, template);
        UUID second = create(MARKETER, branch, template);
        for (UUID id : List.of(first, second)) {
            personas.runAs(MARKETER, () -> campaigns.setAudience(id, campaigns.get(id).version(), emailSegment));
        }
        assertThat(submit(MARKETER, first).status()).isEqualTo(CampaignStatus.APPROVED);
        Campaigns.Submitted refused = submit(MARKETER, second);
        assertThat(refused.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(refused.problems()).extracting(TemplateProblem::messageKey)
                .containsExactly("campaign.problem.weeklyLimit");
        // a date three weeks later is another week
        personas.runAs(MARKETER, () -> campaigns.setSchedule(second, campaigns.get(second).version(),
                Instant.now().plus(Duration.ofDays(21))));
        assertThat(submit(MARKETER, second).status()).isEqualTo(CampaignStatus.SCHEDULED);
    }

    @Test
    void approvalChecksTheWeeklyLimitAgainBecauseOthersMayHaveBeenApprovedMeanwhile() {
        UUID branch = fx.newLyonBranch();
        UUID template = fx.emailTemplate(new Policies.Policy(ReviewMode.ALWAYS, Reviewer.HQ, 24,
                ExpiryAction.ESCALATE_TO_HQ, 1, java.util.EnumSet.allOf(TemplateChannel.class)));
        UUID first = create(MARKETER, branch, template);
        UUID second = create(MARKETER, branch, template);
        for (UUID id : List.of(first, second)) {
            personas.runAs(MARKETER, () -> campaigns.setAudience(id, campaigns.get(id).version(), emailSegment));
            assertThat(submit(MARKETER, id).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        }
        personas.runAs(ADMIN, () -> campaigns.approve(first, null));
        assertThatThrownBy(() -> personas.runAs(ADMIN, () -> campaigns.approve(second, null)))
                .isInstanceOfSatisfying(WeeklyLimitReachedException.class, e -> assertThat(e.limit()).isEqualTo(1));
        assertThat(personas.callAs(ADMIN, () -> campaigns.approveAll(List.of(second)))).isZero();
        assertThat(get(ADMIN, second).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        // the first one cancelled, the week has room again
        personas.runAs(ADMIN, () -> campaigns.cancel(first, "Moved to next month"));
        personas.runAs(ADMIN, () -> campaigns.approve(second, null));
        assertThat(get(ADMIN, second).status()).isEqualTo(CampaignStatus.APPROVED);
    }

    @Test
    void aChannelThePolicyDoesNotAllowIsRefused() {
        UUID template = fx.emailTemplate(new Policies.Policy(ReviewMode.NEVER, Reviewer.HQ, 24,
                ExpiryAction.ESCALATE_TO_HQ, null, java.util.EnumSet.of(TemplateChannel.SMS)));
        UUID id = readyLyonCampaign(template);
        assertThat(submit(LYON, id).problems()).extracting(TemplateProblem::messageKey)
                .containsExactly("campaign.problem.channelNotAllowed");
    }

    @Test
    void cancellingIsFinal() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID id = create(LYON, lyon, template);
        personas.runAs(LYON, () -> campaigns.cancel(id, "Wrong template"));
        Campaigns.Details d = get(LYON, id);
        assertThat(d.status()).isEqualTo(CampaignStatus.CANCELLED);
        assertThat(d.timeline()).last().satisfies(t -> assertThat(t.comment()).isEqualTo("Wrong template"));
        assertThatThrownBy(() -> personas.runAs(LYON, () -> campaigns.cancel(id, null)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> submit(LYON, id)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void anExpiredReviewIsAutoApprovedOrEscalatedToHqAsThePolicySays() {
        UUID auto = fx.emailTemplate(new Policies.Policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS, 1,
                ExpiryAction.AUTO_APPROVE, null, java.util.EnumSet.allOf(TemplateChannel.class)));
        UUID escalate = fx.emailTemplate(new Policies.Policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS, 1,
                ExpiryAction.ESCALATE_TO_HQ, null, java.util.EnumSet.allOf(TemplateChannel.class)));
        UUID autoCampaign = readyLyonCampaign(auto);
        UUID escalatedCampaign = readyLyonCampaign(escalate);
        submit(LYON, autoCampaign);
        submit(LYON, escalatedCampaign);
        assertThatThrownBy(() -> personas.runAs(MARKETER, () -> campaigns.approve(escalatedCampaign, null)))
                .isInstanceOf(AccessDeniedInScopeException.class);

        UUID tenant = personas.principal(LYON).tenantId();
        TenantContext.runAs(tenant, () -> new TransactionTemplate(txManager).executeWithoutResult(s ->
                jdbc.update("update campaign set review_due_at = now() - interval '1 minute' "
                        + "where tenant_id = ? and id in (?, ?)", tenant, autoCampaign, escalatedCampaign)));
        campaigns.expireOverdueReviews();

        Campaigns.Details approved = get(LYON, autoCampaign);
        assertThat(approved.status()).isEqualTo(CampaignStatus.APPROVED);
        assertThat(approved.timeline()).last().satisfies(t -> assertThat(t.actor()).isEqualTo("system"));

        Campaigns.Details escalated = get(LYON, escalatedCampaign);
        assertThat(escalated.status()).isEqualTo(CampaignStatus.IN_REVIEW);
        assertThat(escalated.summary().escalated()).isTrue();
        assertThat(personas.callAs(ADMIN, () -> campaigns.reviewQueue())).extracting(Campaigns.Summary::id)
                .contains(escalatedCampaign);
        // the validators still can, and now HQ too
        assertThat(personas.callAs(VALIDATOR, () -> campaigns.mayReview(escalatedCampaign))).isTrue();
        personas.runAs(ADMIN, () -> campaigns.approve(escalatedCampaign, "Escalated, approved by HQ"));
        assertThat(get(LYON, escalatedCampaign).status()).isEqualTo(CampaignStatus.APPROVED);
    }

    @Test
    void everyTransitionIsPublishedAndTheTimelineCannotBeRewritten() {
        UUID template = fx.emailTemplate(policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS));
        UUID id = readyLyonCampaign(template);
        submit(LYON, id);
        personas.runAs(VALIDATOR, () -> campaigns.comment(id, "Looking at it"));

        assertThat(events.stream(CampaignTransitioned.class).filter(e -> e.campaignId().equals(id)))
                .extracting(CampaignTransitioned::from, CampaignTransitioned::to, CampaignTransitioned::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, CampaignStatus.DRAFT, LYON),
                        org.assertj.core.groups.Tuple.tuple(CampaignStatus.DRAFT, CampaignStatus.IN_REVIEW, LYON));
        assertThat(events.stream(CampaignCommented.class).filter(e -> e.campaignId().equals(id)))
                .singleElement().satisfies(e -> {
                    assertThat(e.fromReviewer()).isTrue();
                    assertThat(e.author()).isEqualTo(VALIDATOR);
                    assertThat(e.branchId()).isEqualTo(lyon);
                });

        UUID tenant = personas.principal(LYON).tenantId();
        TransactionTemplate tx = new TransactionTemplate(txManager);
        assertThatThrownBy(() -> TenantContext.runAs(tenant, () -> tx.executeWithoutResult(s -> jdbc.update(
                "update campaign_transition set actor = 'someone else' where tenant_id = ? and campaign_id = ?",
                tenant, id)))).isInstanceOf(org.springframework.dao.DataAccessException.class)
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> TenantContext.runAs(tenant, () -> tx.executeWithoutResult(s -> jdbc.update(
                "delete from campaign_transition where tenant_id = ? and campaign_id = ?", tenant, id))))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThat(get(LYON, id).timeline()).hasSize(2).allSatisfy(t -> assertThat(t.actor()).isEqualTo(LYON));
    }
}
