package io.archipel.campaign;

import java.util.UUID;

/**
 * Published when a campaign's review deadline passed and its policy escalates it to HQ (the campaign stays
 * IN_REVIEW; HQ reviewers now see it in their queue). Listen AFTER_COMMIT to notify HQ.
 */
public record CampaignEscalated(UUID tenantId, UUID campaignId, UUID branchId, String campaignName) {
}
