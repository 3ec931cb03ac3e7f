package io.archipel.demo;

import java.util.UUID;

import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.apache.commons.logging.Log;
import org.springframework.core.env.Environment;

/**
 * The switches and safety net the demo seeders that follow {@link DemoNetworkSeeder} share: demo data is on with the
 * embedded database unless {@code archipel.demo-data.enabled=false}, each part may be switched off on its own
 * ({@code archipel.demo-data.<part>.enabled=false}; the tests switch campaigns, kits and gallery off so that lists
 * start empty), and a seeding that fails is logged, never stopping the application.
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
}
