package io.archipel.brand;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * Who may use a published template: the whole network or a pilot group (territories, meaning every branch in their
 * subtree, and single branches), optionally only from/until a date (both inclusive, in the branch's time zone).
 */
public record Availability(Audience audience, Set<UUID> territoryIds, Set<UUID> branchIds, LocalDate from,
        LocalDate until) {

    public enum Audience { NETWORK, PILOT }

    public static final Availability NETWORK = new Availability(Audience.NETWORK, Set.of(), Set.of(), null, null);

    public Availability {
        audience = audience == null ? Audience.NETWORK : audience;
        territoryIds = audience == Audience.PILOT && territoryIds != null ? Set.copyOf(territoryIds) : Set.of();
        branchIds = audience == Audience.PILOT && branchIds != null ? Set.copyOf(branchIds) : Set.of();
    }

    public boolean pilot() {
        return audience == Audience.PILOT;
    }

    /** Whether the dates allow use on {@code day}. */
    public boolean openOn(LocalDate day) {
        return (from == null || !day.isBefore(from)) && (until == null || !day.isAfter(until));
    }

    /**
     * Whether a branch (with the materialised path of its territory, '/a/b/c/') is in the audience; dates aside.
     */
    public boolean includes(UUID branchId, String branchTerritoryPath) {
        if (!pilot()) {
            return true;
        }
        if (branchIds.contains(branchId)) {
            return true;
        }
        for (UUID territoryId : territoryIds) {
            if (branchTerritoryPath != null && branchTerritoryPath.contains("/" + territoryId + "/")) {
                return true;
            }
        }
        return false;
    }
}
