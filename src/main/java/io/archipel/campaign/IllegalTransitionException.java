package io.archipel.campaign;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The action would move a campaign along a move {@link CampaignStatus#canMoveTo} does not allow (approving a draft
 * that is not in review, editing a scheduled campaign, cancelling a sent one...). The web layer answers 409.
 */
@ResponseStatus(HttpStatus.CONFLICT)
public class IllegalTransitionException extends RuntimeException {

    private final CampaignStatus from;
    private final CampaignStatus to;

    public IllegalTransitionException(CampaignStatus from, CampaignStatus to) {
        super("A campaign cannot go from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    /** For actions that need an editable campaign ({@code to} is then null). */
    public static IllegalTransitionException notEditable(CampaignStatus from) {
        return new IllegalTransitionException(from, null);
    }

    public CampaignStatus from() {
        return from;
    }

    /** Null when the action was an edit of a campaign that is no longer editable. */
    public CampaignStatus to() {
        return to;
    }
}
