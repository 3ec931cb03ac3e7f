package io.archipel.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.TemplateProblem;
import org.springframework.stereotype.Service;

/**
 * Campaigns of the current tenant's branches, from creation on a published template to approval and scheduling.
 * Every read and write checks scope: another tenant's id (or an unknown one) → {@code NotFoundException} (404); a
 * campaign of a branch outside the caller's scope → {@code AccessDeniedInScopeException} (403). Writes take the
 * optimistic-lock {@code version} read with {@link #get} and return the new one ({@link StaleCampaignException} when
 * it changed). Every status change is recorded in the campaign's timeline in the same transaction and published as a
 * {@link CampaignTransitioned} event.
 */
@Service
public class CampaignService {

    /** The campaigns of a branch in the caller's scope, most recently updated first. */
    public List<Campaigns.Summary> listForBranch(UUID branchId) {
        throw new UnsupportedOperationException("not yet");
    }

    public Campaigns.Details get(UUID campaignId) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * A new DRAFT on the latest version of the template available to the branch (404 when the template is not
     * available to it), with the template's defaults of the editable parts as content.
     */
    public UUID createFromTemplate(UUID branchId, UUID templateId, String name) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Saves the branch's values (drafts autosave: constraint problems do not prevent saving, see {@link #problems}).
     *
     * @throws TamperedCampaignException for a value of a locked or unknown block, field or part (nothing saved)
     * @throws IllegalTransitionException when the campaign is not editable
     * @throws StaleCampaignException when {@code version} is not the stored one
     */
    public long saveContent(UUID campaignId, long version, Campaigns.Content content) {
        throw new UnsupportedOperationException("not yet");
    }

    /** What must be fixed before submitting (template constraints with required parts enforced, and audience). */
    public List<TemplateProblem> problems(UUID campaignId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Compliance findings on the campaign's current resolved content. */
    public List<Compliance.Finding> findings(UUID campaignId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Chooses the audience: a segment the branch may use (HQ's or its own) on the campaign's channel; null clears. */
    public long setAudience(UUID campaignId, long version, UUID segmentId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Chooses when to send; null = as soon as approved. A date in the past is refused (IllegalArgumentException). */
    public long setSchedule(UUID campaignId, long version, Instant sendAt) {
        throw new UnsupportedOperationException("not yet");
    }

    /** How many contacts the campaign would reach now (0 without audience). */
    public long recipients(UUID campaignId) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Submits a DRAFT or CHANGES_REQUESTED campaign: refused (status unchanged) with problems or blocking findings;
     * else the effective policy decides IN_REVIEW or APPROVED (then SCHEDULED when it has a send date).
     */
    public Campaigns.Submitted submit(UUID campaignId, long version) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Approves a campaign in review (then SCHEDULED when it has a send date). Only a reviewer of it may. */
    public void approve(UUID campaignId, String comment) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Sends a campaign in review back to its branch; {@code comment} is required (IllegalArgumentException). */
    public void requestChanges(UUID campaignId, String comment) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Adds a remark to the campaign's conversation (branch or reviewer). */
    public void comment(UUID campaignId, String text) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Approves each campaign the caller may review and that is still in review; returns how many were approved. */
    public int approveAll(List<UUID> campaignIds) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Cancels a campaign that is not finished. */
    public void cancel(UUID campaignId, String reason) {
        throw new UnsupportedOperationException("not yet");
    }

    /** IN_REVIEW campaigns the caller may review, soonest deadline first. */
    public List<Campaigns.Summary> reviewQueue() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether the caller may approve / request changes on this campaign now. */
    public boolean mayReview(UUID campaignId) {
        throw new UnsupportedOperationException("not yet");
    }
}
