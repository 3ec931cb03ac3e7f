package io.archipel.campaign;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.NetworkDirectory;
import io.archipel.tenancy.ScopeType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which users cover a branch for reviews and notifications: a user of the whole network, a user whose territory holds
 * the branch, or a user of a set of branches that includes it. When a policy names territory validators and none is
 * active for the branch, HQ reviews instead, so nobody waits for a review that nobody sees (the notifications and the
 * branch's "what happens next" say the same).
 */
@Component
public class ReviewRouting {

    /**
     * The active validators covering a branch: {@code territoryIds} are the scope territories of those scoped to a
     * territory (each one in the branch's trail); {@code any} is false when there is no such validator at all.
     */
    public record Coverage(boolean any, List<UUID> territoryIds) {
    }

    private final UserAccountService users;
    private final BranchService branches;
    private final NetworkDirectory network;

    ReviewRouting(UserAccountService users, BranchService branches, NetworkDirectory network) {
        this.users = users;
        this.branches = branches;
        this.network = network;
    }

    /** Who would review the branch's campaigns when its policy names territory validators (branch in scope). */
    @Transactional(readOnly = true)
    public Coverage validatorsOf(UUID branchId) {
        String branchPath = branches.territoryPath(branchId);
        List<UserView> validators = users.all().stream().filter(UserView::active)
                .filter(u -> u.role() == Role.VALIDATOR).filter(u -> covers(u, branchId, branchPath)).toList();
        return new Coverage(!validators.isEmpty(), validators.stream().filter(u -> u.scopeType() == ScopeType.TERRITORY)
                .map(UserView::scopeTerritoryId).distinct().toList());
    }

    /** Whether the user's scope holds the branch ({@code branchPath} = the branch's territory path). */
    public boolean covers(UserView u, UUID branchId, String branchPath) {
        if (u.scopeType() == ScopeType.TENANT) {
            return true;
        }
        if (u.scopeType() == ScopeType.BRANCHES) {
            return u.scopeBranchIds() != null && u.scopeBranchIds().contains(branchId);
        }
        Optional<String> path = network.territoryPath(u.scopeTerritoryId());
        return path.isPresent() && branchPath != null && branchPath.startsWith(path.get());
    }
}
