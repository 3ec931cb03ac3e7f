package io.archipel.identity.internal;

import io.archipel.identity.ApiKeyAuthentication;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.NetworkDirectory;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scope of the person behind the request, read fresh from the database so that a change by an admin applies at
 * once. Someone with no tenant, or whose account vanished, gets no scope at all.
 */
@Component
class UserScopeProvider implements CurrentScope {

    private final AppUserRepository users;
    private final NetworkDirectory network;
    private final ApiKeyScopes apiKeys;

    UserScopeProvider(AppUserRepository users, NetworkDirectory network, ApiKeyScopes apiKeys) {
        this.users = users;
        this.network = network;
        this.apiKeys = apiKeys;
    }

    @Override
    @Transactional(readOnly = true)
    public NetworkScope get() {
        if (TenantContext.isSystem()) {
            return NetworkScope.wholeTenant();
        }
        ArchipelUser principal = CurrentUser.find().orElseThrow(() -> new AccessDeniedException("Not signed in"));
        if (principal.tenantId() == null) {
            throw new AccessDeniedException("No tenant");
        }
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ApiKeyAuthentication key) {
            // a REST API call: the key's scope, read once per call (a revoked key has none)
            return key.scope(() -> apiKeys.scopeOf(key.keyId())
                    .orElseThrow(() -> new AccessDeniedException("API key revoked")));
        }
        AppUser user = users.findById(principal.userId()).filter(AppUser::isActive)
                .orElseThrow(() -> new AccessDeniedException("Account not active"));
        if (user.getScopeType() == ScopeType.TERRITORY) {
            String path = network.territoryPath(user.getScopeTerritoryId())
                    .orElseThrow(() -> new AccessDeniedException("Scope territory missing"));
            return NetworkScope.territory(user.getScopeTerritoryId(), path);
        }
        if (user.getScopeType() == ScopeType.BRANCHES) {
            return NetworkScope.branches(user.getScopeBranchIds());
        }
        return NetworkScope.wholeTenant();
    }
}
