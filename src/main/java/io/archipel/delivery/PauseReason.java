package io.archipel.delivery;

/** Why a send is paused ({@code campaign_send.pause_reason}). */
public enum PauseReason {
    /** A person paused it. */
    USER,
    /** Too many of the last attempts failed or had to be retried. */
    ERROR_RATE;

    public String messageKey() {
        return "dispatch.pauseReason." + name();
    }
}
