package io.archipel.campaign.notifications;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every minute, reminds the reviewers of campaigns whose review time is 80 % gone. Each run covers the window since the
 * previous one, so a campaign is reminded once per running instance; a reminder falling while no instance runs is not
 * sent later. Off with {@code archipel.reviews.reminders.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReviewReminderSweep {

    private static final Logger log = LoggerFactory.getLogger(ReviewReminderSweep.class);

    private final ReviewNotifications notifications;
    private final boolean enabled;
    private Instant last = Instant.now();

    ReviewReminderSweep(ReviewNotifications notifications,
            @Value("${archipel.reviews.reminders.enabled:true}") boolean enabled) {
        this.notifications = notifications;
        this.enabled = enabled;
    }

    @Scheduled(initialDelayString = "${archipel.reviews.reminders.every:PT1M}",
            fixedDelayString = "${archipel.reviews.reminders.every:PT1M}")
    void sweep() {
        Instant now = Instant.now();
        if (!enabled) {
            last = now;
            return;
        }
        try {
            int sent = notifications.remindDue(last, now);
            if (sent > 0) {
                log.info("{} review reminder(s) sent", sent);
            }
        } finally {
            last = now;
        }
    }
}
