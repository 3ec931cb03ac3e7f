package io.archipel.tenancy;

import java.util.UUID;

/** Published when the platform operator suspends a tenant: its users' sessions must end. */
public record TenantSuspended(UUID tenantId) {
}
