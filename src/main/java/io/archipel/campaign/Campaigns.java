package io.archipel.campaign;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.Templates;

/** The read models of campaigns, as {@link CampaignService} hands them out. */
public final class Campaigns {

    private Campaigns() {
    }

    /**
     * What a branch entered: ONLY its values for the editable things of the pinned template version. {@code subject}
     * and {@code preheader} are null when locked; {@code blocks} maps an editable block's id to its field values
     * (field key → value, see {@code BlockField#key()}); {@code smsParts} maps an editable SMS part's id to its text.
     * Unknown or locked ids are refused by {@link CampaignService#saveContent} ({@link TamperedCampaignException}).
     */
    public record Content(String subject, String preheader, Map<String, Map<String, String>> blocks,
            Map<String, String> smsParts) {

        public Content {
            Map<String, Map<String, String>> b = new LinkedHashMap<>();
            if (blocks != null) {
                blocks.forEach((id, values) -> b.put(id, values == null ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(values))));
            }
            blocks = Collections.unmodifiableMap(b);
            smsParts = smsParts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(smsParts));
        }

        public static Content empty() {
            return new Content(null, null, Map.of(), Map.of());
        }

        /** As stored in a {@code jsonb} column ({@code campaign.content}, {@code campaign_kit.content}). */
        public String toJson(tools.jackson.databind.json.JsonMapper json) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("subject", subject);
            map.put("preheader", preheader);
            map.put("blocks", blocks);
            map.put("smsParts", smsParts);
            return json.writeValueAsString(map);
        }

        /** Read back what {@link #toJson} stored (empty for null or blank). */
        @SuppressWarnings("unchecked")
        public static Content fromJson(tools.jackson.databind.json.JsonMapper json, String text) {
            if (text == null || text.isBlank()) {
                return empty();
            }
            Map<String, Object> map = json.readValue(text, Map.class);
            return new Content((String) map.get("subject"), (String) map.get("preheader"),
                    (Map<String, Map<String, String>>) map.get("blocks"), (Map<String, String>) map.get("smsParts"));
        }

        /** The branch's values of one block (empty when none). */
        public Map<String, String> block(String blockId) {
            return blocks.getOrDefault(blockId, Map.of());
        }

        /** The branch's value of one field of one block, or null. */
        public String value(String blockId, String fieldKey) {
            return block(blockId).get(fieldKey);
        }
    }

    /**
     * How to start a new draft ({@link CampaignService#createDraft}). Only {@code branchId} and {@code templateId} are
     * required. {@code prefilled} is content written for the template version {@code prefilledOn} (a kit's content,
     * a gallery campaign's); it is carried over onto the version the branch gets. {@code segmentId} / {@code sendAt}
     * are suggestions kept when usable. {@code kitId} / {@code sourceCampaignId} record where the campaign came from.
     */
    public record Start(UUID branchId, UUID templateId, String name, Content prefilled, UUID prefilledOn,
            UUID segmentId, Instant sendAt, UUID kitId, UUID sourceCampaignId) {
    }

    /**
     * A row of a campaign list. {@code templateVersion} is the number of the pinned version; {@code segmentId} /
     * {@code segmentName} null while no audience is chosen; {@code sendAt} null = as soon as approved;
     * {@code reviewDueAt} set while in review; {@code escalatedAt} set when the review deadline passed and the
     * policy escalated it to HQ; {@code updatedBy} is a login; {@code branchTimeZone} the branch's zone id.
     */
    public record Summary(UUID id, UUID branchId, String branchCode, String branchName, String name,
            TemplateChannel channel, CampaignStatus status, UUID templateId, String templateName, int templateVersion,
            UUID segmentId, String segmentName, Instant sendAt, Instant reviewDueAt, Instant updatedAt,
            String updatedBy, Instant escalatedAt, String branchTimeZone) {

        /** The branch's time zone (its send dates are in it). */
        public java.time.ZoneId branchZone() {
            return CampaignDates.zone(branchTimeZone);
        }

        /** In review past its deadline (the expiry sweep acts on it within a minute). */
        public boolean overdue() {
            return status == CampaignStatus.IN_REVIEW && reviewDueAt != null && reviewDueAt.isBefore(Instant.now());
        }

        public boolean escalated() {
            return escalatedAt != null;
        }
    }

    /**
     * One status change. {@code from} is null for the creation (→ DRAFT); {@code actor} is a login or
     * {@code system}; {@code actorName} the person's display name (or {@code system}); {@code comment} may be null.
     */
    public record Transition(CampaignStatus from, CampaignStatus to, Instant at, String actor, String actorName,
            String comment) {
    }

    /** A remark in the campaign's conversation. {@code fromReviewer}: written by a validator or an HQ user. */
    public record Comment(UUID id, Instant at, String author, String authorName, boolean fromReviewer, String text) {
    }

    /**
     * What the branch changed against the template defaults. {@code path} uses the {@link TemplateProblem} notation
     * ({@code subject}, {@code preheader}, {@code blocks[<blockId>].<field>}, {@code parts[<partId>]});
     * {@code label} is a message key naming the place ({@code campaign.change.subject},
     * {@code campaign.change.preheader}, {@code campaign.change.sms}, or the field's {@code campaign.change.field.<key>});
     * {@code before} is the template's default, {@code after} the branch's value (raw; rich text is sanitized HTML).
     */
    public record Change(String path, String label, String before, String after) {
    }

    /**
     * Everything about one campaign. {@code template} is the pinned, frozen version; {@code version} is the
     * optimistic-lock version for the next write; {@code timeline} oldest first; {@code comments} oldest first;
     * {@code changes} against the template defaults; {@code policy} the autonomy policy in force for its branch.
     * {@code submittedAt}/{@code approvedAt} are set once reached. {@code kitId} is the HQ kit the campaign was started
     * from, {@code sourceCampaignId} the gallery campaign it reuses (null otherwise).
     */
    public record Details(Summary summary, Content content, Templates.Version template, long version,
            List<Transition> timeline, List<Comment> comments, List<Change> changes, Policies.Effective policy,
            Instant submittedAt, Instant approvedAt, Instant createdAt, String createdBy, UUID kitId,
            UUID sourceCampaignId) {

        public UUID id() {
            return summary.id();
        }

        public CampaignStatus status() {
            return summary.status();
        }
    }

    /**
     * The outcome of {@link CampaignService#submit}: the status after it, and, when refused (status unchanged), the
     * problems (template constraints, and the campaign's own: {@code audience} = no segment chosen,
     * {@code channel} = channel not allowed by the policy, {@code sendAt} = weekly sending limit reached, with
     * message keys {@code campaign.problem.*}) and the blocking compliance findings. Accepted submissions may still
     * carry WARNING findings.
     */
    public record Submitted(CampaignStatus status, List<TemplateProblem> problems, List<Compliance.Finding> findings) {

        public Submitted {
            problems = problems == null ? List.of() : List.copyOf(problems);
            findings = findings == null ? List.of() : List.copyOf(findings);
        }

        /** True when the submission went through (no problem, no blocking finding). */
        public boolean accepted() {
            return problems.isEmpty() && findings.stream().noneMatch(Compliance.Finding::blocking);
        }
    }
}
