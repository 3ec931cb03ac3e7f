package io.archipel.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.archipel.tenancy.NetworkDirectory;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The network scope of an API key, read fresh from the database for each call (revoking a key or removing its
 * territory takes effect at once). Kept apart from ApiKeyService, which itself needs the caller's scope.
 */
@Component
class ApiKeyScopes {

    private final JdbcTemplate jdbc;
    private final NetworkDirectory network;

    ApiKeyScopes(JdbcTemplate jdbc, NetworkDirectory network) {
        this.jdbc = jdbc;
        this.network = network;
    }

    /** The key's scope in the current tenant, or empty when the key is unknown or revoked. */
    @Transactional(readOnly = true)
    Optional<NetworkScope> scopeOf(UUID keyId) {
        List<NetworkScope> found = jdbc.query("select scope_type, scope_territory_id, scope_branch_id from api_key "
                + "where tenant_id = ? and id = ? and revoked_at is null", (rs, n) -> {
                    ScopeType type = ScopeType.valueOf(rs.getString("scope_type"));
                    return switch (type) {
                        case TENANT -> NetworkScope.wholeTenant();
                        case TERRITORY -> {
                            UUID territoryId = rs.getObject("scope_territory_id", UUID.class);
                            yield network.territoryPath(territoryId)
                                    .map(path -> NetworkScope.territory(territoryId, path)).orElse(null);
                        }
                        case BRANCHES -> NetworkScope.branches(java.util.Set.of(
                                rs.getObject("scope_branch_id", UUID.class)));
                    };
                }, TenantContext.require(), keyId);
        return found.stream().filter(java.util.Objects::nonNull).findFirst();
    }
}
