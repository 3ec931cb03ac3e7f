package io.archipel.tenancy;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.internal.Branch;
import io.archipel.tenancy.internal.BranchRepository;
import io.archipel.tenancy.internal.Territory;
import io.archipel.tenancy.internal.TerritoryRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The current tenant's branches, limited to the caller's scope on every read and write. */
@Service
public class BranchService {

    private final BranchRepository branches;
    private final TerritoryRepository territories;
    private final CurrentScope scope;

    BranchService(BranchRepository branches, TerritoryRepository territories, CurrentScope scope) {
        this.branches = branches;
        this.territories = territories;
        this.scope = scope;
    }

    /** What a branch form submits. */
    public record BranchData(String code, String name, UUID territoryId, String addressLine1, String addressLine2,
            String postalCode, String city, String countryCode, String phone, String email, String openingHours,
            String timeZone, String senderName) {
    }

    public record BranchView(UUID id, String code, String name, UUID territoryId, String territoryName,
            String addressLine1, String addressLine2, String postalCode, String city, String countryCode, String phone,
            String email, String openingHours, String timeZone, String senderName, boolean active, long version) {
    }

    @Transactional(readOnly = true)
    public List<BranchView> visibleBranches() {
        NetworkScope s = scope.get();
        Map<UUID, Territory> byId = territoriesById();
        return branches.findAllByOrderByNameAsc().stream()
                .filter(b -> s.coversBranch(b.getId(), pathOf(byId, b.getTerritoryId())))
                .map(b -> view(b, byId)).toList();
    }

    @Transactional(readOnly = true)
    public BranchView get(UUID id) {
        Map<UUID, Territory> byId = territoriesById();
        return view(loadInScope(id, byId), byId);
    }

    /** The materialised path ('/a/b/c/') of the territory of a branch in scope. */
    @Transactional(readOnly = true)
    public String territoryPath(UUID id) {
        Map<UUID, Territory> byId = territoriesById();
        return pathOf(byId, loadInScope(id, byId).getTerritoryId());
    }

    /**
     * Branches in scope matching a free-text query (name, code or city, ignoring case and accents) and, when
     * {@code territoryId} is given, lying in that territory's subtree.
     */
    @Transactional(readOnly = true)
    public List<BranchView> search(String query, UUID territoryId) {
        return search(query, territoryId, null);
    }

    /** As {@link #search(String, UUID)}, keeping only active (true) or deactivated (false) branches when given. */
    @Transactional(readOnly = true)
    public List<BranchView> search(String query, UUID territoryId, Boolean active) {
        NetworkScope s = scope.get();
        Map<UUID, Territory> byId = territoriesById();
        String within = null;
        if (territoryId != null) {
            requireTerritoryVisible(territoryId, byId);
            within = byId.get(territoryId).getPath();
        }
        String needle = normalize(query);
        String prefix = within;
        return branches.findAllByOrderByNameAsc().stream()
                .filter(b -> s.coversBranch(b.getId(), pathOf(byId, b.getTerritoryId())))
                .filter(b -> prefix == null || String.valueOf(pathOf(byId, b.getTerritoryId())).startsWith(prefix))
                .filter(b -> needle.isEmpty() || normalize(b.getName()).contains(needle)
                        || normalize(b.getCode()).contains(needle) || normalize(b.getCity()).contains(needle))
                .filter(b -> active == null || b.isActive() == active)
                .map(b -> view(b, byId)).toList();
    }

    @Transactional
    public UUID create(BranchData data) {
        Map<UUID, Territory> byId = territoriesById();
        requireTerritoryInScope(data.territoryId(), byId);
        requireCodeFree(data.code(), null);
        Branch branch = new Branch(UUID.randomUUID());
        apply(branch, data);
        branches.save(branch);
        return branch.getId();
    }

    /**
     * Saves a branch's form.
     *
     * @throws OptimisticLockingFailureException when {@code version} is not the stored one (someone else saved)
     * @throws NetworkConflictException on field {@code code} when another branch of the tenant has the same code
     */
    @Transactional
    public void update(UUID id, long version, BranchData data) {
        Map<UUID, Territory> byId = territoriesById();
        Branch branch = loadInScope(id, byId);
        if (branch.getVersion() != version) {
            throw new OptimisticLockingFailureException("Branch " + id + " changed since version " + version);
        }
        if (!data.territoryId().equals(branch.getTerritoryId())) {
            requireTerritoryInScope(data.territoryId(), byId);
        }
        requireCodeFree(data.code(), id);
        apply(branch, data);
    }

    /** Deactivates (no more campaigns, users keep their history) or reactivates a branch. */
    @Transactional
    public void setActive(UUID id, boolean active) {
        Branch branch = loadInScope(id, territoriesById());
        branch.setActive(active);
    }

    @Transactional(readOnly = true)
    public boolean codeTaken(String code, UUID exceptId) {
        return branches.codeTaken(code.trim(), exceptId);
    }

    private void requireCodeFree(String code, UUID exceptId) {
        if (code != null && branches.codeTaken(code.trim(), exceptId)) {
            throw new NetworkConflictException("code", "branch.code.taken");
        }
    }

    /** Lower case without accents, so that "gratte" finds "Gratte-Ciel" and "riviere" finds "Rivière". */
    static String normalize(String s) {
        if (s == null) {
            return "";
        }
        return Normalizer.normalize(s.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    void requireTerritoryVisible(UUID territoryId, Map<UUID, Territory> byId) {
        Territory t = byId.get(territoryId);
        if (t == null) {
            throw new NotFoundException("Territory");
        }
        NetworkScope s = scope.get();
        // A branch-scoped user sees no territory node but may filter by the ones holding their branches.
        if (s.type() == ScopeType.BRANCHES) {
            return;
        }
        if (!s.coversTerritory(t.getPath())) {
            throw new AccessDeniedInScopeException("Territory");
        }
    }

    Branch loadInScope(UUID id, Map<UUID, Territory> byId) {
        Branch b = branches.findById(id).orElseThrow(() -> new NotFoundException("Branch"));
        if (!scope.get().coversBranch(b.getId(), pathOf(byId, b.getTerritoryId()))) {
            throw new AccessDeniedInScopeException("Branch");
        }
        return b;
    }

    void requireTerritoryInScope(UUID territoryId, Map<UUID, Territory> byId) {
        Territory t = byId.get(territoryId);
        if (t == null) {
            throw new NotFoundException("Territory");
        }
        if (!scope.get().coversTerritory(t.getPath())) {
            throw new AccessDeniedInScopeException("Territory");
        }
    }

    static void apply(Branch b, BranchData d) {
        b.setCode(d.code().trim());
        b.setName(d.name().trim());
        b.setTerritoryId(d.territoryId());
        b.setAddressLine1(d.addressLine1().trim());
        b.setAddressLine2(TerritoryService.blankToNull(d.addressLine2()));
        b.setPostalCode(d.postalCode().trim());
        b.setCity(d.city().trim());
        b.setCountryCode(d.countryCode() == null || d.countryCode().isBlank() ? "FR" : d.countryCode().trim().toUpperCase());
        b.setPhone(TerritoryService.blankToNull(d.phone()));
        b.setEmail(TerritoryService.blankToNull(d.email()));
        b.setOpeningHours(TerritoryService.blankToNull(d.openingHours()));
        b.setTimeZone(d.timeZone() == null || d.timeZone().isBlank() ? "Europe/Paris" : d.timeZone().trim());
        b.setSenderName(d.senderName().trim());
    }

    Map<UUID, Territory> territoriesById() {
        return territories.findAll().stream().collect(Collectors.toMap(Territory::getId, Function.identity()));
    }

    static String pathOf(Map<UUID, Territory> byId, UUID territoryId) {
        Territory t = byId.get(territoryId);
        return t == null ? null : t.getPath();
    }

    static BranchView view(Branch b, Map<UUID, Territory> byId) {
        Territory t = byId.get(b.getTerritoryId());
        return new BranchView(b.getId(), b.getCode(), b.getName(), b.getTerritoryId(), t == null ? null : t.getName(),
                b.getAddressLine1(), b.getAddressLine2(), b.getPostalCode(), b.getCity(), b.getCountryCode(),
                b.getPhone(), b.getEmail(), b.getOpeningHours(), b.getTimeZone(), b.getSenderName(), b.isActive(),
                b.getVersion());
    }
}
