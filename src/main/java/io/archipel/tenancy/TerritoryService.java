package io.archipel.tenancy;

import java.util.List;
import java.util.UUID;

import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.internal.Territory;
import io.archipel.tenancy.internal.TerritoryRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The current tenant's territory tree, limited to the caller's scope. */
@Service
public class TerritoryService {

    private final TerritoryRepository territories;
    private final CurrentScope scope;

    TerritoryService(TerritoryRepository territories, CurrentScope scope) {
        this.territories = territories;
        this.scope = scope;
    }

    public record TerritoryView(UUID id, UUID parentId, TerritoryKind kind, String code, String name, String path,
            int depth, long version) {
        public static TerritoryView of(Territory t) {
            return new TerritoryView(t.getId(), t.getParentId(), t.getKind(), t.getCode(), t.getName(), t.getPath(),
                    t.depth(), t.getVersion());
        }
    }

    /** Territories the caller may see, in tree order (parents before children). */
    @Transactional(readOnly = true)
    public List<TerritoryView> visibleTree() {
        NetworkScope s = scope.get();
        List<Territory> all = territories.findAllByOrderByPathAsc();
        return all.stream().filter(t -> s.isWholeTenant() || s.coversTerritory(t.getPath()))
                .map(TerritoryView::of).toList();
    }

    @Transactional(readOnly = true)
    public TerritoryView get(UUID id) {
        Territory t = territories.findById(id).orElseThrow(() -> new NotFoundException("Territory"));
        if (!scope.get().coversTerritory(t.getPath())) {
            throw new AccessDeniedInScopeException("Territory");
        }
        return TerritoryView.of(t);
    }

    /** Creates a node; with no parent it is a root, which only a whole-tenant scope may create. */
    @Transactional
    public UUID create(UUID parentId, TerritoryKind kind, String code, String name) {
        Territory parent = null;
        if (parentId != null) {
            parent = territories.findById(parentId).orElseThrow(() -> new NotFoundException("Territory"));
            if (!scope.get().coversTerritory(parent.getPath())) {
                throw new AccessDeniedInScopeException("Territory");
            }
        } else if (!scope.get().isWholeTenant()) {
            throw new AccessDeniedInScopeException("Root territory");
        }
        Territory territory = new Territory(UUID.randomUUID(), parent, kind, blankToNull(code), name.trim());
        territories.save(territory);
        return territory.getId();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
