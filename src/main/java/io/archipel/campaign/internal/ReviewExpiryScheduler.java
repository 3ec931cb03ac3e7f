package io.archipel.campaign.internal;

import io.archipel.campaign.CampaignService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every minute (property {@code archipel.campaigns.review-sweep-ms}), applies the autonomy policy's expiry action to
 * campaigns whose review deadline passed. Safe with several instances: each campaign is locked with SKIP LOCKED.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReviewExpiryScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewExpiryScheduler.class);

    private final CampaignService campaigns;

    ReviewExpiryScheduler(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @Scheduled(initialDelayString = "${archipel.campaigns.review-sweep-ms:60000}",
            fixedDelayString = "${archipel.campaigns.review-sweep-ms:60000}")
    void sweep() {
        try {
            int handled = campaigns.expireOverdueReviews();
            if (handled > 0) {
                LOG.info("Review deadline passed: {} campaign(s) escalated or approved", handled);
            }
        } catch (RuntimeException e) {
            LOG.warn("Review expiry sweep failed", e);
        }
    }
}
