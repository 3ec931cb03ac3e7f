package io.archipel.delivery;

/** Where a campaign's send stands ({@code campaign_send.state}). */
public enum SendState {
    /** Workers are sending. */
    RUNNING,
    /** Stopped by a person or by the error-rate threshold; resume continues it. */
    PAUSED,
    /** Every recipient has a final state. */
    FINISHED,
    /** Cancelled: queued recipients were skipped. */
    CANCELLED;

    public String messageKey() {
        return "dispatch.state." + name();
    }
}
