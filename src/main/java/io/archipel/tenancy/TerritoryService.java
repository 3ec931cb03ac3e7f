package io.archipel.tenancy;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.internal.BranchRepository;
import io.archipel.tenancy.internal.Territory;
import io.archipel.tenancy.internal.TerritoryRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The current tenant's territory tree, limited to the caller's scope on every read and write. */
@Service
public class TerritoryService {

    /** Siblings in dictionary order, accents ignored ("Île-de-France" before "Provence"). */
    private static final Comparator<TerritoryView> BY_NAME = Comparator.comparing(TerritoryView::name,
            Collator.getInstance(Locale.FRENCH));

    private final TerritoryRepository territories;
    private final BranchRepository branches;
    private final CurrentScope scope;

    TerritoryService(TerritoryRepository territories, BranchRepository branches, CurrentScope scope) {
        this.territories = territories;
        this.branches = branches;
        this.scope = scope;
    }

    public record TerritoryView(UUID id, UUID parentId, TerritoryKind kind, String code, String name, String path,
            int depth, long version) {
        public static TerritoryView of(Territory t) {
            return new TerritoryView(t.getId(), t.getParentId(), t.getKind(), t.getCode(), t.getName(), t.getPath(),
                    t.depth(), t.getVersion());
        }

        /** Whether this node is {@code other} or lies below it. */
        public boolean isWithin(TerritoryView other) {
            return path.startsWith(other.path());
        }
    }

    /**
     * A node of the visible tree with the number of branches in its whole subtree. {@code deletable} is true when it
     * has neither child territories nor branches of its own.
     */
    public record TerritoryNode(TerritoryView territory, long subtreeBranches, boolean deletable,
            List<TerritoryNode> children) {
    }

    /** Territories the caller may see, in tree order (parents before children). */
    @Transactional(readOnly = true)
    public List<TerritoryView> visibleTree() {
        NetworkScope s = scope.get();
        return territories.findAllByOrderByPathAsc().stream()
                .filter(t -> s.isWholeTenant() || s.coversTerritory(t.getPath()))
                .map(TerritoryView::of).toList();
    }

    /** The visible tree as nested nodes, each with the number of branches in its subtree. */
    @Transactional(readOnly = true)
    public List<TerritoryNode> tree() {
        List<TerritoryView> visible = visibleTree();
        Map<UUID, Long> direct = new HashMap<>();
        for (Object[] row : branches.countByTerritory()) {
            direct.put((UUID) row[0], ((Number) row[1]).longValue());
        }
        Map<UUID, List<TerritoryView>> childrenOf = new LinkedHashMap<>();
        Map<UUID, TerritoryView> byId = new HashMap<>();
        visible.forEach(t -> byId.put(t.id(), t));
        List<TerritoryView> roots = new ArrayList<>();
        for (TerritoryView t : visible) {
            if (t.parentId() != null && byId.containsKey(t.parentId())) {
                childrenOf.computeIfAbsent(t.parentId(), k -> new ArrayList<>()).add(t);
            } else {
                roots.add(t);
            }
        }
        // Branch counts are summed over every territory of the subtree, visible or not (a scope is a subtree, so
        // everything below a visible node is visible anyway).
        Map<String, Long> byPath = new HashMap<>();
        territories.findAllByOrderByPathAsc().forEach(t -> byPath.put(t.getPath(), direct.getOrDefault(t.getId(), 0L)));
        return roots.stream().sorted(BY_NAME)
                .map(r -> node(r, childrenOf, direct, byPath)).toList();
    }

    private static TerritoryNode node(TerritoryView t, Map<UUID, List<TerritoryView>> childrenOf, Map<UUID, Long> direct,
            Map<String, Long> byPath) {
        long total = byPath.entrySet().stream().filter(e -> e.getKey().startsWith(t.path()))
                .mapToLong(Map.Entry::getValue).sum();
        List<TerritoryNode> children = childrenOf.getOrDefault(t.id(), List.of()).stream()
                .sorted(BY_NAME)
                .map(c -> node(c, childrenOf, direct, byPath)).toList();
        boolean hasChildren = byPath.keySet().stream().anyMatch(p -> !p.equals(t.path()) && p.startsWith(t.path()));
        return new TerritoryNode(t, total, !hasChildren && direct.getOrDefault(t.id(), 0L) == 0, children);
    }

    /** One node of the visible tree with its counts (children included), for the edit page. */
    @Transactional(readOnly = true)
    public TerritoryNode node(UUID id) {
        TerritoryView wanted = get(id);
        return find(tree(), wanted.id());
    }

    private static TerritoryNode find(List<TerritoryNode> nodes, UUID id) {
        for (TerritoryNode n : nodes) {
            if (n.territory().id().equals(id)) {
                return n;
            }
            TerritoryNode below = find(n.children(), id);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    /** Whether the caller may create (or move things to) the top level of the tree. */
    @Transactional(readOnly = true)
    public boolean canCreateRoot() {
        return scope.get().isWholeTenant();
    }

    @Transactional(readOnly = true)
    public TerritoryView get(UUID id) {
        return TerritoryView.of(loadInScope(id));
    }

    /** Creates a node; with no parent it is a root, which only a whole-tenant scope may create. */
    @Transactional
    public UUID create(UUID parentId, TerritoryKind kind, String code, String name) {
        if (parentId == null && !scope.get().isWholeTenant()) {
            throw new AccessDeniedInScopeException("Root territory");
        }
        Territory parent = parentId == null ? null : requireParentInScope(parentId);
        requireSiblingNameFree(parentId, name, null);
        Territory territory = new Territory(UUID.randomUUID(), parent, kind, blankToNull(code), name.trim());
        territories.save(territory);
        return territory.getId();
    }

    /**
     * Renames a node and, when {@code parentId} differs from its current parent, moves it with its whole subtree.
     * Moving a node under itself or one of its descendants is refused on the {@code parentId} field.
     *
     * @throws OptimisticLockingFailureException when {@code version} is not the stored one (someone else saved)
     */
    @Transactional
    public void update(UUID id, long version, UUID parentId, TerritoryKind kind, String code, String name) {
        Territory territory = loadInScope(id);
        if (territory.getVersion() != version) {
            throw new OptimisticLockingFailureException("Territory " + id + " changed since version " + version);
        }
        boolean moving = !Objects.equals(parentId, territory.getParentId());
        if (moving) {
            checkMove(territory, parentId);
        }
        requireSiblingNameFree(parentId, name, id);
        if (moving) {
            move(territory, parentId);
        }
        territory.rename(kind, blankToNull(code), name.trim());
    }

    /** Moves a node (and its subtree) under another parent, or to the root when {@code newParentId} is null. */
    @Transactional
    public void move(UUID id, UUID newParentId) {
        Territory territory = loadInScope(id);
        if (!Objects.equals(newParentId, territory.getParentId())) {
            checkMove(territory, newParentId);
            requireSiblingNameFree(newParentId, territory.getName(), id);
            move(territory, newParentId);
        }
    }

    private void checkMove(Territory territory, UUID newParentId) {
        if (newParentId == null) {
            if (!scope.get().isWholeTenant()) {
                throw new AccessDeniedInScopeException("Root territory");
            }
        } else {
            Territory newParent = requireParentInScope(newParentId);
            if (newParent.isWithin(territory.getPath())) {
                throw new NetworkConflictException("parentId", "territory.move.cycle");
            }
        }
        // The node itself must be movable: its current place must be in scope too (a scoped admin cannot move
        // the root of their own subtree, whose parent lies outside it).
        if (territory.getParentId() == null ? !scope.get().isWholeTenant()
                : !scope.get().coversTerritory(pathOf(territory.getParentId()))) {
            throw new AccessDeniedInScopeException("Territory");
        }
    }

    private void move(Territory territory, UUID newParentId) {
        Territory newParent = newParentId == null ? null : territories.findById(newParentId).orElseThrow();
        String oldPrefix = territory.getPath();
        List<Territory> subtree = territories.findSubtree(oldPrefix);
        territory.moveUnder(newParent);
        String newPrefix = territory.getPath();
        for (Territory t : subtree) {
            if (!t.getId().equals(territory.getId())) {
                t.rebasePath(oldPrefix, newPrefix);
            }
        }
    }

    /**
     * Deletes a leaf territory with no branches. Other records that point at it (users scoped to it…) make the
     * database refuse at flush: that surfaces as a {@link org.springframework.dao.DataIntegrityViolationException}.
     */
    @Transactional
    public void delete(UUID id) {
        Territory territory = loadInScope(id);
        if (territories.existsByParentId(id)) {
            throw new NetworkConflictException(null, "territory.delete.hasChildren");
        }
        if (branches.existsByTerritoryId(id)) {
            throw new NetworkConflictException(null, "territory.delete.hasBranches");
        }
        if (territory.getParentId() == null && !scope.get().isWholeTenant()) {
            throw new AccessDeniedInScopeException("Root territory");
        }
        territories.delete(territory);
        territories.flush();
    }

    /** Whether a sibling under {@code parentId} (null: the roots) already has this name, ignoring case. */
    @Transactional(readOnly = true)
    public boolean siblingNameTaken(UUID parentId, String name, UUID exceptId) {
        if (name == null || name.isBlank()) {
            return false;
        }
        List<Territory> siblings = parentId == null ? territories.findByParentIdIsNull()
                : territories.findByParentId(parentId);
        String wanted = name.trim();
        return siblings.stream().anyMatch(t -> !t.getId().equals(exceptId) && t.getName().equalsIgnoreCase(wanted));
    }

    private void requireSiblingNameFree(UUID parentId, String name, UUID exceptId) {
        if (siblingNameTaken(parentId, name, exceptId)) {
            throw new NetworkConflictException("name", "territory.name.taken");
        }
    }

    private Territory loadInScope(UUID id) {
        Territory t = territories.findById(id).orElseThrow(() -> new NotFoundException("Territory"));
        if (!scope.get().coversTerritory(t.getPath())) {
            throw new AccessDeniedInScopeException("Territory");
        }
        return t;
    }

    private Territory requireParentInScope(UUID parentId) {
        Territory parent = territories.findById(parentId).orElseThrow(() -> new NotFoundException("Territory"));
        if (!scope.get().coversTerritory(parent.getPath())) {
            throw new AccessDeniedInScopeException("Territory");
        }
        return parent;
    }

    private String pathOf(UUID territoryId) {
        return territories.findById(territoryId).map(Territory::getPath).orElse(null);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
