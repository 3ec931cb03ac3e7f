package io.archipel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.archipel.support.ArchipelTest;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The very same isolation checks as {@link TenantIsolationTest}, with Hibernate's {@code @TenantId} filter switched
 * off: PostgreSQL row-level security alone must keep the tenants apart.
 */
@ArchipelTest
@TestPropertySource(properties = "archipel.tenancy.hibernate-filter=false")
class TenantIsolationRowLevelSecurityOnlyTest extends TenantIsolationTest {

    @Test
    void theHibernateTenantFilterIsReallyOff() {
        @SuppressWarnings("unchecked")
        CurrentTenantIdentifierResolver<UUID> resolver = context.getBean(CurrentTenantIdentifierResolver.class);
        // a "root" tenant id means Hibernate adds no tenant predicate to its queries
        assertThat(resolver.isRoot(rival.tenantId())).isTrue();
        assertThat(resolver.isRoot(demo.tenantId())).isTrue();
    }

    @Override
    String filterLabel() {
        return " / Hibernate filter OFF";
    }
}
