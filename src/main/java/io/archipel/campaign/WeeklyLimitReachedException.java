package io.archipel.campaign;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Approving would give the branch more sends in the campaign's week (branch time) than its policy allows: other
 * campaigns of the branch were approved since this one was submitted. The reviewer asks the branch for another date.
 */
@ResponseStatus(HttpStatus.CONFLICT)
public class WeeklyLimitReachedException extends RuntimeException {

    private final int limit;

    public WeeklyLimitReachedException(int limit) {
        super("The branch's weekly sending limit (" + limit + ") is reached");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
