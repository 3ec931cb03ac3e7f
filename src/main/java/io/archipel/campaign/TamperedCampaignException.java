package io.archipel.campaign;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The submitted content names something a branch may not change: a locked or unknown block, an unknown field of a
 * block, a locked subject/preheader, a locked or unknown SMS part, or an audience the campaign cannot use. A normal
 * form never produces this; the web layer answers 400 and nothing is saved.
 */
@ResponseStatus(HttpStatus.BAD_REQUEST)
public class TamperedCampaignException extends RuntimeException {

    private final String path;

    public TamperedCampaignException(String path) {
        super("Not editable by the branch: " + path);
        this.path = path;
    }

    /** Where: {@code subject}, {@code preheader}, {@code blocks[<blockId>]}, {@code blocks[<blockId>].<field>}, {@code parts[<partId>]}, {@code audience}. */
    public String path() {
        return path;
    }
}
