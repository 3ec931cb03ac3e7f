package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Who may use a published template, and when. */
class AvailabilityTest {

    final UUID france = UUID.randomUUID();
    final UUID ara = UUID.randomUUID();
    final UUID lyonZone = UUID.randomUUID();
    final UUID paca = UUID.randomUUID();
    final UUID lyonBranch = UUID.randomUUID();
    final UUID niceBranch = UUID.randomUUID();
    final String lyonPath = "/" + france + "/" + ara + "/" + lyonZone + "/";
    final String nicePath = "/" + france + "/" + paca + "/";

    @Test
    void theWholeNetworkIncludesEveryBranch() {
        assertThat(Availability.NETWORK.includes(lyonBranch, lyonPath)).isTrue();
        assertThat(Availability.NETWORK.includes(niceBranch, nicePath)).isTrue();
    }

    @Test
    void aPilotRegionIncludesBranchesOfItsWholeSubtreeOnly() {
        Availability pilot = new Availability(Availability.Audience.PILOT, Set.of(ara), Set.of(), null, null);
        assertThat(pilot.includes(lyonBranch, lyonPath)).isTrue();
        assertThat(pilot.includes(niceBranch, nicePath)).isFalse();
    }

    @Test
    void aPilotGroupMayNameSingleBranches() {
        Availability pilot = new Availability(Availability.Audience.PILOT, Set.of(), Set.of(niceBranch), null, null);
        assertThat(pilot.includes(niceBranch, nicePath)).isTrue();
        assertThat(pilot.includes(lyonBranch, lyonPath)).isFalse();
    }

    @Test
    void datesAreInclusiveAndOptional() {
        LocalDate start = LocalDate.of(2026, 12, 1);
        LocalDate end = LocalDate.of(2026, 12, 24);
        Availability christmas = new Availability(Availability.Audience.NETWORK, null, null, start, end);
        assertThat(christmas.openOn(start.minusDays(1))).isFalse();
        assertThat(christmas.openOn(start)).isTrue();
        assertThat(christmas.openOn(end)).isTrue();
        assertThat(christmas.openOn(end.plusDays(1))).isFalse();
        assertThat(new Availability(Availability.Audience.NETWORK, null, null, null, end).openOn(LocalDate.MIN))
                .isTrue();
    }

    @Test
    void theWholeNetworkForgetsPilotMembers() {
        Availability a = new Availability(Availability.Audience.NETWORK, Set.of(ara), Set.of(niceBranch), null, null);
        assertThat(a.territoryIds()).isEmpty();
        assertThat(a.branchIds()).isEmpty();
        assertThat(a).isEqualTo(Availability.NETWORK);
    }
}
