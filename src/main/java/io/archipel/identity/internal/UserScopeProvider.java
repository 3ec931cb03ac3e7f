package io.archipel.identity.internal;

import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.NetworkDirectory;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import org.springframework.security.access.AccessDeniedException;
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

    UserScopeProvider(AppUserRepository users, NetworkDirectory network) {
        this.users = users;
        this.network = network;
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
