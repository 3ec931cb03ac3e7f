package io.archipel.brand;

import java.util.UUID;

/**
 * A template version was published ({@link TemplateService#publish}). {@code previousVersionId} is null for the first
 * version; {@code actor} is the publisher's display name. Listen AFTER_COMMIT ({@code @TransactionalEventListener}):
 * the version exists only once the publishing transaction committed.
 */
public record TemplateVersionPublished(UUID tenantId, UUID templateId, UUID previousVersionId, UUID versionId,
        int number, String actor) {
}
