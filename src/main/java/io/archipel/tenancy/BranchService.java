package io.archipel.tenancy;

import java.util.List;
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

    @Transactional
    public UUID create(BranchData data) {
        Map<UUID, Territory> byId = territoriesById();
        requireTerritoryInScope(data.territoryId(), byId);
        Branch branch = new Branch(UUID.randomUUID());
        apply(branch, data);
        branches.save(branch);
        return branch.getId();
    }

    @Transactional(readOnly = true)
    public boolean codeTaken(String code, UUID exceptId) {
        return branches.codeTaken(code.trim(), exceptId);
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
