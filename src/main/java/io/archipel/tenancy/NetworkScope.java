package io.archipel.tenancy;

import java.util.Set;
import java.util.UUID;

/**
 * The part of the network a user may see and act on: the whole tenant, one territory subtree (identified by the
 * materialised path of its root), or a set of branches. Checked by the services on every read and write.
 */
public record NetworkScope(ScopeType type, UUID territoryId, String territoryPath, Set<UUID> branchIds) {

    public static NetworkScope wholeTenant() {
        return new NetworkScope(ScopeType.TENANT, null, null, Set.of());
    }

    public static NetworkScope territory(UUID territoryId, String territoryPath) {
        return new NetworkScope(ScopeType.TERRITORY, territoryId, territoryPath, Set.of());
    }

    public static NetworkScope branches(Set<UUID> branchIds) {
        return new NetworkScope(ScopeType.BRANCHES, null, null, Set.copyOf(branchIds));
    }

    public boolean isWholeTenant() {
        return type == ScopeType.TENANT;
    }

    /** May the user manage this territory node (and hence create things under it)? */
    public boolean coversTerritory(String path) {
        return switch (type) {
            case TENANT -> true;
            case TERRITORY -> path != null && path.startsWith(territoryPath);
            case BRANCHES -> false;
        };
    }

    /** May the user see or act on this branch, which sits in the territory with the given path? */
    public boolean coversBranch(UUID branchId, String branchTerritoryPath) {
        return switch (type) {
            case TENANT -> true;
            case TERRITORY -> branchTerritoryPath != null && branchTerritoryPath.startsWith(territoryPath);
            case BRANCHES -> branchIds.contains(branchId);
        };
    }
}
