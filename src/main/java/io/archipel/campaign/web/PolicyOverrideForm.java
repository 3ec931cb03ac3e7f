package io.archipel.campaign.web;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.Policies;
import org.springframework.validation.Errors;

/**
 * A territory's override of a template's policy: every field may be left "inherited" (null / blank choice). The weekly
 * limit has three states ({@code inherit}, {@code none} = explicitly unlimited, {@code limit} = the number), and the
 * channels two ({@code inherit}, {@code set} = the ticked ones).
 */
public class PolicyOverrideForm extends PolicyFields {

    static final String INHERIT = "inherit";

    private String maxSendsMode = INHERIT;
    private String channelsMode = INHERIT;

    static PolicyOverrideForm of(Policies.Override o) {
        PolicyOverrideForm f = new PolicyOverrideForm();
        if (o == null) {
            return f;
        }
        f.review = o.review();
        f.reviewer = o.reviewer();
        f.deadlineHours = o.deadlineHours();
        f.onExpiry = o.onExpiry();
        if (o.maxSendsPerWeek() != null) {
            f.maxSendsMode = o.maxSendsPerWeek() < 1 ? "none" : "limit";
            f.maxSendsPerWeek = o.maxSendsPerWeek() < 1 ? null : o.maxSendsPerWeek();
        }
        if (o.channels() != null) {
            f.channelsMode = "set";
            f.channels = new LinkedHashSet<>(o.channels());
        }
        return f;
    }

    void validate(Errors errors) {
        if (deadlineHours != null && (deadlineHours < 1 || deadlineHours > Policies.MAX_DEADLINE_HOURS)) {
            errors.rejectValue("deadlineHours", "policies.error.deadline",
                    new Object[] {Policies.MAX_DEADLINE_HOURS}, null);
        }
        if ("limit".equals(maxSendsMode)) {
            if (maxSendsPerWeek == null) {
                if (!errors.hasFieldErrors("maxSendsPerWeek")) {
                    errors.rejectValue("maxSendsPerWeek", "policies.error.maxSendsMissing");
                }
            } else if (maxSendsPerWeek < 1 || maxSendsPerWeek > Policies.MAX_SENDS_PER_WEEK) {
                errors.rejectValue("maxSendsPerWeek", "policies.error.maxSends",
                        new Object[] {Policies.MAX_SENDS_PER_WEEK}, null);
            }
        }
        if ("set".equals(channelsMode) && (channels == null || channels.isEmpty())) {
            errors.rejectValue("channels", "policies.error.channels");
        }
    }

    Policies.Override toOverride() {
        Integer sends = switch (maxSendsMode == null ? INHERIT : maxSendsMode) {
            case "none" -> 0;
            case "limit" -> maxSendsPerWeek;
            default -> null;
        };
        Set<TemplateChannel> chosen = "set".equals(channelsMode)
                ? (channels == null || channels.isEmpty() ? Set.of() : EnumSet.copyOf(channels)) : null;
        return new Policies.Override(review, reviewer, deadlineHours, onExpiry, sends, chosen);
    }

    public String getMaxSendsMode() {
        return maxSendsMode;
    }

    public void setMaxSendsMode(String maxSendsMode) {
        this.maxSendsMode = maxSendsMode;
    }

    public String getChannelsMode() {
        return channelsMode;
    }

    public void setChannelsMode(String channelsMode) {
        this.channelsMode = channelsMode;
    }
}
