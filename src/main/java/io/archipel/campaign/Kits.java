package io.archipel.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.Availability;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.Templates;

/** The read models of HQ campaign kits ("campagnes clé en main"), as {@link KitService} hands them out. */
public final class Kits {

    private Kits() {
    }

    /** Message keys {@code kit.status.<NAME>}. */
    public enum Status { DRAFT, PUSHED, ARCHIVED }

    /** Message keys {@code kit.branchState.<NAME>}. */
    public enum BranchState { PENDING, USED, IGNORED }

    /**
     * HQ list row. {@code targeted}/{@code used}/{@code ignored}/{@code pending} count the branches the kit was
     * pushed to (0 while DRAFT).
     */
    public record Summary(UUID id, String name, UUID templateId, String templateName, TemplateChannel channel,
            Status status, LocalDate windowStart, LocalDate windowEnd, Instant pushedAt, int targeted, int used,
            int ignored, int pending, Instant updatedAt) {
    }

    /**
     * Everything HQ edits. {@code templateVersionId} = the version the content was written for. {@code segmentId} =
     * suggested HQ segment (nullable). {@code targets} = who it is (or will be) pushed to ({@link Availability#NETWORK}
     * or a pilot group of territories/branches; its own from/to dates are NOT used: the window is
     * windowStart/windowEnd). {@code version} is the optimistic-lock version for the next write.
     */
    public record Details(Summary summary, String brief, UUID templateVersionId, Templates.Version template,
            Campaigns.Content content, UUID segmentId, String segmentName, Availability targets, long version) {

        public UUID id() {
            return summary.id();
        }

        public Status status() {
            return summary.status();
        }
    }

    /**
     * One targeted branch's progress. {@code campaignId}/{@code campaignStatus} set when USED; {@code at} = when
     * used/dismissed; {@code reason} = the branch's dismissal reason (nullable). IGNORED = dismissed, or window ended
     * without use.
     */
    public record BranchProgress(UUID branchId, String branchCode, String branchName, BranchState state,
            UUID campaignId, CampaignStatus campaignStatus, Instant at, String reason) {
    }

    /**
     * What a branch sees: a pushed kit waiting for it. {@code headline} = the subject (e-mail) or text (SMS) as
     * prefilled.
     */
    public record Offer(UUID kitId, String name, String brief, UUID templateId, String templateName,
            TemplateChannel channel, LocalDate windowStart, LocalDate windowEnd, String segmentName, String headline) {
    }

    /** Refused input: field → message key (+args) — the forms show them next to the fields. */
    public static class InvalidKitException extends RuntimeException {

        private final transient List<TemplateProblem> problems;

        public InvalidKitException(List<TemplateProblem> problems) {
            super(problems.size() + " problem(s) in the kit");
            this.problems = List.copyOf(problems);
        }

        public List<TemplateProblem> problems() {
            return problems;
        }
    }
}
