package io.archipel.campaign;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A gallery action that cannot happen as asked: featuring a campaign that was not sent
 * ({@code gallery.refused.notSent}), reusing a campaign whose template is not available to the branch
 * ({@code gallery.refused.templateUnavailable}). {@link #messageKey()} explains it in the user's words; the web layer
 * answers 409 when a page does not handle it.
 */
@ResponseStatus(HttpStatus.CONFLICT)
public class GalleryRefusedException extends RuntimeException {

    private final String messageKey;

    public GalleryRefusedException(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
