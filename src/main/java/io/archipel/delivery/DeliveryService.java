package io.archipel.delivery;

import java.util.Optional;
import java.util.UUID;

import io.archipel.delivery.send.SendControl;
import org.springframework.stereotype.Service;

/**
 * The sending of approved campaigns, as people see and steer it: progress, pause, resume and cancel. Every call
 * checks scope through the campaign ({@code CampaignService.get}): another tenant's or an unknown campaign →
 * {@link io.archipel.shared.NotFoundException} (404), a branch outside the caller's scope →
 * {@link io.archipel.shared.AccessDeniedInScopeException} (403). Pause, resume and cancel are for the branch's managers
 * and HQ admins/marketers; validators and executives get {@link org.springframework.security.access.AccessDeniedException}.
 * The engine itself (starting campaigns, workers) runs as trusted system code in {@code delivery.send}.
 */
@Service
public class DeliveryService {

    private final SendControl control;

    DeliveryService(SendControl control) {
        this.control = control;
    }

    /** The send of a campaign, empty while it has not started. */
    public Optional<SendProgress> progress(UUID campaignId) {
        return control.progress(campaignId);
    }

    /**
     * Pauses a running send (workers finish their batch in flight, then claim nothing more).
     *
     * @throws IllegalStateException when the send is not running
     */
    public void pause(UUID campaignId) {
        control.pause(campaignId);
    }

    /**
     * Resumes a paused send (paused by a person or by the error-rate threshold).
     *
     * @throws IllegalStateException when the send is not paused
     */
    public void resume(UUID campaignId) {
        control.resume(campaignId);
    }

    /**
     * Cancels a running or paused send: the campaign becomes CANCELLED, recipients still queued are skipped, batches
     * in flight finish.
     *
     * @throws IllegalStateException when the send is finished or cancelled already
     */
    public void cancelSend(UUID campaignId) {
        control.cancel(campaignId);
    }
}
