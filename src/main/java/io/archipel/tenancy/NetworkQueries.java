package io.archipel.tenancy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.internal.Branch;
import io.archipel.tenancy.internal.BranchRepository;
import io.archipel.tenancy.internal.Territory;
import io.archipel.tenancy.internal.TerritoryRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only views of the current tenant's network for the area home pages (HQ overview, reviews, branch portal,
 * insights), always cut to the caller's scope:
 * <ul>
 * <li>whole tenant: everything;</li>
 * <li>territory: that subtree only, with the scope territory as the single root (nothing above or beside it);</li>
 * <li>branches: those branches, under the territories that lead to them.</li>
 * </ul>
 * A missing id, or one of another tenant, is a {@link NotFoundException}; an id outside the scope an
 * {@link AccessDeniedInScopeException}.
 */
@Service
@Transactional(readOnly = true)
public class NetworkQueries {

    private final TerritoryRepository territories;
    private final BranchRepository branches;
    private final CurrentScope scope;

    NetworkQueries(TerritoryRepository territories, BranchRepository branches, CurrentScope scope) {
        this.territories = territories;
        this.branches = branches;
        this.scope = scope;
    }

    /** A branch as listed in trees and switchers. */
    public record BranchSummary(UUID id, String code, String name, String city, UUID territoryId, boolean active) {
    }

    /** One territory with what the caller may see below it. Counts are over the whole (visible) subtree. */
    public record TerritoryNode(UUID id, TerritoryKind kind, String code, String name, List<TerritoryNode> children,
            List<BranchSummary> branches, int activeBranchCount, int inactiveBranchCount, int descendantCount) {

        public int branchCount() {
            return activeBranchCount + inactiveBranchCount;
        }

        public boolean hasChildren() {
            return !children.isEmpty();
        }

        /** Distinct cities of the subtree's active branches. */
        public int cityCount() {
            return (int) allBranches().stream().filter(BranchSummary::active)
                    .map(b -> b.city() == null ? "" : b.city().trim().toLowerCase(java.util.Locale.ROOT))
                    .filter(c -> !c.isEmpty()).distinct().count();
        }

        /** Every branch of the subtree, this node's own first. */
        public List<BranchSummary> allBranches() {
            List<BranchSummary> all = new ArrayList<>(branches);
            children.forEach(c -> all.addAll(c.allBranches()));
            return all;
        }
    }

    /** A link in a territory trail (breadcrumb); {@code visible} says whether the caller may open that node. */
    public record Crumb(UUID id, String name, TerritoryKind kind, boolean visible) {
    }

    /** The caller's part of the network, ready for overview pages. */
    public record NetworkSnapshot(NetworkScope scope, List<TerritoryNode> roots, int territoryCount,
            int activeBranchCount, int inactiveBranchCount, int cityCount, Map<TerritoryKind, Long> territoriesByKind) {

        /**
         * The rows of an "at a glance" table: the children of a single root (a country's regions), or the roots
         * themselves when there are several or the only root has no children.
         */
        public List<TerritoryNode> glanceRows() {
            if (roots.size() == 1 && roots.get(0).hasChildren()) {
                return roots.get(0).children();
            }
            return roots;
        }

        /** Branches attached directly to the single root, outside every row of {@link #glanceRows()}. */
        public List<BranchSummary> rootBranches() {
            return roots.size() == 1 && roots.get(0).hasChildren() ? roots.get(0).branches() : List.of();
        }

        /** The largest branch count among the glance rows (for proportional bars), at least 1. */
        public int maxGlanceBranches() {
            return Math.max(1, glanceRows().stream().mapToInt(TerritoryNode::activeBranchCount).max().orElse(0));
        }

        /** Sum of the sub-territories of the glance rows. */
        public int glanceDescendantCount() {
            return glanceRows().stream().mapToInt(TerritoryNode::descendantCount).sum();
        }

        public long count(TerritoryKind kind) {
            return territoriesByKind.getOrDefault(kind, 0L);
        }
    }

    /** One node of the visible tree with the trail that leads to it inside the caller's view. */
    public record TerritoryDetail(TerritoryNode node, List<Crumb> trail) {
    }

    /** Everything a branch manager sees about their branch. {@code trail} runs from the tree's root to its territory. */
    public record BranchCard(UUID id, String code, String name, String addressLine1, String addressLine2,
            String postalCode, String city, String countryCode, String phone, String email, String openingHours,
            String timeZone, String senderName, boolean active, List<Crumb> trail) {

        public String territoryName() {
            return trail.isEmpty() ? null : trail.get(trail.size() - 1).name();
        }
    }

    /** What the caller's scope covers, in names. */
    public record ScopeSummary(ScopeType type, TerritoryNode territory, List<BranchSummary> branches,
            List<TerritoryNode> roots) {
    }

    public NetworkSnapshot snapshot() {
        View v = view();
        List<BranchSummary> visible = v.visibleBranches();
        Map<TerritoryKind, Long> byKind = new LinkedHashMap<>();
        for (TerritoryKind kind : TerritoryKind.values()) {
            long n = v.visibleTerritories.stream().filter(t -> t.getKind() == kind).count();
            if (n > 0) {
                byKind.put(kind, n);
            }
        }
        int active = (int) visible.stream().filter(BranchSummary::active).count();
        int cities = (int) visible.stream().filter(BranchSummary::active)
                .map(b -> b.city() == null ? "" : b.city().trim().toLowerCase(java.util.Locale.ROOT))
                .filter(c -> !c.isEmpty()).distinct().count();
        return new NetworkSnapshot(v.scope, v.roots(), v.visibleTerritories.size(), active, visible.size() - active,
                cities, byKind);
    }

    /** One node's subtree as the caller sees it: 404 for an unknown id, 403 for a node outside the caller's view. */
    public TerritoryDetail territory(UUID territoryId) {
        View v = view();
        Territory t = v.byId.get(territoryId);
        if (t == null) {
            throw new NotFoundException("Territory");
        }
        if (!v.visibleIds.contains(territoryId)) {
            throw new AccessDeniedInScopeException("Territory");
        }
        List<Crumb> trail = v.trail(t).stream().filter(Crumb::visible).toList();
        return new TerritoryDetail(v.node(t), trail);
    }

    /** The branches the caller may see, by name. */
    public List<BranchSummary> visibleBranches() {
        return view().visibleBranches();
    }

    /** A branch found by a search, with the territory it sits in. */
    public record BranchHit(UUID id, String code, String name, String city, UUID territoryId, String territoryName,
            boolean active) {
    }

    /**
     * Visible branches whose name, code or city contains the query (case- and accent-insensitive), by name; at most
     * {@code limit}. A blank query finds nothing.
     */
    public List<BranchHit> searchBranches(String query, int limit) {
        String q = fold(query);
        if (q.isEmpty()) {
            return List.of();
        }
        View v = view();
        return v.visibleBranches().stream()
                .filter(b -> fold(b.name()).contains(q) || fold(b.code()).contains(q) || fold(b.city()).contains(q))
                .limit(limit)
                .map(b -> {
                    Territory t = v.byId.get(b.territoryId());
                    return new BranchHit(b.id(), b.code(), b.name(), b.city(), b.territoryId(),
                            t == null ? null : t.getName(), b.active());
                }).toList();
    }

    static String fold(String s) {
        if (s == null) {
            return "";
        }
        String decomposed = java.text.Normalizer.normalize(s.trim(), java.text.Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The branch a manager acts for in the portal: the one asked for (404 unknown, 403 outside their scope), or
     * without a choice their first branch; empty when they have none.
     */
    public java.util.Optional<BranchCard> actingBranch(UUID requestedBranchId) {
        if (requestedBranchId != null) {
            return java.util.Optional.of(branch(requestedBranchId));
        }
        List<BranchSummary> mine = visibleBranches();
        return mine.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(branch(mine.get(0).id()));
    }

    /** One branch's card: 404 for an unknown id, 403 for a branch outside the caller's scope. */
    public BranchCard branch(UUID branchId) {
        NetworkScope s = scope.get();
        Map<UUID, Territory> byId = territories.findAll().stream()
                .collect(Collectors.toMap(Territory::getId, Function.identity()));
        Branch b = branches.findById(branchId).orElseThrow(() -> new NotFoundException("Branch"));
        Territory t = byId.get(b.getTerritoryId());
        if (!s.coversBranch(b.getId(), t == null ? null : t.getPath())) {
            throw new AccessDeniedInScopeException("Branch");
        }
        List<Crumb> trail = t == null ? List.of() : trailOf(t, byId, id -> true);
        return new BranchCard(b.getId(), b.getCode(), b.getName(), b.getAddressLine1(), b.getAddressLine2(),
                b.getPostalCode(), b.getCity(), b.getCountryCode(), b.getPhone(), b.getEmail(), b.getOpeningHours(),
                b.getTimeZone(), b.getSenderName(), b.isActive(), trail);
    }

    /** The caller's scope in names: the scope territory's subtree, the scope branches, or the whole network's roots. */
    public ScopeSummary scopeSummary() {
        View v = view();
        List<TerritoryNode> roots = v.roots();
        TerritoryNode territory = v.scope.type() == ScopeType.TERRITORY && !roots.isEmpty() ? roots.get(0) : null;
        List<BranchSummary> scoped = v.scope.type() == ScopeType.BRANCHES ? v.visibleBranches() : List.of();
        return new ScopeSummary(v.scope.type(), territory, scoped, roots);
    }

    private View view() {
        NetworkScope s = scope.get();
        List<Territory> all = territories.findAllByOrderByPathAsc();
        List<Branch> allBranches = branches.findAllByOrderByNameAsc();
        return new View(s, all, allBranches);
    }

    private static List<Crumb> trailOf(Territory t, Map<UUID, Territory> byId, java.util.function.Predicate<UUID> visible) {
        List<Crumb> trail = new ArrayList<>();
        for (String part : t.getPath().split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            Territory step = byId.get(UUID.fromString(part));
            if (step != null) {
                trail.add(new Crumb(step.getId(), step.getName(), step.getKind(), visible.test(step.getId())));
            }
        }
        return trail;
    }

    /** The tenant's network filtered once to a scope; builds nodes on demand. */
    private static final class View {

        final NetworkScope scope;
        final Map<UUID, Territory> byId;
        final List<Territory> visibleTerritories;
        final Set<UUID> visibleIds;
        final Map<UUID, List<Branch>> branchesByTerritory;
        final Map<UUID, List<Territory>> childrenByParent;

        View(NetworkScope scope, List<Territory> all, List<Branch> allBranches) {
            this.scope = scope;
            this.byId = all.stream().collect(Collectors.toMap(Territory::getId, Function.identity(),
                    (a, b) -> a, LinkedHashMap::new));
            List<Branch> visibleBranches = allBranches.stream()
                    .filter(b -> scope.coversBranch(b.getId(), pathOf(b.getTerritoryId())))
                    .toList();
            Set<UUID> ids = new HashSet<>();
            if (scope.type() == ScopeType.BRANCHES) {
                // the territories that lead to the caller's branches
                for (Branch b : visibleBranches) {
                    Territory t = byId.get(b.getTerritoryId());
                    if (t != null) {
                        trailOf(t, byId, id -> true).forEach(c -> ids.add(c.id()));
                    }
                }
            } else {
                all.stream().filter(t -> scope.coversTerritory(t.getPath())).forEach(t -> ids.add(t.getId()));
            }
            this.visibleIds = ids;
            this.visibleTerritories = all.stream().filter(t -> ids.contains(t.getId())).toList();
            this.branchesByTerritory = visibleBranches.stream()
                    .collect(Collectors.groupingBy(Branch::getTerritoryId, LinkedHashMap::new, Collectors.toList()));
            Comparator<Territory> byName = Comparator.comparing(t -> t.getName().toLowerCase(java.util.Locale.ROOT));
            this.childrenByParent = visibleTerritories.stream().filter(t -> t.getParentId() != null)
                    .sorted(byName)
                    .collect(Collectors.groupingBy(Territory::getParentId, LinkedHashMap::new, Collectors.toList()));
        }

        String pathOf(UUID territoryId) {
            Territory t = byId.get(territoryId);
            return t == null ? null : t.getPath();
        }

        List<TerritoryNode> roots() {
            return visibleTerritories.stream()
                    .filter(t -> t.getParentId() == null || !visibleIds.contains(t.getParentId()))
                    .sorted(Comparator.comparing(t -> t.getName().toLowerCase(java.util.Locale.ROOT)))
                    .map(this::node).toList();
        }

        TerritoryNode node(Territory t) {
            List<TerritoryNode> children = childrenByParent.getOrDefault(t.getId(), List.of()).stream()
                    .map(this::node).toList();
            List<BranchSummary> own = branchesByTerritory.getOrDefault(t.getId(), List.of()).stream()
                    .map(View::summary).toList();
            int active = (int) own.stream().filter(BranchSummary::active).count();
            int inactive = own.size() - active;
            int descendants = 0;
            for (TerritoryNode c : children) {
                active += c.activeBranchCount();
                inactive += c.inactiveBranchCount();
                descendants += 1 + c.descendantCount();
            }
            return new TerritoryNode(t.getId(), t.getKind(), t.getCode(), t.getName(), children, own, active,
                    inactive, descendants);
        }

        List<Crumb> trail(Territory t) {
            return trailOf(t, byId, visibleIds::contains);
        }

        List<BranchSummary> visibleBranches() {
            return branchesByTerritory.values().stream().flatMap(List::stream)
                    .sorted(Comparator.comparing(b -> b.getName().toLowerCase(java.util.Locale.ROOT)))
                    .map(View::summary).toList();
        }

        static BranchSummary summary(Branch b) {
            return new BranchSummary(b.getId(), b.getCode(), b.getName(), b.getCity(), b.getTerritoryId(),
                    b.isActive());
        }
    }
}
