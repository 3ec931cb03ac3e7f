package io.archipel.brand;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The read models of templates, as services hand them out. */
public final class Templates {

    private Templates() {
    }

    /** A row of the template list. */
    public record Summary(UUID id, String name, TemplateChannel channel, TemplateCategory category,
            Integer publishedVersion, boolean unpublishedChanges, boolean archived, Availability.Audience audience,
            Instant updatedAt, String updatedBy) {

        public boolean published() {
            return publishedVersion != null;
        }
    }

    /** A template with its working draft. {@code version} is the optimistic-lock version for the next save. */
    public record Details(UUID id, String name, String description, TemplateChannel channel, TemplateCategory category,
            EmailTemplateContent email, SmsTemplateContent sms, Availability availability, Integer publishedVersion,
            boolean unpublishedChanges, boolean archived, Instant createdAt, String createdBy, Instant draftUpdatedAt,
            String draftUpdatedBy, long version) {

        public boolean published() {
            return publishedVersion != null;
        }
    }

    /** A published, frozen version: what campaigns pin. */
    public record Version(UUID id, UUID templateId, String templateName, TemplateChannel channel,
            TemplateCategory category, int number, EmailTemplateContent email, SmsTemplateContent sms,
            Instant publishedAt, String publishedBy, List<TemplateChange> changes) {
    }

    public enum EventKind { CREATED, PUBLISHED, AVAILABILITY_CHANGED, DETAILS_CHANGED, DRAFT_DISCARDED, ARCHIVED,
        RESTORED }

    /** A line of a template's history. */
    public record Event(EventKind kind, Instant at, String actor, Integer versionNumber, List<TemplateChange> details) {
    }

    /** A template a branch may use now, in its latest published version. */
    public record Available(UUID templateId, String name, String description, TemplateChannel channel,
            TemplateCategory category, UUID versionId, int versionNumber, Instant publishedAt,
            java.time.LocalDate until) {
    }

    /** The result of saving a draft: the new lock version and what still has to be fixed before publishing. */
    public record DraftSaved(long version, List<TemplateProblem> problems) {
    }
}
