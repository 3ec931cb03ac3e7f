package io.archipel.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * The branch's send budget as the campaign module sees it, implemented by the insights module (steering). The
 * campaign module asks it what a campaign would cost before submitting it and when approving it without review; with no
 * bean (insights absent) there is no limit.
 */
public interface SendBudgetCheck {

    /**
     * What sending {@code recipients} messages on {@code channel} ({@code EMAIL} or {@code SMS}) from the branch at
     * {@code sendAt} (null = now) would use of its budget, leaving {@code campaignId} itself out of what is already
     * committed; empty when no budget covers that date. Call inside a transaction of the campaign's tenant.
     */
    Optional<Estimate> estimate(UUID branchId, String channel, long recipients, Instant sendAt, UUID campaignId);

    /**
     * The tightest budget for the send. {@code quota} = counted in messages (else money in {@code currency});
     * {@code cost} what the campaign uses; {@code remaining} what is left before it (allocated − consumed − committed);
     * {@code exceeds} = cost > remaining; {@code block} = the tenant's policy refuses such a submission (else it goes
     * to an HQ review); {@code note} a sentence for the reviewers in the caller's language.
     */
    record Estimate(boolean quota, String currency, BigDecimal allocated, BigDecimal cost, BigDecimal remaining,
            String periodKind, LocalDate periodStart, LocalDate periodEnd, boolean exceeds, boolean block,
            String note) {

        public BigDecimal remainingAfter() {
            return remaining.subtract(cost);
        }
    }
}
