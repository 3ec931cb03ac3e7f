package io.archipel.campaign.web;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.Policies;
import org.springframework.validation.Errors;

/**
 * The form of a complete autonomy policy (network default, or a template's own). {@code maxSendsPerWeek} blank means
 * no limit. {@code mode} is used on a template's page only: {@code default} (follow the network default) or
 * {@code own}.
 */
public class PolicyForm extends PolicyFields {

    private String mode = "own";

    static PolicyForm of(Policies.Policy p) {
        PolicyForm f = new PolicyForm();
        f.review = p.review();
        f.reviewer = p.reviewer();
        f.deadlineHours = p.deadlineHours();
        f.onExpiry = p.onExpiry();
        f.maxSendsPerWeek = p.maxSendsPerWeek();
        f.channels = new LinkedHashSet<>(p.channels());
        return f;
    }

    /** Field checks; the service checks again (and its refusals come back on the same fields). */
    void validate(Errors errors) {
        if (review == null) {
            errors.rejectValue("review", "validation.required");
        }
        if (reviewer == null) {
            errors.rejectValue("reviewer", "validation.required");
        }
        if (onExpiry == null) {
            errors.rejectValue("onExpiry", "validation.required");
        }
        if (deadlineHours == null) {
            if (!errors.hasFieldErrors("deadlineHours")) {
                errors.rejectValue("deadlineHours", "validation.required");
            }
        } else if (deadlineHours < 1 || deadlineHours > Policies.MAX_DEADLINE_HOURS) {
            errors.rejectValue("deadlineHours", "policies.error.deadline",
                    new Object[] {Policies.MAX_DEADLINE_HOURS}, null);
        }
        if (maxSendsPerWeek != null && (maxSendsPerWeek < 1 || maxSendsPerWeek > Policies.MAX_SENDS_PER_WEEK)) {
            errors.rejectValue("maxSendsPerWeek", "policies.error.maxSends",
                    new Object[] {Policies.MAX_SENDS_PER_WEEK}, null);
        }
        if (channels == null || channels.isEmpty()) {
            errors.rejectValue("channels", "policies.error.channels");
        }
    }

    Policies.Policy toPolicy() {
        return new Policies.Policy(review, reviewer, deadlineHours, onExpiry, maxSendsPerWeek,
                channels == null || channels.isEmpty() ? Set.of() : EnumSet.copyOf(channels));
    }

    public boolean own() {
        return !"default".equals(mode);
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }
}
