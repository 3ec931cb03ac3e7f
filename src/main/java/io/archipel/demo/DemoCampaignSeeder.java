package io.archipel.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.SegmentService;
import io.archipel.brand.BlockType;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
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
 * Demo campaigns of "Maison Lumière" (after {@link DemoNetworkSeeder}), once: a draft in LYO-01, one in review in
 * LYO-02 (for the Auvergne-Rhône-Alpes validator), one approved and scheduled in GRE-01, all on the winter-sale
 * template, with an HQ segment as audience. On with the demo data; {@code archipel.demo-data.campaigns.enabled=false}
 * leaves them out (the tests do, so that campaign lists start empty).
 */
@Component
@Order(20)
class DemoCampaignSeeder implements ApplicationRunner {

    static final String AUDIENCE = "Clients fidèles (e-mail)";
    private static final Log log = LogFactory.getLog(DemoCampaignSeeder.class);

    private final Environment env;
    private final TenantService tenants;
    private final BranchService branches;
    private final TemplateService templates;
    private final SegmentService segments;
    private final CampaignService campaigns;

    DemoCampaignSeeder(Environment env, TenantService tenants, BranchService branches, TemplateService templates,
            SegmentService segments, CampaignService campaigns) {
        this.env = env;
        this.tenants = tenants;
        this.branches = branches;
        this.templates = templates;
        this.segments = segments;
        this.campaigns = campaigns;
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoSeeding.inDemoNetwork(env, tenants, log, "campaigns", this::seedOnce, "campaigns");
    }

    private void seedOnce() {
        UUID lyon = DemoSeeding.branch(branches, "LYO-01");
        UUID presquile = DemoSeeding.branch(branches, "LYO-02");
        UUID grenoble = DemoSeeding.branch(branches, "GRE-01");
        UUID sale = DemoSeeding.winterSale(templates);
        if (lyon == null || presquile == null || grenoble == null || sale == null
                || !campaigns.listForBranch(lyon).isEmpty()) {
            return;
        }
        UUID audience = DemoSeeding.loyalAudience(segments);
        ZoneId paris = ZoneId.of("Europe/Paris");

        // LYO-01: a draft the manager is still writing
        campaigns.createFromTemplate(lyon, sale, "Soldes d'hiver – Part-Dieu");

        // LYO-02: its own words, waiting for the regional validator
        UUID inReview = campaigns.createFromTemplate(presquile, sale, "Soldes d'hiver – Presqu'île");
        Campaigns.Details d = campaigns.get(inReview);
        long version = campaigns.saveContent(inReview, d.version(), withRichText(d,
                "<p>Bonjour {{contact.firstName|à vous}},</p><p>Toute l’équipe de la Presqu'île vous attend pour les "
                        + "soldes : lampes, bougies et plaids à prix doux, <strong>dans la limite des stocks</strong>."
                        + " Café offert le samedi matin !</p>"));
        version = campaigns.setAudience(inReview, version, audience);
        version = campaigns.setSchedule(inReview, version,
                LocalDate.now(paris).plusDays(5).atTime(LocalTime.of(10, 0)).atZone(paris).toInstant());
        Campaigns.Submitted submitted = campaigns.submit(inReview, version);
        if (!submitted.accepted()) {
            // the demo should show a campaign in review: say why it is not (the charter rules may have changed)
            log.warn("Demo campaign of LYO-02 not submitted: " + submitted.problems() + " " + submitted.findings());
        }

        // GRE-01: approved, scheduled
        UUID scheduled = campaigns.createFromTemplate(grenoble, sale, "Soldes d'hiver – Grenoble");
        version = campaigns.setAudience(scheduled, campaigns.get(scheduled).version(), audience);
        version = campaigns.setSchedule(scheduled, version,
                LocalDate.now(paris).plusDays(3).atTime(LocalTime.of(9, 30)).atZone(paris).toInstant());
        Campaigns.Submitted second = campaigns.submit(scheduled, version);
        if (second.status() == io.archipel.campaign.CampaignStatus.IN_REVIEW) {
            campaigns.approve(scheduled, "Parfait, bonne campagne !");
        }
        log.info("Demo campaigns seeded (Presqu'île: " + submitted.status() + ", Grenoble: "
                + campaigns.get(scheduled).status() + ")");
    }

    private static Campaigns.Content withRichText(Campaigns.Details d, String html) {
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>(d.content().blocks());
        d.template().email().blocks().stream().filter(b -> b.type() == BlockType.RICH_TEXT && b.editable())
                .findFirst().ifPresent(b -> blocks.put(b.id(), Map.of("html", html)));
        return new Campaigns.Content(d.content().subject(), d.content().preheader(), blocks, d.content().smsParts());
    }
}
