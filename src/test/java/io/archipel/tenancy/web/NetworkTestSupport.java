package io.archipel.tenancy.web;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;

/** Test helpers: trusted work on the demo tenant, and fresh HQ admins so that tests never share a person. */
class NetworkTestSupport {

    private final Personas personas;
    private final UserAccountService users;
    private final TerritoryService territories;

    NetworkTestSupport(Personas personas, UserAccountService users, TerritoryService territories) {
        this.personas = personas;
        this.users = users;
        this.territories = territories;
    }

    UUID tenantId() {
        return personas.principal(Personas.HQ_ADMIN).tenantId();
    }

    <T> T asSystem(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        TenantContext.runAsSystem(tenantId(), () -> result.set(work.get()));
        return result.get();
    }

    TerritoryView territoryByCode(String code) {
        return asSystem(() -> territories.visibleTree().stream().filter(t -> code.equals(t.code())).findFirst()
                .orElseThrow());
    }

    /** A new HQ admin (locale unset, so pages render in English) with the given scope; returns the e-mail. */
    String newAdmin(ScopeType scope, UUID territoryId) {
        String email = "admin-" + UUID.randomUUID() + "@maison-lumiere.example";
        asSystem(() -> users.create(new UserData(email, "Test Admin", Role.HQ_ADMIN, scope, territoryId, Set.of(),
                "Archipel-2026-test")));
        return email;
    }

    String newAdmin() {
        return newAdmin(ScopeType.TENANT, null);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
