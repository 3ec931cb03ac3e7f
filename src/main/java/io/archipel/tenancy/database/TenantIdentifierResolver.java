package io.archipel.tenancy.database;

import java.util.Map;
import java.util.UUID;

import io.archipel.tenancy.TenantContext;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.stereotype.Component;

/**
 * Feeds Hibernate's {@code @TenantId} discriminator from {@link TenantContext}. With
 * {@code archipel.tenancy.hibernate-filter=false} every session is treated as "root", so Hibernate adds no tenant
 * predicate and row-level security alone keeps tenants apart (the isolation tests run both ways).
 */
@Component
class TenantIdentifierResolver implements CurrentTenantIdentifierResolver<UUID>, HibernatePropertiesCustomizer {

    /** Used when no tenant is in context (platform operator, anonymous): RLS then shows no tenant rows at all. */
    static final UUID NO_TENANT = new UUID(0, 0);

    private final boolean hibernateFilter;

    TenantIdentifierResolver(@Value("${archipel.tenancy.hibernate-filter:true}") boolean hibernateFilter) {
        this.hibernateFilter = hibernateFilter;
    }

    @Override
    public UUID resolveCurrentTenantIdentifier() {
        return TenantContext.current().orElse(NO_TENANT);
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return false;
    }

    @Override
    public boolean isRoot(UUID tenantId) {
        return !hibernateFilter || NO_TENANT.equals(tenantId);
    }

    @Override
    public void customize(Map<String, Object> hibernateProperties) {
        hibernateProperties.put(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER, this);
    }
}
