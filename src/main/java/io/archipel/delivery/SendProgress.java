package io.archipel.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How far a campaign's send is: the frozen total, the final states so far, what is left, the rate of the last 60
 * seconds and the estimated end (null when unknown, e.g. paused or nothing sent in the last minute), and the most
 * frequent errors.
 *
 * @param total     recipients materialised (frozen once {@code preparing} is false)
 * @param queued    recipients without a final state yet (queued or in flight)
 * @param perMinute mails (or SMS) accepted during the last 60 seconds
 * @param preparing the recipients are still being materialised (the first ones are already being sent)
 */
public record SendProgress(UUID campaignId, SendState state, PauseReason pauseReason, String pausedBy,
        Instant pausedAt, int total, int sent, int failed, int skipped, int queued, double perMinute,
        Instant estimatedEnd, Instant startedAt, Instant finishedAt, List<ErrorCount> topErrors, boolean preparing) {

    /** One error text ({@code last_error} of failed recipients) and how many recipients failed with it. */
    public record ErrorCount(String error, int count) {
    }

    public SendProgress {
        topErrors = topErrors == null ? List.of() : List.copyOf(topErrors);
    }

    /** Recipients with a final state (sent, failed or skipped). */
    public int done() {
        return sent + failed + skipped;
    }

    /** 0–100, rounded down; 100 when there is nobody to send to. */
    public int percentDone() {
        return total == 0 ? 100 : (int) Math.min(100, (long) done() * 100 / total);
    }

    /** Whether the UI should keep polling. */
    public boolean active() {
        return state == SendState.RUNNING || state == SendState.PAUSED;
    }
}
