package io.archipel.demo;

import java.util.List;
import java.util.UUID;

import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import org.apache.commons.logging.Log;
import org.springframework.core.env.Environment;

/**
 * The switches and safety net the demo seeders that follow {@link DemoNetworkSeeder} share: demo data is on with the
 * embedded database unless {@code archipel.demo-data.enabled=false}, each part may be switched off on its own
 * ({@code archipel.demo-data.<part>.enabled=false}; the tests switch campaigns, kits and gallery off so that lists
 * start empty), and a seeding that fails is logged, never stopping the application. Also the look-ups they repeat
 * (a branch or territory by code, the published winter-sale template, the loyal-customers audience), to be called
 * inside {@link #inDemoNetwork}.
 */
final class DemoSeeding {

    private DemoSeeding() {
    }

    /**
     * Runs {@code seed} as system in the demo network when demo data and every one of {@code parts} are on.
     *
     * @param what the part's name in the warning ("campaigns", "kits"…)
     */
    static void inDemoNetwork(Environment env, TenantService tenants, Log log, String what, Runnable seed,
            String... parts) {
        boolean embedded = env.getProperty("archipel.embedded-database.active", Boolean.class, false);
        if (!env.getProperty("archipel.demo-data.enabled", Boolean.class, embedded)) {
            return;
        }
        for (String part : parts) {
            if (!env.getProperty("archipel.demo-data." + part + ".enabled", Boolean.class, true)) {
                return;
            }
        }
        UUID tenantId = tenants.findBySlug(DemoNetworkSeeder.SLUG).map(t -> t.id()).orElse(null);
        if (tenantId == null) {
            return;
        }
        try {
            TenantContext.runAsSystem(tenantId, seed);
        } catch (RuntimeException e) {
            // demo data is a convenience: never stop the application for it
            log.warn("Demo " + what + " not seeded: " + e.getMessage(), e);
        }
    }

    /** The id of the branch with exactly this code, or null. */
    static UUID branch(BranchService branches, String code) {
        return branches.search(code, null).stream().filter(b -> b.code().equals(code)).findFirst()
                .map(BranchService.BranchView::id).orElse(null);
    }

    /** The id of the territory with this code, or null. */
    static UUID territory(TerritoryService territories, String code) {
        return territories.visibleTree().stream().filter(t -> code.equals(t.code())).findFirst()
                .map(TerritoryService.TerritoryView::id).orElse(null);
    }

    /** The published e-mail template {@link DemoNetworkSeeder#WINTER_SALE}, or null. */
    static UUID winterSale(TemplateService templates) {
        return templates.list(DemoNetworkSeeder.WINTER_SALE, TemplateChannel.EMAIL, false).stream()
                .filter(t -> t.name().equals(DemoNetworkSeeder.WINTER_SALE) && t.published()).findFirst()
                .map(t -> t.id()).orElse(null);
    }

    /** The HQ segment {@link DemoCampaignSeeder#AUDIENCE} (loyal customers who accept e-mails), created if missing. */
    static UUID loyalAudience(SegmentService segments) {
        return segments.listNetwork().stream().filter(s -> s.name().equals(DemoCampaignSeeder.AUDIENCE)).findFirst()
                .map(Segments.Segment::id).orElseGet(() -> segments.create(null, new Segments.Draft(
                        DemoCampaignSeeder.AUDIENCE, "Clients des programmes Or et Argent qui acceptent les e-mails.",
                        new Segments.Definition(Contacts.Channel.EMAIL, new Segments.Group(Segments.Combinator.ALL,
                                List.of(new Segments.Condition("tags", Segments.Operator.HAS_TAG,
                                        List.of("fidele"))))))));
    }
}
