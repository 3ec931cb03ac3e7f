package io.archipel.tenancy;

import java.util.Optional;
import java.util.UUID;

import io.archipel.tenancy.internal.TerritoryRepository;
import io.archipel.tenancy.internal.Territory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Small read API over the current tenant's network for other modules (identity builds scopes from it). */
@Component
@Transactional(readOnly = true)
public class NetworkDirectory {

    private final TerritoryRepository territories;

    NetworkDirectory(TerritoryRepository territories) {
        this.territories = territories;
    }

    public Optional<String> territoryPath(UUID territoryId) {
        return territoryId == null ? Optional.empty() : territories.findById(territoryId).map(Territory::getPath);
    }
}
