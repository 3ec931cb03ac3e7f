package io.archipel.campaign;

import java.util.UUID;

/**
 * Published (Spring {@code ApplicationEventPublisher}) inside the transaction of every status change, including the
 * creation ({@code from} null, {@code to} DRAFT). Listen with {@code @TransactionalEventListener} (AFTER_COMMIT) to
 * notify people; {@code actor} is the login (e-mail) of who acted, or {@code system} for the expiry sweep.
 */
public record CampaignTransitioned(UUID tenantId, UUID campaignId, UUID branchId, String campaignName,
        CampaignStatus from, CampaignStatus to, String actor, String comment) {
}
