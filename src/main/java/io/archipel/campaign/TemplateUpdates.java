package io.archipel.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.TemplateChange;
import io.archipel.campaign.propagation.UpdateStore;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.HtmlUtils;

/**
 * Locked-block propagation as people see it: when HQ publishes a template version whose locked parts or structure
 * changed, the campaigns in progress on the template move to it (keeping the branch's values) or stay on their version
 * with a reason (see docs/propagation.md; the work itself is done after the publication commits, by
 * {@code campaign.propagation}). The branch reads the latest update of its campaign and says "got it"; HQ reads, per
 * published version, which campaigns moved and which were kept. Scope rules as in {@link CampaignService}: an unknown
 * or another tenant's campaign → 404, a campaign of a branch outside the caller's scope → 403.
 */
@Service("templateUpdates")
public class TemplateUpdates {

    private static final Set<Role> BRANCH_SIDE = Set.of(Role.BRANCH_MANAGER, Role.HQ_ADMIN, Role.HQ_MARKETER);
    private static final Set<Role> HQ = Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER);

    /** What happened to a campaign for a new version. UNCHANGED (nothing to follow) is never shown. */
    public enum Outcome { MOVED, KEPT, UNCHANGED }

    /**
     * Why a campaign in review, approved or scheduled stayed on its version: a value of the branch would be DROPPED,
     * its values break the new version's CONSTRAINTS, or the new content has a blocking COMPLIANCE finding.
     */
    public enum Reason { DROPPED, CONSTRAINTS, COMPLIANCE }

    /**
     * A message with its arguments ({@code path} in the {@code TemplateProblem} notation, may be null). For a
     * dropped value: {@code messageKey} names the place ({@code campaign.change.*}), {@code blockType} the block
     * ({@code template.block.*} key, null for subject/preheader/SMS), {@code args} holds the branch's text.
     */
    public record Line(String path, String messageKey, String blockType, List<String> args) {

        public Line {
            args = args == null ? List.of() : List.copyOf(args);
        }

        public Object[] argsArray() {
            return args.toArray();
        }

        /** The first argument (a dropped value: the branch's text), or an empty string. */
        public String value() {
            return args.isEmpty() ? "" : args.get(0);
        }
    }

    /**
     * One campaign handled for one version: where it was ({@code fromNumber}) and where the template went
     * ({@code toNumber}); {@code statusThen} its status at the time (statuses never change here); {@code dropped} the
     * branch's values the new version no longer accepts (MOVED: they are gone; KEPT: they are why);
     * {@code reasonDetails} the problems or findings behind a KEPT; {@code changes} what changed in the template.
     */
    public record Update(UUID id, UUID campaignId, String campaignName, UUID branchId, String branchCode,
            String branchName, CampaignStatus status, CampaignStatus statusThen, UUID templateId, String templateName,
            int fromNumber, UUID toVersionId, int toNumber, Outcome outcome, List<Line> dropped, Reason reason,
            List<Line> reasonDetails, List<TemplateChange> changes, Instant at, Instant acknowledgedAt,
            String acknowledgedBy) {

        public boolean moved() {
            return outcome == Outcome.MOVED;
        }

        public boolean acknowledged() {
            return acknowledgedAt != null;
        }
    }

    /** What a published version did to the campaigns in progress: moved ones and kept ones. */
    public record VersionReport(UUID versionId, int number, List<Update> moved, List<Update> kept) {

        public boolean empty() {
            return moved.isEmpty() && kept.isEmpty();
        }
    }

    private final UpdateStore store;
    private final BranchService branches;
    private final MessageSource messages;

    TemplateUpdates(UpdateStore store, BranchService branches, MessageSource messages) {
        this.store = store;
        this.branches = branches;
        this.messages = messages;
    }

    /**
     * The newest update of the campaign (MOVED or KEPT) that the branch has not acknowledged yet, or null. A kept
     * campaign that moved later shows the move. 404 / 403 as the campaign itself.
     */
    @Transactional(readOnly = true)
    public Update latestFor(UUID campaignId) {
        UpdateStore.CampaignRef ref = campaign(campaignId);
        return store.latestUnacknowledged(TenantContext.require(), ref.id()).orElse(null);
    }

    /** Every update of the campaign, newest first (MOVED and KEPT). */
    @Transactional(readOnly = true)
    public List<Update> historyOf(UUID campaignId) {
        UpdateStore.CampaignRef ref = campaign(campaignId);
        return store.forCampaign(TenantContext.require(), ref.id());
    }

    /**
     * The branch says "got it": every update of the campaign not acknowledged yet is marked so (by the caller's
     * login) and the notice goes. Branch managers and HQ admins/marketers of the campaign's scope; others 403.
     * Returns how many were acknowledged.
     */
    @Transactional
    public int acknowledge(UUID campaignId) {
        Role role = CurrentUser.find().map(ArchipelUser::role).orElse(null);
        if (role == null || !BRANCH_SIDE.contains(role)) {
            throw new AccessDeniedException("Only the branch side acknowledges template updates");
        }
        UpdateStore.CampaignRef ref = campaign(campaignId);
        return store.acknowledge(TenantContext.require(), ref.id(), CurrentUser.require().email());
    }

    /**
     * For HQ's template page: per published version of the template (newest first), the campaigns that moved and
     * those kept on an older version, limited to the branches in the caller's scope. Only versions that moved or kept
     * something are listed. HQ admins and marketers only (others 403).
     */
    @Transactional(readOnly = true)
    public List<VersionReport> forTemplate(UUID templateId) {
        Role role = CurrentUser.find().map(ArchipelUser::role).orElse(null);
        if (!TenantContext.isSystem() && (role == null || !HQ.contains(role))) {
            throw new AccessDeniedInScopeException("template updates");
        }
        Set<UUID> visible = new java.util.HashSet<>();
        branches.visibleBranches().forEach(b -> visible.add(b.id()));
        Map<UUID, List<Update>> byVersion = new LinkedHashMap<>();
        Map<UUID, Integer> numbers = new LinkedHashMap<>();
        for (Update u : store.forTemplate(TenantContext.require(), templateId)) {
            if (!visible.contains(u.branchId())) {
                continue;
            }
            byVersion.computeIfAbsent(u.toVersionId(), k -> new ArrayList<>()).add(u);
            numbers.put(u.toVersionId(), u.toNumber());
        }
        List<VersionReport> out = new ArrayList<>();
        byVersion.forEach((versionId, updates) -> {
            // a campaign kept then moved later for the same version counts once, as moved
            Set<UUID> movedIds = new java.util.HashSet<>();
            updates.stream().filter(Update::moved).forEach(u -> movedIds.add(u.campaignId()));
            List<Update> moved = updates.stream().filter(Update::moved).toList();
            List<Update> kept = updates.stream().filter(u -> u.outcome() == Outcome.KEPT
                    && !movedIds.contains(u.campaignId())).toList();
            out.add(new VersionReport(versionId, numbers.get(versionId), moved, kept));
        });
        out.sort((a, b) -> Integer.compare(b.number(), a.number()));
        return out;
    }

    // ---------------------------------------------------------------- wording, for the pages

    /** Where a line is, for people: "Heading · Text", "Subject", "Legal footer" (empty when it names no place). */
    public String place(Line line, Locale locale) {
        String what = line.messageKey() != null && line.messageKey().startsWith("campaign.change.")
                ? messages.getMessage(line.messageKey(), null, line.messageKey(), locale) : null;
        String block = line.blockType() == null ? null
                : messages.getMessage(line.blockType(), null, line.blockType(), locale);
        if (block != null && what != null) {
            return block.equalsIgnoreCase(what) ? block : block + " · " + what;
        }
        if (block != null || what != null) {
            return block != null ? block : what;
        }
        if (line.path() == null || line.path().isBlank()) {
            return "";
        }
        String root = line.path().replaceAll("[\\[.].*", "");
        return messages.getMessage("propagation.place." + root, null, "", locale);
    }

    /** The message of a problem or finding line in the reader's language. */
    public String message(Line line, Locale locale) {
        return messages.getMessage(line.messageKey(), line.argsArray(), line.messageKey(), locale);
    }

    /** A line of what changed in the template, in the reader's language. */
    public String change(TemplateChange change, Locale locale) {
        return change.describe(messages, locale);
    }

    /** A branch's value as words (rich text without its markup). */
    public String plain(String value) {
        return value == null ? "" : HtmlUtils.htmlUnescape(value.replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ")
                .strip();
    }

    /** The campaign, its branch in the caller's scope (404 unknown or another tenant's, 403 outside the scope). */
    private UpdateStore.CampaignRef campaign(UUID campaignId) {
        UpdateStore.CampaignRef ref = store.campaign(TenantContext.require(), campaignId)
                .orElseThrow(() -> new io.archipel.shared.NotFoundException("Campaign"));
        branches.get(ref.branchId());
        return ref;
    }
}
