package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.context.ApplicationContext;

/**
 * Sent and featured campaigns for the gallery tests. Each call makes a fresh published e-mail template (unique name)
 * whose own policy never asks for a review: a locked heading, two editable texts (A and B), a locked legal footer,
 * and an editable subject. Campaigns are made SENT the way the delivery will: {@code startSending} /
 * {@code finishSending} as trusted system code.
 */
public final class GalleryFixture {

    public static final String HQ_HEADING_V1 = "Le mot du siège, première version";
    public static final String HQ_HEADING_V2 = "Le mot du siège, nouvelle version";

    /** The template's block ids. */
    public record Template(UUID id, String name, String heading, String textA, String textB) {
    }

    public final Personas personas;
    final CampaignService campaigns;
    final GalleryService gallery;
    final TemplateService templates;
    final SegmentService segments;
    final BranchService branches;
    final PolicyService policies;
    private UUID segmentId;

    public GalleryFixture(ApplicationContext context) {
        this.personas = context.getBean(Personas.class);
        this.campaigns = context.getBean(CampaignService.class);
        this.gallery = context.getBean(GalleryService.class);
        this.templates = context.getBean(TemplateService.class);
        this.segments = context.getBean(SegmentService.class);
        this.branches = context.getBean(BranchService.class);
        this.policies = context.getBean(PolicyService.class);
    }

    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    public Template template() {
        String name = "Galerie " + unique();
        String heading = EmailTemplateContent.newBlockId();
        String textA = EmailTemplateContent.newBlockId();
        String textB = EmailTemplateContent.newBlockId();
        UUID id = personas.callAs(Personas.HQ_MARKETER, () -> {
            UUID t = templates.create(TemplateChannel.EMAIL, name, TemplateCategory.PROMOTION, "Modèle des tests");
            BlockConstraints free = new BlockConstraints(false, 500, EnumSet.of(TextFormatting.BOLD), null,
                    List.of());
            List<TemplateBlock> blocks = List.of(
                    new TemplateBlock(EmailTemplateContent.newBlockId(), BlockType.HEADER, true, null, Map.of()),
                    new TemplateBlock(heading, BlockType.HEADING, true, null, Map.of("text", HQ_HEADING_V1)),
                    new TemplateBlock(textA, BlockType.RICH_TEXT, false, free,
                            Map.of("html", "<p>Texte A du siège.</p>")),
                    new TemplateBlock(textB, BlockType.RICH_TEXT, false, free,
                            Map.of("html", "<p>Texte B du siège.</p>")),
                    new TemplateBlock(EmailTemplateContent.newBlockId(), BlockType.LEGAL_FOOTER, true, null,
                            Map.of()));
            EmailTemplateContent content = new EmailTemplateContent(
                    new LockableText("Les nouveautés de la saison", false, true, 120),
                    new LockableText("", true, false, null), blocks);
            long version = templates.saveEmailDraft(t, templates.get(t).version(), content).version();
            templates.publish(t, version, Availability.NETWORK);
            policies.setTemplatePolicy(t, new Policies.Policy(Policies.ReviewMode.NEVER,
                    Policies.Reviewer.HQ, 24, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                    EnumSet.allOf(TemplateChannel.class)));
            return t;
        });
        return new Template(id, name, heading, textA, textB);
    }

    /**
     * Publishes version 2: the locked heading says {@link #HQ_HEADING_V2} and text B becomes locked (branches may no
     * longer change it).
     */
    public void publishVersion2(Template t) {
        personas.runAs(Personas.HQ_MARKETER, () -> {
            var d = templates.get(t.id());
            List<TemplateBlock> blocks = d.email().blocks().stream().map(b -> {
                if (b.id().equals(t.heading())) {
                    return new TemplateBlock(b.id(), b.type(), true, b.constraints(), Map.of("text", HQ_HEADING_V2));
                }
                if (b.id().equals(t.textB())) {
                    return new TemplateBlock(b.id(), b.type(), true, b.constraints(), b.content());
                }
                return b;
            }).toList();
            long version = templates.saveEmailDraft(t.id(), d.version(), d.email().withBlocks(blocks)).version();
            templates.publish(t.id(), version, Availability.NETWORK);
        });
    }

    /** Makes the template available to one branch only. */
    public void restrictTo(Template t, UUID branchId) {
        personas.runAs(Personas.HQ_MARKETER, () -> templates.changeAvailability(t.id(),
                templates.get(t.id()).version(), new Availability(Availability.Audience.PILOT,
                        java.util.Set.of(), java.util.Set.of(branchId), null, null)));
    }

    /** A campaign of the branch in its own words (subject, texts A and B), approved (not sent). */
    public UUID approved(String manager, UUID branchId, Template t, String name, String subject, String a, String b) {
        UUID segment = segment();
        return personas.callAs(manager, () -> {
            UUID id = campaigns.createFromTemplate(branchId, t.id(), name);
            Campaigns.Details d = campaigns.get(id);
            Map<String, Map<String, String>> blocks = new LinkedHashMap<>(d.content().blocks());
            blocks.put(t.textA(), Map.of("html", "<p>" + a + "</p>"));
            blocks.put(t.textB(), Map.of("html", "<p>" + b + "</p>"));
            long version = campaigns.saveContent(id, d.version(), new Campaigns.Content(subject, null, blocks,
                    Map.of()));
            version = campaigns.setAudience(id, version, segment);
            Campaigns.Submitted submitted = campaigns.submit(id, version);
            assertThat(submitted.problems()).as("problems").isEmpty();
            assertThat(submitted.findings()).as("blocking findings").noneMatch(Compliance.Finding::blocking);
            assertThat(submitted.status()).isEqualTo(CampaignStatus.APPROVED);
            return id;
        });
    }

    /** As {@link #approved}, then sent. */
    public UUID sent(String manager, UUID branchId, Template t, String name, String subject, String a, String b) {
        UUID id = approved(manager, branchId, t, name, subject, a, b);
        UUID tenantId = personas.callAs(Personas.HQ_ADMIN, TenantContext::require);
        TenantContext.runAsSystem(tenantId, () -> {
            campaigns.startSending(id);
            campaigns.finishSending(id);
        });
        return id;
    }

    public void feature(UUID campaignId, String note) {
        personas.runAs(Personas.HQ_MARKETER, () -> gallery.feature(campaignId, note));
    }

    private UUID segment() {
        if (segmentId == null) {
            segmentId = personas.callAs(Personas.HQ_MARKETER, () -> segments.create(null, new Segments.Draft(
                    "Galerie tous " + unique(), "Segment des tests de la galerie",
                    new Segments.Definition(Channel.EMAIL, new Segments.Group(Segments.Combinator.ALL, List.of())))));
        }
        return segmentId;
    }
}
