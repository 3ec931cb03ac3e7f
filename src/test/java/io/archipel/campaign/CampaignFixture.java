package io.archipel.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.Availability;
import io.archipel.brand.BlockConstraints;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TerritoryService;
import org.springframework.context.ApplicationContext;

/**
 * Published templates, segments, policies and branches for campaign tests, each with a unique name (tests share one
 * database). Templates are published to the whole demo network.
 */
final class CampaignFixture {

    static final String MARKETER = Personas.HQ_MARKETER;
    static final String ADMIN = Personas.HQ_ADMIN;
    static final String LYON = Personas.BRANCH_MANAGER;
    static final String NICE = Personas.OTHER_BRANCH_MANAGER;
    static final String VALIDATOR = Personas.VALIDATOR;

    final Personas personas;
    final TemplateService templates;
    final BranchService branches;
    final TerritoryService territories;
    final SegmentService segments;
    final PolicyService policies;

    CampaignFixture(Personas personas, TemplateService templates, BranchService branches,
            TerritoryService territories, SegmentService segments, PolicyService policies) {
        this.personas = personas;
        this.templates = templates;
        this.branches = branches;
        this.territories = territories;
        this.segments = segments;
        this.policies = policies;
    }

    /** The fixture over the application's own services (what every campaign test built by hand). */
    static CampaignFixture of(ApplicationContext context) {
        return new CampaignFixture(context.getBean(Personas.class), context.getBean(TemplateService.class),
                context.getBean(BranchService.class), context.getBean(TerritoryService.class),
                context.getBean(SegmentService.class), context.getBean(PolicyService.class));
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    UUID branch(String code) {
        return personas.callAs(ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    UUID territory(String code) {
        return personas.callAs(ADMIN, () -> territories.visibleTree().stream()
                .filter(t -> code.equals(t.code())).findFirst().orElseThrow().id());
    }

    /** A new branch in the Lyon zone (a clean slate for weekly counts). */
    UUID newLyonBranch() {
        String tag = unique();
        UUID zone = territory("ARA-LYO");
        return personas.callAs(ADMIN, () -> branches.create(new BranchService.BranchData("CMP-" + tag,
                "Campaign test " + tag, zone, "1 rue du Test", null, "69003", "Lyon", "FR", null, null, null,
                "Europe/Paris", "Test " + tag)));
    }

    /**
     * An e-mail template from the starter layout where the HEADING block is required, the RICH_TEXT block is locked,
     * then edited by {@code edit}; published to the whole network with its own policy {@code policy}.
     */
    UUID emailTemplate(Policies.Policy policy, UnaryOperator<EmailTemplateContent> edit) {
        UUID id = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.EMAIL,
                "Campaign test " + unique(), TemplateCategory.PROMOTION, "For campaign tests"));
        personas.runAs(MARKETER, () -> {
            Templates.Details d = templates.get(id);
            List<TemplateBlock> blocks = new ArrayList<>();
            for (TemplateBlock b : d.email().blocks()) {
                if (b.type() == BlockType.HEADING) {
                    blocks.add(new TemplateBlock(b.id(), b.type(), false,
                            new BlockConstraints(true, 80, null, null, List.of()), b.content()));
                } else if (b.type() == BlockType.RICH_TEXT) {
                    blocks.add(new TemplateBlock(b.id(), b.type(), true, b.constraints(), b.content()));
                } else {
                    blocks.add(b);
                }
            }
            EmailTemplateContent content = edit.apply(d.email().withBlocks(blocks));
            Templates.DraftSaved saved = templates.saveEmailDraft(id, d.version(), content);
            templates.publish(id, saved.version(), Availability.NETWORK);
            if (policy != null) {
                policies.setTemplatePolicy(id, policy);
            }
        });
        return id;
    }

    UUID emailTemplate(Policies.Policy policy) {
        return emailTemplate(policy, c -> c);
    }

    /** The SMS starter (a locked prefix, one required editable zone of 100 characters), published. */
    UUID smsTemplate(Policies.Policy policy) {
        UUID id = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.SMS,
                "Campaign SMS " + unique(), TemplateCategory.PROMOTION, ""));
        personas.runAs(MARKETER, () -> {
            templates.publish(id, templates.get(id).version(), Availability.NETWORK);
            if (policy != null) {
                policies.setTemplatePolicy(id, policy);
            }
        });
        return id;
    }

    static Policies.Policy policy(Policies.ReviewMode review, Policies.Reviewer reviewer) {
        return new Policies.Policy(review, reviewer, 24, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                java.util.EnumSet.allOf(TemplateChannel.class));
    }

    /** An HQ segment (offered to every branch) on the channel. */
    UUID segment(Contacts.Channel channel) {
        return personas.callAs(ADMIN, () -> segments.create(null, new Segments.Draft("Campaign audience " + unique(),
                "", new Segments.Definition(channel, new Segments.Group(Segments.Combinator.ALL, List.of(
                        new Segments.Condition("tags", Segments.Operator.HAS_TAG, List.of("vip"))))))));
    }

    static String blockId(Templates.Version v, BlockType type) {
        return v.email().blocks().stream().filter(b -> b.type() == type).findFirst().orElseThrow().id();
    }
}
