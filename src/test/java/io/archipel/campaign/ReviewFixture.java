package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;
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
import io.archipel.identity.LoginRecorder;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TerritoryService;

/**
 * Campaigns waiting for review in the demo network, for the review tests: a fresh published e-mail template whose
 * own policy asks for a review by the territory validators (so whatever other tests do to the network default does
 * not matter), a network segment of everyone, and branch managers' campaigns submitted on it. Everything is created
 * with unique names; nothing shared is changed.
 */
public final class ReviewFixture {

    public static final String SUBJECT = "Nos nouvelles lampes arrivent en boutique";
    public static final String PASSWORD = "Review-Password-2026";

    public final Personas personas;
    final CampaignService campaigns;
    final PolicyService policies;
    final TemplateService templates;
    final SegmentService segments;
    final BranchService branches;
    final TerritoryService territories;
    final UserAccountService users;
    final LoginRecorder logins;

    private static UUID templateId;
    private final List<UUID> created = new java.util.ArrayList<>();
    private static UUID segmentId;

    /** The fixture with the services of the running test's application. */
    public ReviewFixture(org.springframework.context.ApplicationContext context) {
        this(context.getBean(Personas.class), context.getBean(CampaignService.class),
                context.getBean(PolicyService.class), context.getBean(TemplateService.class),
                context.getBean(SegmentService.class), context.getBean(BranchService.class),
                context.getBean(TerritoryService.class), context.getBean(UserAccountService.class),
                context.getBean(LoginRecorder.class));
    }

    public ReviewFixture(Personas personas, CampaignService campaigns, PolicyService policies,
            TemplateService templates, SegmentService segments, BranchService branches,
            TerritoryService territories, UserAccountService users, LoginRecorder logins) {
        this.personas = personas;
        this.campaigns = campaigns;
        this.policies = policies;
        this.templates = templates;
        this.segments = segments;
        this.branches = branches;
        this.territories = territories;
        this.users = users;
        this.logins = logins;
    }

    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public UUID branchId(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    public UUID territoryId(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> territories.visibleTree().stream()
                .filter(t -> code.equals(t.code())).findFirst().orElseThrow().id());
    }

    /** The test template (created once per fixture): editable subject and text, reviewed by territory validators. */
    public UUID templateId() {
        synchronized (ReviewFixture.class) {
            return sharedTemplate();
        }
    }

    private UUID sharedTemplate() {
        if (templateId == null) {
            templateId = newTemplate(new Policies.Policy(Policies.ReviewMode.ALWAYS,
                    Policies.Reviewer.TERRITORY_VALIDATORS, 48, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                    EnumSet.allOf(TemplateChannel.class)));
        }
        return templateId;
    }

    /** A new published e-mail template with its own policy (null: follows the network default). */
    public UUID newTemplate(Policies.Policy policy) {
        String tag = unique();
        return personas.callAs(Personas.HQ_MARKETER, () -> {
            UUID id = templates.create(TemplateChannel.EMAIL, "Revue " + tag, TemplateCategory.NEWSLETTER,
                    "Modèle des tests de validation");
            List<TemplateBlock> blocks = List.of(
                    new TemplateBlock(EmailTemplateContent.newBlockId(), BlockType.HEADER, true, null, Map.of()),
                    new TemplateBlock(EmailTemplateContent.newBlockId(), BlockType.HEADING, true, null,
                            Map.of("text", "Les nouveautés de la saison")),
                    new TemplateBlock(EmailTemplateContent.newBlockId(), BlockType.RICH_TEXT, false,
                            new BlockConstraints(false, 500, EnumSet.of(TextFormatting.BOLD), null, List.of()),
                            Map.of("html", "<p>Toute l’équipe vous attend en magasin cette semaine.</p>")),
                    new TemplateBlock(EmailTemplateContent.newBlockId(), BlockType.LEGAL_FOOTER, true, null,
                            Map.of()));
            EmailTemplateContent content = new EmailTemplateContent(new LockableText(SUBJECT, false, true, 120),
                    new LockableText("", true, false, null), blocks);
            long version = templates.saveEmailDraft(id, templates.get(id).version(), content).version();
            templates.publish(id, version, Availability.NETWORK);
            if (policy != null) {
                policies.setTemplatePolicy(id, policy);
            }
            return id;
        });
    }

    /** A network segment of every consenting contact (e-mail). */
    public UUID segmentId() {
        synchronized (ReviewFixture.class) {
            return sharedSegment();
        }
    }

    private UUID sharedSegment() {
        if (segmentId == null) {
            segmentId = personas.callAs(Personas.HQ_MARKETER, () -> segments.create(null, new Segments.Draft(
                    "Revue tous " + unique(), "Segment des tests de validation",
                    new Segments.Definition(Channel.EMAIL, new Segments.Group(Segments.Combinator.ALL, List.of())))));
        }
        return segmentId;
    }

    /** A campaign of the manager's branch on the test template, with this subject, submitted: IN_REVIEW. */
    public UUID submitted(String manager, UUID branchId, String name, String subject) {
        return submitted(manager, branchId, templateId(), name, subject);
    }

    public UUID submitted(String manager, UUID branchId, UUID template, String name, String subject) {
        UUID segment = segmentId();
        UUID campaignId = personas.callAs(manager, () -> campaigns.createFromTemplate(branchId, template, name));
        created.add(campaignId);
        return personas.callAs(manager, () -> {
            UUID id = campaignId;
            Campaigns.Details d = campaigns.get(id);
            // only the subject: the text block keeps the template's default (no change to show)
            long version = campaigns.saveContent(id, d.version(),
                    new Campaigns.Content(subject, null, Map.of(), Map.of()));
            version = campaigns.setAudience(id, version, segment);
            Campaigns.Submitted result = campaigns.submit(id, version);
            assertThat(result.problems()).as("problems of the submission").isEmpty();
            assertThat(result.status()).isEqualTo(CampaignStatus.IN_REVIEW);
            return id;
        });
    }

    /** Cancels this fixture's campaigns still waiting (so other tests' review queues stay as they expect). */
    public void cancelOpen() {
        for (UUID id : created) {
            personas.runAs(Personas.HQ_ADMIN, () -> {
                CampaignStatus status = campaigns.get(id).summary().status();
                if (status == CampaignStatus.IN_REVIEW || status.editable()) {
                    campaigns.cancel(id, "test done");
                }
            });
        }
        created.clear();
    }

    /** The campaign as the HQ admin sees it. */
    public Campaigns.Details details(UUID campaignId) {
        return personas.callAs(Personas.HQ_ADMIN, () -> campaigns.get(campaignId));
    }

    /** A new active user of the demo network with this role, scope and preferred language; returns the e-mail. */
    public String newUser(Role role, ScopeType scope, UUID territoryId, Set<UUID> branchIds, String language) {
        String tag = unique();
        String email = role.name().toLowerCase().replace('_', '-') + "-" + tag + "@review-test.example";
        personas.runAs(Personas.HQ_ADMIN, () -> users.create(new UserAccountService.UserData(email,
                (language.equals("fr") ? "Camille " : "Alex ") + tag, role, scope, territoryId, branchIds, PASSWORD)));
        logins.saveLocale(personas.principal(email), language);
        return email;
    }
}
