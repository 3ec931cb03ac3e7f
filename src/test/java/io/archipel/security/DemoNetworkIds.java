package io.archipel.security;

import java.util.UUID;

import io.archipel.identity.UserAccountService;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;

/** Ids in the seeded "Maison Lumière" network that the security tests aim at. */
record DemoNetworkIds(UUID tenantId, UUID lyonBranchId, UUID niceBranchId, UUID pacaTerritoryId, UUID niceManagerId) {

    static final String SLUG = "maison-lumiere";

    static DemoNetworkIds load(TenantService tenants, TerritoryService territories, BranchService branches,
            UserAccountService users) {
        UUID tenantId = tenants.findBySlug(SLUG).orElseThrow(() -> new IllegalStateException("demo network missing"))
                .id();
        UUID[] ids = new UUID[4];
        TenantContext.runAsSystem(tenantId, () -> {
            ids[0] = branches.visibleBranches().stream().filter(b -> b.code().equals("LYO-01")).findFirst()
                    .orElseThrow().id();
            ids[1] = branches.visibleBranches().stream().filter(b -> b.code().equals("NCE-01")).findFirst()
                    .orElseThrow().id();
            ids[2] = territories.visibleTree().stream().filter(t -> "PACA".equals(t.code())).findFirst()
                    .orElseThrow().id();
            ids[3] = users.all().stream().filter(u -> u.email().equalsIgnoreCase(Personas.OTHER_BRANCH_MANAGER))
                    .findFirst().orElseThrow().id();
        });
        return new DemoNetworkIds(tenantId, ids[0], ids[1], ids[2], ids[3]);
    }
}
