package io.archipel.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.SegmentService;
import io.archipel.brand.BlockType;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.Gallery;
import io.archipel.campaign.GalleryService;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The network gallery of "Maison Lumière" (after {@link DemoCampaignSeeder}), once: a winter-sale campaign of NCE-01 in
 * the branch's own words, submitted and approved as the system, then sent (delivery does not exist yet: the seeder
 * calls {@code startSending} / {@code finishSending} itself) and featured with HQ's note. On with the demo data and the
 * demo campaigns; {@code archipel.demo-data.gallery.enabled=false} turns it off (tests do).
 */
@Component
@Order(22)
class DemoGallerySeeder implements ApplicationRunner {

    static final String NAME = "Soldes d'hiver – Nice Masséna";
    static final String NOTE = "Un texte court et chaleureux, l’offre dès la première ligne et le café offert le "
            + "samedi : deux fois plus de visites en magasin que l’an dernier la première semaine.";

    private static final Log log = LogFactory.getLog(DemoGallerySeeder.class);

    private final Environment env;
    private final TenantService tenants;
    private final BranchService branches;
    private final TemplateService templates;
    private final SegmentService segments;
    private final CampaignService campaigns;
    private final GalleryService gallery;

    DemoGallerySeeder(Environment env, TenantService tenants, BranchService branches, TemplateService templates,
            SegmentService segments, CampaignService campaigns, GalleryService gallery) {
        this.env = env;
        this.tenants = tenants;
        this.branches = branches;
        this.templates = templates;
        this.segments = segments;
        this.campaigns = campaigns;
        this.gallery = gallery;
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoSeeding.inDemoNetwork(env, tenants, log, "gallery", this::seedOnce, "campaigns", "gallery");
    }

    private void seedOnce() {
        UUID nice = DemoSeeding.branch(branches, "NCE-01");
        UUID sale = DemoSeeding.winterSale(templates);
        if (nice == null || sale == null || !gallery.entries(Gallery.Filter.all()).isEmpty()
                || campaigns.listForBranch(nice).stream().anyMatch(c -> c.name().equals(NAME))) {
            return;
        }
        UUID audience = DemoSeeding.loyalAudience(segments);

        UUID id = campaigns.createFromTemplate(nice, sale, NAME);
        Campaigns.Details d = campaigns.get(id);
        long version = campaigns.saveContent(id, d.version(), personalised(d));
        version = campaigns.setAudience(id, version, audience);
        Campaigns.Submitted submitted = campaigns.submit(id, version);
        if (!submitted.accepted()) {
            log.warn("Demo gallery campaign of NCE-01 not submitted: " + submitted.problems() + " "
                    + submitted.findings());
            return;
        }
        if (submitted.status() == CampaignStatus.IN_REVIEW) {
            campaigns.approve(id, "Très bien : le café du samedi est une belle idée.");
        }
        campaigns.startSending(id);
        campaigns.finishSending(id);
        gallery.feature(id, NOTE);
        log.info("Demo gallery seeded: \"" + NAME + "\" sent and featured");
    }

    /** The branch's own words: its subject and its text (with merge fallbacks, as the demo charter asks). */
    private static Campaigns.Content personalised(Campaigns.Details d) {
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>(d.content().blocks());
        d.template().email().blocks().stream().filter(b -> b.type() == BlockType.RICH_TEXT && b.editable())
                .findFirst().ifPresent(b -> blocks.put(b.id(), Map.of("html",
                        "<p>Bonjour {{contact.firstName|à vous}},</p><p>Les soldes arrivent sur la Promenade : "
                                + "lampes, bougies et plaids à prix doux, <strong>dans la limite des stocks</strong>."
                                + " Le samedi matin, le café est offert !</p>")));
        String subject = d.template().email().subject().locked() ? null
                : "{{contact.firstName|Bonjour}}, les soldes d'hiver de Nice Masséna commencent !";
        return new Campaigns.Content(subject, d.content().preheader(), blocks, d.content().smsParts());
    }
}
