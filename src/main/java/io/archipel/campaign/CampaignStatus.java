package io.archipel.campaign;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a campaign stands. The legal moves are fixed here and nowhere else:
 * <ul>
 * <li>DRAFT → IN_REVIEW | APPROVED | CANCELLED</li>
 * <li>IN_REVIEW → CHANGES_REQUESTED | APPROVED | CANCELLED</li>
 * <li>CHANGES_REQUESTED → IN_REVIEW | CANCELLED</li>
 * <li>APPROVED → SCHEDULED | CANCELLED</li>
 * <li>SCHEDULED → SENDING | CANCELLED</li>
 * <li>SENDING → SENT | CANCELLED</li>
 * </ul>
 * SENT and CANCELLED are final. The message keys {@code campaign.status.<NAME>} name each status.
 */
public enum CampaignStatus {
    DRAFT, IN_REVIEW, CHANGES_REQUESTED, APPROVED, SCHEDULED, SENDING, SENT, CANCELLED;

    /** Whether a campaign in this status may move to {@code next}. */
    public boolean canMoveTo(CampaignStatus next) {
        return next != null && nextStatuses().contains(next);
    }

    /** Every status this one may move to (empty when final). */
    public Set<CampaignStatus> nextStatuses() {
        return switch (this) {
            case DRAFT -> EnumSet.of(IN_REVIEW, APPROVED, CANCELLED);
            case IN_REVIEW -> EnumSet.of(CHANGES_REQUESTED, APPROVED, CANCELLED);
            case CHANGES_REQUESTED -> EnumSet.of(IN_REVIEW, CANCELLED);
            case APPROVED -> EnumSet.of(SCHEDULED, CANCELLED);
            case SCHEDULED -> EnumSet.of(SENDING, CANCELLED);
            case SENDING -> EnumSet.of(SENT, CANCELLED);
            case SENT, CANCELLED -> EnumSet.noneOf(CampaignStatus.class);
        };
    }

    /** The branch may still change the content, audience and schedule (DRAFT, CHANGES_REQUESTED). */
    public boolean editable() {
        return this == DRAFT || this == CHANGES_REQUESTED;
    }

    /** Nothing more will happen (SENT, CANCELLED). */
    public boolean finished() {
        return this == SENT || this == CANCELLED;
    }

    /** The message key of this status ({@code campaign.status.<NAME>}). */
    public String messageKey() {
        return "campaign.status." + name();
    }
}
