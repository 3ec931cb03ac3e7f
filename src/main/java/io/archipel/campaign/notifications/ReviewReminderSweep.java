package io.archipel.campaign.notifications;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every minute, reminds the reviewers of campaigns whose review time is 80 % gone (once per review round, whatever the
 * number of instances: see {@link ReviewNotifications#remindDue}). Off with
 * {@code archipel.reviews.reminders.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReviewReminderSweep {

    private static final Logger log = LoggerFactory.getLogger(ReviewReminderSweep.class);

    private final ReviewNotifications notifications;
    private final boolean enabled;

    ReviewReminderSweep(ReviewNotifications notifications,
            @Value("${archipel.reviews.reminders.enabled:true}") boolean enabled) {
        this.notifications = notifications;
        this.enabled = enabled;
    }

    @Scheduled(initialDelayString = "${archipel.reviews.reminders.every:PT1M}",
            fixedDelayString = "${archipel.reviews.reminders.every:PT1M}")
    void sweep() {
        if (!enabled) {
            return;
        }
        int sent = notifications.remindDue(Instant.now());
        if (sent > 0) {
            log.info("{} review reminder(s) sent", sent);
        }
    }
}
