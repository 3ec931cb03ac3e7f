package io.archipel.campaign.web;

import java.util.LinkedHashSet;
import java.util.Set;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.Policies;

/** The fields of an autonomy policy as the policy forms bind them (a full policy, or a territory's override). */
public abstract class PolicyFields {

    protected Policies.ReviewMode review;
    protected Policies.Reviewer reviewer;
    protected Integer deadlineHours;
    protected Policies.ExpiryAction onExpiry;
    protected Integer maxSendsPerWeek;
    protected Set<TemplateChannel> channels = new LinkedHashSet<>();

    public Policies.ReviewMode getReview() {
        return review;
    }

    public void setReview(Policies.ReviewMode review) {
        this.review = review;
    }

    public Policies.Reviewer getReviewer() {
        return reviewer;
    }

    public void setReviewer(Policies.Reviewer reviewer) {
        this.reviewer = reviewer;
    }

    public Integer getDeadlineHours() {
        return deadlineHours;
    }

    public void setDeadlineHours(Integer deadlineHours) {
        this.deadlineHours = deadlineHours;
    }

    public Policies.ExpiryAction getOnExpiry() {
        return onExpiry;
    }

    public void setOnExpiry(Policies.ExpiryAction onExpiry) {
        this.onExpiry = onExpiry;
    }

    public Integer getMaxSendsPerWeek() {
        return maxSendsPerWeek;
    }

    public void setMaxSendsPerWeek(Integer maxSendsPerWeek) {
        this.maxSendsPerWeek = maxSendsPerWeek;
    }

    public Set<TemplateChannel> getChannels() {
        return channels;
    }

    public void setChannels(Set<TemplateChannel> channels) {
        this.channels = channels;
    }
}
