package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.archipel.audience.Contacts;
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
import io.archipel.campaign.Campaigns.Content;
import io.archipel.campaign.propagation.TemplatePropagator;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.delivery.sandbox.SandboxMessages;
import io.archipel.identity.Role;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Locked-block propagation against real PostgreSQL, publishing through {@link TemplateService}: campaigns in progress
 * follow a new version's locked parts and keep the branch's texts, campaigns in review / approved / scheduled stay
 * when they would lose something or break a rule, finished ones never move; the branch is told by e-mail in its
 * language and on the campaign page until it says "Got it"; HQ sees what happened on the template page.
 */
@ArchipelTest
class TemplatePropagationTest {

    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;
    private static final String MARKETER = Personas.HQ_MARKETER;
    private static final String HEADING = "head0001";
    private static final String TEXT = "text0001";
    private static final String EXTRA = "xtra0001";
    private static final String LEGAL = "legl0001";
    private static final String SUBJECT = "Nos nouvelles lampes arrivent";

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ApplicationContext context;
    @Autowired
    CampaignService campaigns;
    @Autowired
    TemplateUpdates updates;
    @Autowired
    TemplatePropagator propagator;
    @Autowired
    TemplateService templates;
    @Autowired
    PolicyService policies;
    @Autowired
    BranchService branches;
    @Autowired
    MailSandbox sandbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager txManager;

    CampaignFixture fx;
    UUID lyon;
    UUID segment;
    UUID tenantId;

    @BeforeEach
    void setUp() {
        fx = CampaignFixture.of(context);
        lyon = fx.branch("LYO-01");
        segment = fx.segment(Contacts.Channel.EMAIL);
        tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * A published e-mail template: editable subject, an editable heading (at most 60 characters), an editable text,
     * an extra editable text, a LOCKED legal mention and the legal footer. No review (campaigns are approved, or
     * scheduled with a send date, as soon as submitted) unless {@code review}.
     */
    private UUID template() {
        String tag = CampaignFixture.unique();
        return personas.callAs(MARKETER, () -> {
            UUID id = templates.create(TemplateChannel.EMAIL, "Propagation " + tag, TemplateCategory.NEWSLETTER, "");
            EmailTemplateContent content = new EmailTemplateContent(new LockableText(SUBJECT, false, true, 120),
                    new LockableText("", true, false, null), List.of(
                            new TemplateBlock("hdr00001", BlockType.HEADER, true, null, Map.of()),
                            new TemplateBlock(HEADING, BlockType.HEADING, false,
                                    new BlockConstraints(true, 60, null, null, List.of()),
                                    Map.of("text", "Les nouveautés de la saison")),
                            new TemplateBlock(TEXT, BlockType.RICH_TEXT, false,
                                    new BlockConstraints(false, 500, EnumSet.of(TextFormatting.BOLD), null, List.of()),
                                    Map.of("html", "<p>Toute l’équipe vous attend.</p>")),
                            new TemplateBlock(EXTRA, BlockType.RICH_TEXT, false,
                                    new BlockConstraints(false, 500, EnumSet.of(TextFormatting.BOLD), null, List.of()),
                                    Map.of("html", "<p>Un mot de plus.</p>")),
                            new TemplateBlock(LEGAL, BlockType.RICH_TEXT, true, null,
                                    Map.of("html", "<p>Offre valable en 2026.</p>")),
                            new TemplateBlock("foot0001", BlockType.LEGAL_FOOTER, true, null, Map.of())));
            long version = templates.saveEmailDraft(id, templates.get(id).version(), content).version();
            templates.publish(id, version, Availability.NETWORK);
            policies.setTemplatePolicy(id, CampaignFixture.policy(Policies.ReviewMode.NEVER, Policies.Reviewer.HQ));
            return id;
        });
    }

    private void reviewedByHq(UUID templateId) {
        personas.runAs(MARKETER, () -> policies.setTemplatePolicy(templateId,
                CampaignFixture.policy(Policies.ReviewMode.ALWAYS, Policies.Reviewer.HQ)));
    }

    /** Publishes the template's draft edited by {@code edit} as its next version (the listener runs on commit). */
    private void publish(UUID templateId, UnaryOperator<EmailTemplateContent> edit) {
        personas.runAs(MARKETER, () -> {
            var d = templates.get(templateId);
            long version = templates.saveEmailDraft(templateId, d.version(), edit.apply(d.email())).version();
            templates.publish(templateId, version, Availability.NETWORK);
        });
    }

    private static UnaryOperator<EmailTemplateContent> block(String id, UnaryOperator<TemplateBlock> change) {
        return c -> c.withBlockReplaced(change.apply(c.block(id).orElseThrow()));
    }

    @SafeVarargs
    private static UnaryOperator<EmailTemplateContent> all(UnaryOperator<EmailTemplateContent>... edits) {
        return c -> {
            EmailTemplateContent out = c;
            for (UnaryOperator<EmailTemplateContent> edit : edits) {
                out = edit.apply(out);
            }
            return out;
        };
    }

    private static UnaryOperator<EmailTemplateContent> headingAtMost(int max) {
        return block(HEADING, b -> new TemplateBlock(b.id(), b.type(), false,
                new BlockConstraints(true, max, null, null, List.of()), Map.of("text", "Nouveautés")));
    }

    private static UnaryOperator<EmailTemplateContent> newLegalMention(String html) {
        return block(LEGAL, b -> b.withContent(Map.of("html", html)));
    }

    /** A Lyon draft with this heading (the other values left as the template has them) and the audience. */
    private UUID draft(String manager, UUID branchId, UUID templateId, String name, String heading) {
        return personas.callAs(manager, () -> {
            UUID id = campaigns.createFromTemplate(branchId, templateId, name);
            Campaigns.Details d = campaigns.get(id);
            long v = campaigns.saveContent(id, d.version(), new Content(SUBJECT, null,
                    Map.of(HEADING, Map.of("text", heading)), Map.of()));
            campaigns.setAudience(id, v, segment);
            return id;
        });
    }

    private UUID draft(UUID templateId, String heading) {
        return draft(LYON, lyon, templateId, "Propagation " + CampaignFixture.unique(), heading);
    }

    /** Submitted, with a send date when {@code sendAt} (then SCHEDULED without review). */
    private UUID submitted(String manager, UUID branchId, UUID templateId, String name, String heading,
            Instant sendAt) {
        UUID id = draft(manager, branchId, templateId, name, heading);
        personas.runAs(manager, () -> {
            long v = campaigns.get(id).version();
            if (sendAt != null) {
                v = campaigns.setSchedule(id, v, sendAt);
            }
            Campaigns.Submitted result = campaigns.submit(id, v);
            assertThat(result.problems()).as("problems of the submission").isEmpty();
            assertThat(result.findings()).noneMatch(Compliance.Finding::blocking);
        });
        return id;
    }

    private UUID submitted(UUID templateId, String heading, Instant sendAt) {
        return submitted(LYON, lyon, templateId, "Propagation " + CampaignFixture.unique(), heading, sendAt);
    }

    private static Instant nextWeek() {
        return Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    }

    private Campaigns.Details details(UUID campaignId) {
        return personas.callAs(Personas.HQ_ADMIN, () -> campaigns.get(campaignId));
    }

    private String legalOf(Campaigns.Details d) {
        return d.template().email().block(LEGAL).orElseThrow().content().get("html");
    }

    private List<TemplateUpdates.VersionReport> report(UUID templateId) {
        return personas.callAs(MARKETER, () -> updates.forTemplate(templateId));
    }

    private int records(UUID campaignId, String outcome) {
        Integer[] n = {0};
        TenantContext.runAsSystem(tenantId, () -> n[0] = new TransactionTemplate(txManager).execute(s ->
                jdbc.queryForObject("select count(*) from campaign_template_update where tenant_id = ? "
                        + "and campaign_id = ? and outcome = ?", Integer.class, tenantId, campaignId, outcome)));
        return n[0];
    }

    private MockHttpServletResponse page(String persona, MockHttpServletRequestBuilder request, Locale locale)
            throws Exception {
        return mvc.perform(request.locale(locale).header("Accept-Language", locale.getLanguage())
                .with(personas.as(persona))).andReturn().getResponse();
    }

    // ------------------------------------------------------------------------------------------------ the engine

    @Test
    void aNewLockedMentionMovesTheCampaignsInProgressAndKeepsTheBranchTexts() {
        UUID templateId = template();
        UUID other = template();
        UUID scheduled = submitted(templateId, "Soldes au programmé", nextWeek());
        UUID sent = submitted(templateId, "Soldes déjà parties", nextWeek());
        TenantContext.runAsSystem(tenantId, () -> {
            campaigns.startSending(sent);
            campaigns.finishSending(sent);
        });
        UUID cancelled = draft(templateId, "Soldes annulées");
        personas.runAs(LYON, () -> campaigns.cancel(cancelled, "plus besoin"));
        reviewedByHq(templateId);
        UUID inReview = submitted(templateId, "Soldes en validation", null);
        UUID draft = draft(templateId, "Soldes d’hiver à Lyon");
        UUID otherDraft = draft(other, "Autre modèle");
        assertThat(details(inReview).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        assertThat(details(scheduled).status()).isEqualTo(CampaignStatus.SCHEDULED);
        long draftVersion = details(draft).version();
        long otherVersion = details(otherDraft).version();

        // v2: a new locked legal mention, and a new default for the text the branches left untouched
        publish(templateId, all(newLegalMention("<p>Offre valable jusqu’au 31 janvier 2027.</p>"),
                block(TEXT, b -> b.withContent(Map.of("html", "<p>Nouvelle accroche du siège.</p>")))));

        Campaigns.Details d = details(draft);
        assertThat(d.summary().templateVersion()).isEqualTo(2);
        assertThat(d.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(d.version()).isEqualTo(draftVersion + 1);
        assertThat(legalOf(d)).contains("31 janvier 2027");
        // the branch's heading is kept; the untouched text follows the new default
        assertThat(d.content().value(HEADING, "text")).isEqualTo("Soldes d’hiver à Lyon");
        assertThat(d.content().subject()).isEqualTo(SUBJECT);
        assertThat(d.content().value(TEXT, "html")).isEqualTo("<p>Nouvelle accroche du siège.</p>");

        for (UUID moved : List.of(scheduled, inReview)) {
            Campaigns.Details m = details(moved);
            assertThat(m.summary().templateVersion()).as("moved " + m.summary().name()).isEqualTo(2);
            assertThat(legalOf(m)).contains("31 janvier 2027");
        }
        assertThat(details(scheduled).status()).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(details(scheduled).content().value(HEADING, "text")).isEqualTo("Soldes au programmé");
        assertThat(details(inReview).status()).isEqualTo(CampaignStatus.IN_REVIEW);

        // finished campaigns and another template's campaigns do not move
        assertThat(details(sent).summary().templateVersion()).isEqualTo(1);
        assertThat(details(sent).status()).isEqualTo(CampaignStatus.SENT);
        assertThat(details(cancelled).summary().templateVersion()).isEqualTo(1);
        assertThat(details(otherDraft).summary().templateVersion()).isEqualTo(1);
        assertThat(details(otherDraft).version()).isEqualTo(otherVersion);

        // HQ sees it per version
        List<TemplateUpdates.VersionReport> report = report(templateId);
        assertThat(report).hasSize(1);
        assertThat(report.get(0).number()).isEqualTo(2);
        assertThat(report.get(0).moved()).extracting(TemplateUpdates.Update::campaignId)
                .containsExactlyInAnyOrder(draft, scheduled, inReview);
        assertThat(report.get(0).kept()).isEmpty();
        assertThat(report(other)).isEmpty();

        // the branch's notice names what changed
        TemplateUpdates.Update update = personas.callAs(LYON, () -> updates.latestFor(draft));
        assertThat(update.outcome()).isEqualTo(TemplateUpdates.Outcome.MOVED);
        assertThat(update.fromNumber()).isEqualTo(1);
        assertThat(update.toNumber()).isEqualTo(2);
        assertThat(update.dropped()).isEmpty();
        assertThat(update.changes()).extracting(c -> c.messageKey()).contains("template.change.blockContent");
    }

    @Test
    void aVersionChangingOnlyEditableDefaultsOrConstraintsMovesNothing() {
        UUID templateId = template();
        UUID draft = draft(templateId, "Mon titre à moi");
        UUID scheduled = submitted(templateId, "Programmée", nextWeek());
        long before = details(draft).version();

        publish(templateId, block(TEXT, b -> new TemplateBlock(b.id(), b.type(), false,
                new BlockConstraints(false, 300, EnumSet.of(TextFormatting.BOLD), null, List.of()),
                Map.of("html", "<p>Un autre texte par défaut.</p>"))));

        Campaigns.Details d = details(draft);
        assertThat(d.summary().templateVersion()).isEqualTo(1);
        assertThat(d.version()).isEqualTo(before);
        assertThat(d.content().value(TEXT, "html")).isNull();
        assertThat(details(scheduled).summary().templateVersion()).isEqualTo(1);
        assertThat(report(templateId)).isEmpty();
        assertThat(personas.callAs(LYON, () -> updates.latestFor(draft))).isNull();
        // recorded as nothing to do, so the sweep does not look at it again
        assertThat(records(draft, "UNCHANGED")).isEqualTo(1);
        propagator.sweep();
        assertThat(records(draft, "UNCHANGED")).isEqualTo(1);
        assertThat(details(draft).version()).isEqualTo(before);
    }

    @Test
    void anEditableBlockRemovedMovesTheDraftAndListsTheDroppedText() {
        UUID templateId = template();
        UUID draft = draft(templateId, "Titre gardé");
        personas.runAs(LYON, () -> {
            Campaigns.Details d = campaigns.get(draft);
            campaigns.saveContent(draft, d.version(), new Content(SUBJECT, null, Map.of(
                    HEADING, Map.of("text", "Titre gardé"),
                    EXTRA, Map.of("html", "<p>Parking <b>gratuit</b> samedi</p>")), Map.of()));
        });

        publish(templateId, c -> c.withBlockRemoved(EXTRA));

        Campaigns.Details d = details(draft);
        assertThat(d.summary().templateVersion()).isEqualTo(2);
        assertThat(d.content().blocks()).doesNotContainKey(EXTRA);
        assertThat(d.content().value(HEADING, "text")).isEqualTo("Titre gardé");
        TemplateUpdates.Update update = personas.callAs(LYON, () -> updates.latestFor(draft));
        assertThat(update.outcome()).isEqualTo(TemplateUpdates.Outcome.MOVED);
        assertThat(update.dropped()).singleElement().satisfies(line -> {
            assertThat(line.path()).isEqualTo("blocks[" + EXTRA + "].html");
            assertThat(line.blockType()).isEqualTo("template.block.RICH_TEXT");
            assertThat(updates.plain(line.value())).isEqualTo("Parking gratuit samedi");
        });
        assertThat(update.changes()).extracting(c -> c.messageKey()).contains("template.change.blockRemoved");
    }

    @Test
    void aSubmittedCampaignThatWouldLoseOrBreakSomethingStaysOnItsVersionWithAReason() {
        UUID templateId = template();
        UUID tooLong = submitted(templateId, "Un titre bien trop long pour la nouvelle règle", nextWeek());
        UUID fine = submitted(templateId, "Court", nextWeek());
        reviewedByHq(templateId);
        UUID inReview = draft(templateId, "Titre en validation");
        personas.runAs(LYON, () -> {
            Campaigns.Details d = campaigns.get(inReview);
            long v = campaigns.saveContent(inReview, d.version(), new Content(SUBJECT, null, Map.of(
                    HEADING, Map.of("text", "Titre en validation"),
                    EXTRA, Map.of("html", "<p>Texte qui disparaîtra</p>")), Map.of()));
            assertThat(campaigns.submit(inReview, v).status()).isEqualTo(CampaignStatus.IN_REVIEW);
        });

        // v2: new locked mention, the heading limited to 20 characters, the extra text removed
        publish(templateId, all(newLegalMention("<p>Nouvelles mentions.</p>"), headingAtMost(20),
                c -> c.withBlockRemoved(EXTRA)));

        Campaigns.Details kept = details(tooLong);
        assertThat(kept.summary().templateVersion()).isEqualTo(1);
        assertThat(kept.status()).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(legalOf(kept)).contains("valable en 2026");
        TemplateUpdates.Update why = personas.callAs(LYON, () -> updates.latestFor(tooLong));
        assertThat(why.outcome()).isEqualTo(TemplateUpdates.Outcome.KEPT);
        assertThat(why.reason()).isEqualTo(TemplateUpdates.Reason.CONSTRAINTS);
        assertThat(why.reasonDetails()).extracting(TemplateUpdates.Line::messageKey)
                .contains("template.problem.tooLong");
        assertThat(details(fine).summary().templateVersion()).isEqualTo(2);

        TemplateUpdates.Update dropped = personas.callAs(LYON, () -> updates.latestFor(inReview));
        assertThat(dropped.outcome()).isEqualTo(TemplateUpdates.Outcome.KEPT);
        assertThat(dropped.reason()).isEqualTo(TemplateUpdates.Reason.DROPPED);
        assertThat(details(inReview).summary().templateVersion()).isEqualTo(1);

        List<TemplateUpdates.VersionReport> report = report(templateId);
        assertThat(report.get(0).moved()).extracting(TemplateUpdates.Update::campaignId).containsExactly(fine);
        assertThat(report.get(0).kept()).extracting(TemplateUpdates.Update::campaignId)
                .containsExactlyInAnyOrder(tooLong, inReview);

        // sent back to the branch, the kept campaign follows the new version at once (the text is dropped then)
        personas.runAs(MARKETER, () -> campaigns.requestChanges(inReview, "Merci de revoir le texte."));
        Campaigns.Details back = details(inReview);
        assertThat(back.status()).isEqualTo(CampaignStatus.CHANGES_REQUESTED);
        assertThat(back.summary().templateVersion()).isEqualTo(2);
        assertThat(back.content().blocks()).doesNotContainKey(EXTRA);
        assertThat(report(templateId).get(0).moved()).extracting(TemplateUpdates.Update::campaignId)
                .containsExactlyInAnyOrder(fine, inReview);
    }

    @Test
    void aScheduledCampaignStaysWhenTheNewContentBreaksAComplianceRule() {
        UUID templateId = template();
        UUID scheduled = submitted(templateId, "Programmée", nextWeek());
        UUID draft = draft(templateId, "Brouillon");

        // the new default of a text the branch left untouched promises what the network's charter forbids
        publish(templateId, all(newLegalMention("<p>Mentions conformité.</p>"),
                block(TEXT, b -> b.withContent(Map.of("html", "<p>Livraison gratuit ce mois-ci.</p>")))));

        TemplateUpdates.Update why = personas.callAs(LYON, () -> updates.latestFor(scheduled));
        assertThat(why.outcome()).isEqualTo(TemplateUpdates.Outcome.KEPT);
        assertThat(why.reason()).isEqualTo(TemplateUpdates.Reason.COMPLIANCE);
        assertThat(why.reasonDetails()).isNotEmpty();
        assertThat(details(scheduled).summary().templateVersion()).isEqualTo(1);
        assertThat(details(scheduled).status()).isEqualTo(CampaignStatus.SCHEDULED);
        // a draft moves anyway: the wizard shows the finding before it can be submitted
        assertThat(details(draft).summary().templateVersion()).isEqualTo(2);
        assertThat(personas.callAs(LYON, () -> campaigns.findings(draft))).anyMatch(Compliance.Finding::blocking);
    }

    @Test
    void theListenerAndTheSweepHandleACampaignOnce() {
        UUID templateId = template();
        UUID byListener = draft(templateId, "Déplacée par l’écouteur");
        UUID bySweep = draft(templateId, "Déplacée par le balayage");
        Campaigns.Details original = details(bySweep);

        publish(templateId, newLegalMention("<p>Mentions de la v2.</p>"));
        long listenerVersion = details(byListener).version();
        assertThat(details(byListener).summary().templateVersion()).isEqualTo(2);

        // as if the process stopped between the publication's commit and the listener for this one
        TenantContext.runAsSystem(tenantId, () -> new TransactionTemplate(txManager).executeWithoutResult(s -> {
            jdbc.update("delete from campaign_template_update where tenant_id = ? and campaign_id = ?", tenantId,
                    bySweep);
            jdbc.update("update campaign set template_version_id = ?, content = ?::jsonb where tenant_id = ? "
                    + "and id = ?", original.template().id(), "{\"subject\": \"" + SUBJECT + "\", \"blocks\": {\""
                    + HEADING + "\": {\"text\": \"Déplacée par le balayage\"}}}", tenantId, bySweep);
        }));
        assertThat(details(bySweep).summary().templateVersion()).isEqualTo(1);
        long stuckVersion = details(bySweep).version();

        assertThat(propagator.sweep()).isGreaterThanOrEqualTo(1);
        Campaigns.Details swept = details(bySweep);
        assertThat(swept.summary().templateVersion()).isEqualTo(2);
        assertThat(swept.version()).isEqualTo(stuckVersion + 1);
        assertThat(swept.content().value(HEADING, "text")).isEqualTo("Déplacée par le balayage");

        // nothing is done twice: neither by the sweep again, nor by the listener's work being repeated
        propagator.sweep();
        propagator.propagate(tenantId, templateId);
        assertThat(details(bySweep).version()).isEqualTo(stuckVersion + 1);
        assertThat(details(byListener).version()).isEqualTo(listenerVersion);
        assertThat(records(bySweep, "MOVED")).isEqualTo(1);
        assertThat(records(byListener, "MOVED")).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ telling people

    private List<SandboxMessages.Message> mailsTo(String address, String subjectPart) throws InterruptedException {
        Predicate<SandboxMessages.Summary> wanted = m -> m.recipients().contains(address)
                && m.subject().contains(subjectPart);
        for (int attempt = 0; attempt < 50; attempt++) {
            List<SandboxMessages.Message> found = new ArrayList<>();
            TenantContext.runAsSystem(tenantId, () -> sandbox.list().stream().filter(wanted)
                    .forEach(m -> found.add(sandbox.get(m.id()))));
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(100);
        }
        return List.of();
    }

    @Test
    void theBranchManagersAreToldByEmailInTheirLanguage() throws Exception {
        UUID branchId = fx.newLyonBranch();
        ReviewFixture people = new ReviewFixture(context);
        String fr = people.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(branchId), "fr");
        String en = people.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(branchId), "en");
        UUID templateId = template();
        String templateName = personas.callAs(MARKETER, () -> templates.get(templateId).name());
        String movedName = "Suivie " + CampaignFixture.unique();
        draft(fr, branchId, templateId, movedName, "Titre de Lyon");
        String keptName = "Gardée " + CampaignFixture.unique();
        submitted(fr, branchId, templateId, keptName, "Un titre beaucoup trop long pour la suite", nextWeek());

        publish(templateId, all(newLegalMention("<p>Mentions 2027.</p>"), headingAtMost(20)));

        List<SandboxMessages.Message> movedFr = mailsTo(fr, movedName + " » utilise");
        assertThat(movedFr).hasSize(1);
        assertThat(movedFr.get(0).subject()).isEqualTo("« " + movedName + " » utilise désormais la version 2 du "
                + "modèle « " + templateName + " »");
        assertThat(movedFr.get(0).text()).contains("Vos textes sont conservés")
                .contains("Ce qui a changé dans le modèle").contains("Bloc Texte : contenu modifié.")
                .contains("/portal/campaigns/");
        List<SandboxMessages.Message> movedEn = mailsTo(en, movedName + "\u201d now uses");
        assertThat(movedEn).hasSize(1);
        assertThat(movedEn.get(0).subject()).isEqualTo("\u201c" + movedName + "\u201d now uses version 2 of the "
                + "template \u201c" + templateName + "\u201d");
        assertThat(movedEn.get(0).text()).contains("Your texts are kept").contains("What changed in the template");

        List<SandboxMessages.Message> keptFr = mailsTo(fr, keptName + " » reste sur");
        assertThat(keptFr).hasSize(1);
        assertThat(keptFr.get(0).subject()).isEqualTo("« " + keptName + " » reste sur la version 1 du modèle « "
                + templateName + " »");
        assertThat(keptFr.get(0).text()).contains("ne respectent pas les règles de la nouvelle version")
                .contains("anciennes mentions légales");
        List<SandboxMessages.Message> keptEn = mailsTo(en, keptName + "\u201d stays on");
        assertThat(keptEn).hasSize(1);
        assertThat(keptEn.get(0).text()).contains("do not fit the new version’s rules")
                .contains("previous legal footer");
        assertThat(keptEn.get(0).html()).contains(keptName).contains("Open the campaign");
    }

    @Test
    void thePortalNoticeShowsUntilTheBranchSaysGotItAndOnlyForItsBranch() throws Exception {
        UUID templateId = template();
        UUID draft = draft(templateId, "Titre du portail");
        publish(templateId, newLegalMention("<p>Mentions du portail.</p>"));

        MockHttpServletResponse page = page(LYON, get("/portal/campaigns/{campaignId}", draft), Locale.ENGLISH);
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("id=\"template-update\"")
                .contains("This campaign now uses version 2 of the template").contains("your texts are kept")
                .contains("Got it");
        MockHttpServletResponse content = page(LYON, get("/portal/campaigns/{campaignId}/content", draft),
                Locale.FRENCH);
        assertThat(content.getContentAsString()).contains("Cette campagne utilise désormais la version 2 du modèle")
                .contains("J’ai compris");

        // another branch's manager neither sees nor acknowledges it
        assertThat(page(NICE, get("/portal/campaigns/{campaignId}", draft), Locale.ENGLISH).getStatus())
                .isEqualTo(403);
        assertThat(page(NICE, post("/portal/campaigns/{campaignId}/template-update/ack", draft).with(csrf()),
                Locale.ENGLISH).getStatus()).isEqualTo(403);
        assertThat(page(NICE, post("/portal/campaigns/{campaignId}/template-update/ack", UUID.randomUUID())
                .with(csrf()), Locale.ENGLISH).getStatus()).isEqualTo(404);
        assertThat(personas.callAs(LYON, () -> updates.latestFor(draft))).isNotNull();

        MockHttpServletResponse ack = page(LYON, post("/portal/campaigns/{campaignId}/template-update/ack", draft)
                .param("from", "content").with(csrf()), Locale.ENGLISH);
        assertThat(ack.getStatus()).isEqualTo(302);
        assertThat(ack.getRedirectedUrl()).isEqualTo("/portal/campaigns/" + draft + "/content");
        assertThat(page(LYON, get("/portal/campaigns/{campaignId}", draft), Locale.ENGLISH).getContentAsString())
                .doesNotContain("id=\"template-update\"");
        assertThat(personas.callAs(LYON, () -> updates.latestFor(draft))).isNull();
        assertThat(personas.callAs(LYON, () -> updates.historyOf(draft))).singleElement()
                .satisfies(u -> assertThat(u.acknowledgedBy()).isEqualTo(LYON));

        // HQ's template page tells what the version did, with a link to the campaign
        MockHttpServletResponse hq = page(MARKETER, get("/hq/templates/{templateId}", templateId), Locale.ENGLISH);
        assertThat(hq.getContentAsString()).contains("Version 2: 1 campaign in progress moved.")
                .contains("/hq/campaigns/" + draft);
        assertThat(page(MARKETER, get("/hq/templates/{templateId}", templateId), Locale.FRENCH).getContentAsString())
                .contains("Version 2 : 1 campagne en cours mise à jour.").contains("Voir la campagne mise à jour");
    }
}
