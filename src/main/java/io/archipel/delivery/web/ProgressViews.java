package io.archipel.delivery.web;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.delivery.DeliveryService;
import io.archipel.delivery.SendProgress;
import io.archipel.delivery.SendState;
import io.archipel.delivery.TrackingService;
import io.archipel.delivery.TrackingStats;
import io.archipel.shared.Flash;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What the progress card of a campaign page shows (fragment {@code fragments/send-progress :: progress}), shared by the
 * branch portal's and HQ's controllers: before the start, when and to how many; during the send, sent / total, rate,
 * estimated end, failures and the controls; after it, the outcome and the tracking figures.
 */
@Component
class ProgressViews {

    /** Campaign statuses in which the card has something to say. */
    static final Set<CampaignStatus> SHOWN = EnumSet.of(CampaignStatus.APPROVED, CampaignStatus.SCHEDULED,
            CampaignStatus.SENDING, CampaignStatus.SENT, CampaignStatus.CANCELLED);

    private final CampaignService campaigns;
    private final DeliveryService delivery;
    private final TrackingService tracking;

    ProgressViews(CampaignService campaigns, DeliveryService delivery, TrackingService tracking) {
        this.campaigns = campaigns;
        this.delivery = delivery;
        this.tracking = tracking;
    }

    /** Fills the model for the card of {@code campaignId} (404/403 through the services) and names the fragment. */
    String card(UUID campaignId, String base, Model model) {
        Campaigns.Details details = campaigns.get(campaignId);
        Campaigns.Summary c = details.summary();
        Optional<SendProgress> progress = delivery.progress(campaignId);
        model.addAttribute("c", c);
        model.addAttribute("base", base);
        model.addAttribute("zone", c.branchZone());
        model.addAttribute("now", Instant.now());
        if (progress.isPresent()) {
            SendProgress p = progress.get();
            model.addAttribute("p", p);
            model.addAttribute("card", new Card(p, Instant.now()));
            boolean finished = p.state() == SendState.FINISHED || p.state() == SendState.CANCELLED;
            if (finished && p.sent() > 0) {
                model.addAttribute("figures", new Figures(tracking.stats(campaignId), p.sent()));
            }
        } else if (c.status() == CampaignStatus.APPROVED || c.status() == CampaignStatus.SCHEDULED
                || c.status() == CampaignStatus.SENDING) {
            model.addAttribute("recipients", campaigns.recipients(campaignId));
            Instant start = c.sendAt();
            // a send about to start: keep asking, so the card turns into live progress by itself
            model.addAttribute("startingSoon", start == null || start.isBefore(Instant.now().plus(Duration.ofMinutes(10))));
        }
        return "fragments/send-progress :: progress";
    }

    /** Pause / resume / cancel with a flash message; the outcome key for a send not in a state that allows it. */
    void steer(UUID campaignId, String action, RedirectAttributes redirect) {
        try {
            switch (action) {
                case "pause" -> delivery.pause(campaignId);
                case "resume" -> delivery.resume(campaignId);
                case "cancel" -> delivery.cancelSend(campaignId);
                default -> throw new IllegalArgumentException(action);
            }
            Flash.success(redirect, "dispatch.progress.done." + action);
        } catch (IllegalStateException e) {
            Flash.error(redirect, "dispatch.progress.error." + action);
        }
    }

    /** Figures derived from a progress for display. */
    record Card(SendProgress p, Instant now) {

        public boolean active() {
            return p.active();
        }

        public boolean running() {
            return p.state() == SendState.RUNNING;
        }

        public boolean paused() {
            return p.state() == SendState.PAUSED;
        }

        public int percent() {
            return p.percentDone();
        }

        /** Whole minutes left (rounded up), or -1 when unknown. */
        public long minutesLeft() {
            if (p.estimatedEnd() == null) {
                return -1;
            }
            long seconds = Math.max(0, Duration.between(now, p.estimatedEnd()).getSeconds());
            return (seconds + 59) / 60;
        }

        public long perMinute() {
            return Math.round(p.perMinute());
        }

        public String stateKey() {
            if (p.state() == SendState.PAUSED) {
                return p.pauseReason() != null && p.pauseReason().name().equals("ERROR_RATE")
                        ? "dispatch.progress.state.pausedErrors" : "dispatch.progress.state.pausedBy";
            }
            return "dispatch.progress.state." + p.state().name();
        }

        public String stateClass() {
            return switch (p.state()) {
                case RUNNING -> "is-running";
                case PAUSED -> "is-paused";
                case FINISHED -> "is-finished";
                case CANCELLED -> "is-cancelled";
            };
        }
    }

    /** A rate in percent of {@code base} with one decimal (0 when base is 0). */
    static double rate(long count, long base) {
        return base <= 0 ? 0 : Math.round(count * 1000.0 / base) / 10.0;
    }

    /** The tracking figures of a finished send, with rates over what was sent. */
    record Figures(TrackingStats s, int sent) {
        public double openRate() {
            return rate(s.humanUniqueOpens(), sent);
        }

        public double clickRate() {
            return rate(s.uniqueClicks(), sent);
        }

        public double unsubscribeRate() {
            return rate(s.unsubscribes(), sent);
        }

        public double bounceRate() {
            return rate(s.bounces(), sent);
        }

        public double complaintRate() {
            return rate(s.complaints(), sent);
        }
    }
}
