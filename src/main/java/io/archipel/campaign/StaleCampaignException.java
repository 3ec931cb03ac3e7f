package io.archipel.campaign;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The campaign changed since the version the caller read (someone else saved, or its status moved): the form is
 * re-rendered with {@code validation.stale}, keeping what the user typed.
 */
@ResponseStatus(HttpStatus.CONFLICT)
public class StaleCampaignException extends RuntimeException {

    public StaleCampaignException() {
        super("The campaign changed since it was read");
    }
}
