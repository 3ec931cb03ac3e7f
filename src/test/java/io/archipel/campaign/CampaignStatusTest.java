package io.archipel.campaign;

import static io.archipel.campaign.CampaignStatus.APPROVED;
import static io.archipel.campaign.CampaignStatus.CANCELLED;
import static io.archipel.campaign.CampaignStatus.CHANGES_REQUESTED;
import static io.archipel.campaign.CampaignStatus.DRAFT;
import static io.archipel.campaign.CampaignStatus.IN_REVIEW;
import static io.archipel.campaign.CampaignStatus.SCHEDULED;
import static io.archipel.campaign.CampaignStatus.SENDING;
import static io.archipel.campaign.CampaignStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The state machine: every pair of statuses, legal moves allowed, every other refused. */
class CampaignStatusTest {

    private static final Map<CampaignStatus, Set<CampaignStatus>> LEGAL = Map.of(
            DRAFT, EnumSet.of(IN_REVIEW, APPROVED, CANCELLED),
            IN_REVIEW, EnumSet.of(CHANGES_REQUESTED, APPROVED, CANCELLED),
            CHANGES_REQUESTED, EnumSet.of(IN_REVIEW, CANCELLED),
            APPROVED, EnumSet.of(SCHEDULED, CANCELLED),
            SCHEDULED, EnumSet.of(SENDING, CANCELLED),
            SENDING, EnumSet.of(SENT, CANCELLED),
            SENT, EnumSet.noneOf(CampaignStatus.class),
            CANCELLED, EnumSet.noneOf(CampaignStatus.class));

    @Test
    void everyPairFollowsTheTableOfLegalMoves() {
        int allowed = 0;
        int refused = 0;
        for (CampaignStatus from : CampaignStatus.values()) {
            for (CampaignStatus to : CampaignStatus.values()) {
                boolean legal = LEGAL.get(from).contains(to);
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(legal);
                if (legal) {
                    allowed++;
                } else {
                    refused++;
                }
            }
            assertThat(from.canMoveTo(null)).isFalse();
            assertThat(from.nextStatuses()).isEqualTo(LEGAL.get(from));
        }
        assertThat(allowed).isEqualTo(14);
        assertThat(refused).isEqualTo(64 - 14);
    }

    @Test
    void onlyDraftsAndCampaignsSentBackAreEditableAndOnlySentOrCancelledAreFinished() {
        for (CampaignStatus s : CampaignStatus.values()) {
            assertThat(s.editable()).as("%s editable", s).isEqualTo(s == DRAFT || s == CHANGES_REQUESTED);
            assertThat(s.finished()).as("%s finished", s).isEqualTo(s == SENT || s == CANCELLED);
            assertThat(s.messageKey()).isEqualTo("campaign.status." + s.name());
        }
    }
}
