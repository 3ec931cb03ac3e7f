package io.archipel.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.Availability;
import io.archipel.brand.BlockType;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.tenancy.TenantService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Demo campaign kits of "Maison Lumière" (after {@link DemoCampaignSeeder}), once: "Avant-première des soldes",
 * pushed to the whole network on the winter-sale template with charter-compliant pre-filled content and a window in
 * the coming weeks, and a draft "Nuit des bougies" HQ is still preparing. On with the demo campaigns;
 * {@code archipel.demo-data.kits.enabled=false} leaves them out (the tests do, so that kit lists start empty).
 */
@Component
@Order(21)
class DemoKitSeeder implements ApplicationRunner {

    static final String PREVIEW_SALE = "Avant-première des soldes";
    private static final Log log = LogFactory.getLog(DemoKitSeeder.class);

    private final Environment env;
    private final TenantService tenants;
    private final TemplateService templates;
    private final SegmentService segments;
    private final KitService kits;

    DemoKitSeeder(Environment env, TenantService tenants, TemplateService templates, SegmentService segments,
            KitService kits) {
        this.env = env;
        this.tenants = tenants;
        this.templates = templates;
        this.segments = segments;
        this.kits = kits;
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoSeeding.inDemoNetwork(env, tenants, log, "kits", this::seedOnce, "campaigns", "kits");
    }

    private void seedOnce() {
        if (!kits.list(false).isEmpty() || !kits.list(true).isEmpty()) {
            return;
        }
        UUID sale = DemoSeeding.winterSale(templates);
        if (sale == null) {
            return;
        }
        UUID audience = segments.listNetwork().stream()
                .filter(s -> s.name().equals(DemoCampaignSeeder.AUDIENCE)).findFirst()
                .map(Segments.Segment::id).orElse(null);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));

        UUID preview = kits.create(PREVIEW_SALE, sale, "Invitez vos clients fidèles à découvrir les soldes avant tout "
                + "le monde : ajoutez un mot de l’équipe et vos horaires. Le reste du message est prêt.");
        Kits.Details d = kits.get(preview);
        long version = kits.saveContent(preview, d.version(), content(d,
                "En avant-première : les soldes d’hiver chez {{branch.name}}",
                "<p>Bonjour {{contact.firstName|à vous}},</p><p>Parce que vous êtes fidèle à notre maison, découvrez "
                        + "la sélection des soldes avant tout le monde : lampes, bougies parfumées et plaids. "
                        + "<strong>Réservez vos coups de cœur</strong> en magasin.</p>"));
        version = kits.update(preview, version, PREVIEW_SALE, d.brief(), audience, today.plusDays(7),
                today.plusDays(28));
        kits.push(preview, version, Availability.NETWORK);

        UUID candles = kits.create("Nuit des bougies", sale, "Brouillon : la soirée bougies de l’automne.");
        Kits.Details c = kits.get(candles);
        kits.update(candles, c.version(), "Nuit des bougies", c.brief(), audience, today.plusDays(40),
                today.plusDays(47));
        log.info("Demo kits seeded (" + PREVIEW_SALE + " pushed to the network, one draft)");
    }

    /** The template's defaults with this subject (when editable) and this rich text in its first editable text. */
    private static Campaigns.Content content(Kits.Details d, String subject, String html) {
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>(d.content().blocks());
        d.template().email().blocks().stream().filter(b -> b.type() == BlockType.RICH_TEXT && b.editable())
                .findFirst().ifPresent(b -> blocks.put(b.id(), Map.of("html", html)));
        String s = d.template().email().subject().locked() ? null : subject;
        return new Campaigns.Content(s, d.content().preheader(), blocks, d.content().smsParts());
    }
}
