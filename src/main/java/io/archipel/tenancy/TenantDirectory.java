package io.archipel.tenancy;

import java.util.Optional;
import java.util.UUID;

import io.archipel.tenancy.internal.Tenant;
import io.archipel.tenancy.internal.TenantRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Read-only facts about tenants for the other modules (the layout shows the network's name). */
@Component
@Transactional(readOnly = true)
public class TenantDirectory {

    private final TenantRepository tenants;

    TenantDirectory(TenantRepository tenants) {
        this.tenants = tenants;
    }

    public Optional<String> name(UUID tenantId) {
        return tenants.findById(tenantId).map(Tenant::getName);
    }
}
