package io.archipel.campaign;

import java.util.UUID;

/**
 * Published inside the transaction of a comment added to a campaign (not for the comment a transition carries: that
 * one comes with {@link CampaignTransitioned}). {@code fromReviewer} is true when a validator or HQ user wrote it.
 */
public record CampaignCommented(UUID tenantId, UUID campaignId, UUID branchId, String campaignName, String author,
        boolean fromReviewer, String text) {
}
