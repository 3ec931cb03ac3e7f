package io.archipel.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.RichTextSanitizer;
import io.archipel.brand.TemplateCatalog;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.TemplateRules;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.campaign.Campaigns.Content;
import io.archipel.campaign.Campaigns.Summary;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Campaigns of the current tenant's branches, from creation on a published template to approval and scheduling.
 * Every read and write checks scope: another tenant's id (or an unknown one) → {@link NotFoundException} (404); a
 * campaign of a branch outside the caller's scope → {@link AccessDeniedInScopeException} (403). Writes take the
 * optimistic-lock {@code version} read with {@link #get} and return the new one ({@link StaleCampaignException} when
 * it changed). Every status change is recorded in the campaign's timeline in the same transaction and published as a
 * {@link CampaignTransitioned} event (listen AFTER_COMMIT).
 * <p>
 * Who does what: branch-side actions (create, edit, audience, schedule, submit, cancel) are for branch managers and
 * HQ admins/marketers whose scope covers the branch; reviews (approve, request changes) for validators whose
 * territory holds the branch when the effective policy names territory validators, and for HQ admins/marketers when
 * it names HQ or when the review was escalated to HQ; executives only read. Other roles get
 * {@link AccessDeniedException} (403).
 */
@Service
public class CampaignService {

    public static final int MAX_NAME_LENGTH = 120;
    public static final int MAX_COMMENT_LENGTH = 4000;
    private static final String SELECT = "select c.*, b.code as branch_code, b.name as branch_name, "
            + "b.time_zone as branch_time_zone, t.name as template_name, v.number as template_number, "
            + "s.name as segment_name from campaign c "
            + "join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id "
            + "join template t on t.tenant_id = c.tenant_id and t.id = c.template_id "
            + "join template_version v on v.tenant_id = c.tenant_id and v.id = c.template_version_id "
            + "left join segment s on s.tenant_id = c.tenant_id and s.id = c.segment_id ";
    private static final Set<Role> EDITORS = Set.of(Role.BRANCH_MANAGER, Role.HQ_ADMIN, Role.HQ_MARKETER);
    private static final Set<Role> HQ = Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER);

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final BranchService branches;
    private final TemplateCatalog catalog;
    private final TemplateService templates;
    private final TemplateRules rules;
    private final RichTextSanitizer sanitizer;
    private final SegmentService segments;
    private final PolicyService policies;
    private final ComplianceService compliance;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate newTransaction;
    private final org.springframework.beans.factory.ObjectProvider<SendBudgetCheck> budgets;

    CampaignService(JdbcTemplate jdbc, JsonMapper json, BranchService branches, TemplateCatalog catalog,
            TemplateService templates, TemplateRules rules, RichTextSanitizer sanitizer, SegmentService segments,
            PolicyService policies, ComplianceService compliance, ApplicationEventPublisher events,
            PlatformTransactionManager txManager,
            org.springframework.beans.factory.ObjectProvider<SendBudgetCheck> budgets) {
        this.budgets = budgets;
        this.jdbc = jdbc;
        this.json = json;
        this.branches = branches;
        this.catalog = catalog;
        this.templates = templates;
        this.rules = rules;
        this.sanitizer = sanitizer;
        this.segments = segments;
        this.policies = policies;
        this.compliance = compliance;
        this.events = events;
        this.newTransaction = new TransactionTemplate(txManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    // ---------------------------------------------------------------- reading

    /** The campaigns of a branch in the caller's scope, most recently updated first. */
    @Transactional(readOnly = true)
    public List<Summary> listForBranch(UUID branchId) {
        branches.get(branchId);
        return jdbc.query(SELECT + "where c.tenant_id = ? and c.branch_id = ? order by c.updated_at desc, c.id",
                this::row, TenantContext.require(), branchId).stream().map(Row::summary).toList();
    }

    @Transactional(readOnly = true)
    public Campaigns.Details get(UUID campaignId) {
        Row row = load(campaignId, false);
        Templates.Version template = templates.version(row.versionId());
        Content content = row.content();
        return new Campaigns.Details(row.summary(), content, template, row.version(), timeline(campaignId),
                comments(campaignId), CampaignContents.changes(template, content),
                policies.effective(row.templateId(), row.branchId()), row.submittedAt(), row.approvedAt(),
                row.createdAt(), row.createdBy(), row.kitId(), row.sourceCampaignId());
    }

    /** What must be fixed before submitting (template constraints with required parts enforced, and audience). */
    @Transactional(readOnly = true)
    public List<TemplateProblem> problems(UUID campaignId) {
        Row row = load(campaignId, false);
        return problems(row, templates.version(row.versionId()));
    }

    /** Compliance findings on the campaign's current resolved content. */
    @Transactional(readOnly = true)
    public List<Compliance.Finding> findings(UUID campaignId) {
        Row row = load(campaignId, false);
        return findings(row, templates.version(row.versionId()));
    }

    /** How many contacts the campaign would reach now (0 without audience). */
    @Transactional(readOnly = true)
    public long recipients(UUID campaignId) {
        Row row = load(campaignId, false);
        return row.segmentId() == null ? 0 : segments.count(row.segmentId(), row.branchId());
    }

    /**
     * What the campaign would use of its branch's send budget if sent at {@code sendAt} (null = its own date, or now)
     * to its current audience; empty without audience, without budget, or without the steering module.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<SendBudgetCheck.Estimate> budgetEstimate(UUID campaignId, Instant sendAt) {
        Row row = load(campaignId, false);
        SendBudgetCheck check = budgets.getIfAvailable();
        if (check == null || row.segmentId() == null) {
            return java.util.Optional.empty();
        }
        long reach;
        try {
            reach = segments.count(row.segmentId(), row.branchId());
        } catch (Segments.InvalidSegmentException e) {
            return java.util.Optional.empty();
        }
        return check.estimate(row.branchId(), row.channel().name(), reach, sendAt != null ? sendAt : row.sendAt(),
                row.id());
    }

    /** IN_REVIEW campaigns the caller may review, soonest deadline first. */
    @Transactional(readOnly = true)
    public List<Summary> reviewQueue() {
        Role role = role();
        if (role != Role.VALIDATOR && !isHq(role) && !TenantContext.isSystem()) {
            return List.of();
        }
        UUID[] visible = branches.visibleBranches().stream().map(BranchService.BranchView::id).toArray(UUID[]::new);
        if (visible.length == 0) {
            return List.of();
        }
        List<Row> rows = jdbc.query(SELECT + "where c.tenant_id = ? and c.status = 'IN_REVIEW' "
                + "and c.branch_id = any(?) order by c.review_due_at nulls last, c.id", this::row,
                TenantContext.require(), visible);
        Map<String, Policies.Effective> cache = new HashMap<>();
        return rows.stream().filter(r -> mayReview(r, cache)).map(Row::summary).toList();
    }

    /** Whether the caller may approve / request changes on this campaign now (in review, and a reviewer of it). */
    @Transactional(readOnly = true)
    public boolean mayReview(UUID campaignId) {
        Row row = load(campaignId, false);
        return row.status() == CampaignStatus.IN_REVIEW && mayReview(row, new HashMap<>());
    }

    // ---------------------------------------------------------------- the branch's side

    /**
     * A new DRAFT on the latest version of the template available to the branch (404 when the template is not
     * available to it), with the template's defaults of the editable parts as content. A blank name takes the
     * template's name; names are cut to {@value #MAX_NAME_LENGTH} characters. A deactivated branch starts none
     * ({@link AccessDeniedException}).
     */
    @Transactional
    public UUID createFromTemplate(UUID branchId, UUID templateId, String name) {
        return createDraft(new Campaigns.Start(branchId, templateId, name, null, null, null, null, null, null));
    }

    /**
     * A new DRAFT as {@link Campaigns.Start} describes it, on the latest version of the template available to the
     * branch (404 when the template is not available to it). Prefilled content is carried over onto that version
     * ({@link CampaignContents#carryOver}: values the version no longer accepts are dropped) and sanitized; a
     * suggested segment the branch may not use on this channel, or a send date already past, is left out. A blank
     * name takes the template's name; names are cut to {@value #MAX_NAME_LENGTH} characters. A deactivated branch
     * starts none ({@link AccessDeniedException}).
     */
    @Transactional
    public UUID createDraft(Campaigns.Start start) {
        requireEditor();
        UUID branchId = start.branchId();
        if (!branches.get(branchId).active()) {
            throw new AccessDeniedException("A deactivated branch starts no campaign");
        }
        Templates.Version version = catalog.latestFor(branchId, start.templateId());
        String name = start.name();
        String clean = name == null || name.isBlank() ? version.templateName() : name.strip();
        if (clean.length() > MAX_NAME_LENGTH) {
            clean = clean.substring(0, MAX_NAME_LENGTH);
        }
        Content content = CampaignContents.defaults(version);
        if (start.prefilled() != null && start.prefilledOn() != null) {
            Templates.Version source = templates.version(start.prefilledOn());
            if (source.channel() == version.channel()) {
                content = sanitize(version, CampaignContents.carryOver(source, version, start.prefilled()).content());
            }
        }
        UUID suggested = start.segmentId();
        UUID segmentId = suggested != null && segments.listForBranch(branchId).stream().anyMatch(s ->
                s.id().equals(suggested) && s.definition().channel().name().equals(version.channel().name()))
                ? suggested : null;
        Instant sendAt = start.sendAt() != null && start.sendAt().isAfter(Instant.now()) ? start.sendAt() : null;
        UUID id = UUID.randomUUID();
        String actor = actor();
        jdbc.update("insert into campaign (tenant_id, id, branch_id, template_id, template_version_id, channel, name, "
                + "status, content, segment_id, send_at, kit_id, source_campaign_id, created_by, updated_by) "
                + "values (?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?::jsonb, ?, ?, ?, ?, ?, ?)",
                TenantContext.require(), id, branchId, start.templateId(), version.id(), version.channel().name(),
                clean, writeContent(content), segmentId, ts(sendAt), start.kitId(), start.sourceCampaignId(), actor,
                actor);
        recordTransition(id, branchId, clean, null, CampaignStatus.DRAFT, null);
        return id;
    }

    /**
     * Saves the branch's values (drafts autosave: constraint problems do not prevent saving, see {@link #problems}).
     * Rich text is sanitized before it is stored.
     *
     * @throws TamperedCampaignException for a value of a locked or unknown block, field or part (nothing saved)
     * @throws IllegalTransitionException when the campaign is not editable
     * @throws StaleCampaignException when {@code version} is not the stored one
     */
    @Transactional
    public long saveContent(UUID campaignId, long version, Content content) {
        requireEditor();
        Row row = editable(campaignId, version);
        Templates.Version template = templates.version(row.versionId());
        Content c = content == null ? Content.empty() : content;
        CampaignContents.firstTampering(template, c).ifPresent(path -> {
            throw new TamperedCampaignException(path);
        });
        Content clean = sanitize(template, c);
        return update(row, "content = ?::jsonb", writeContent(clean));
    }

    /**
     * Chooses the audience: a segment the branch may use (HQ's or its own; 404 otherwise) on the campaign's channel
     * ({@link TamperedCampaignException} for another channel); null clears it.
     */
    @Transactional
    public long setAudience(UUID campaignId, long version, UUID segmentId) {
        requireEditor();
        Row row = editable(campaignId, version);
        if (segmentId != null) {
            Segments.Segment segment = segments.listForBranch(row.branchId()).stream()
                    .filter(s -> s.id().equals(segmentId)).findFirst()
                    .orElseThrow(() -> new NotFoundException("Segment"));
            if (!segment.definition().channel().name().equals(row.channel().name())) {
                throw new TamperedCampaignException("audience");
            }
        }
        return update(row, "segment_id = ?", segmentId);
    }

    /**
     * Chooses when to send; null = as soon as approved.
     *
     * @throws IllegalArgumentException for a date in the past (message key {@code campaign.problem.sendAtPast})
     */
    @Transactional
    public long setSchedule(UUID campaignId, long version, Instant sendAt) {
        requireEditor();
        Row row = editable(campaignId, version);
        if (sendAt != null && sendAt.isBefore(Instant.now())) {
            throw new IllegalArgumentException("campaign.problem.sendAtPast");
        }
        return update(row, "send_at = ?", ts(sendAt));
    }

    /**
     * Submits a DRAFT or CHANGES_REQUESTED campaign. Refused (status unchanged, nothing written) with the problems
     * (template constraints with required parts enforced, no audience, channel not allowed by the policy, send date
     * past, weekly limit reached) and the blocking compliance findings. Otherwise the effective policy decides:
     * review NEVER (or WHEN_FREE_TEXT_CHANGED without free-text change) → APPROVED, then SCHEDULED when it has a
     * send date; else IN_REVIEW with a deadline. A campaign sent back for changes always goes to review again.
     */
    @Transactional
    public Campaigns.Submitted submit(UUID campaignId, long version) {
        requireEditor();
        Row row = lock(campaignId);
        if (!row.status().editable()) {
            throw new IllegalTransitionException(row.status(), CampaignStatus.IN_REVIEW);
        }
        if (row.version() != version) {
            throw new StaleCampaignException();
        }
        Templates.Version template = templates.version(row.versionId());
        Policies.Policy policy = policies.effective(row.templateId(), row.branchId()).policy();
        List<TemplateProblem> problems = new ArrayList<>(problems(row, template));
        if (!policy.allows(row.channel())) {
            problems.add(TemplateProblem.of("channel", "campaign.problem.channelNotAllowed"));
        }
        if (row.sendAt() != null && row.sendAt().isBefore(Instant.now())) {
            problems.add(TemplateProblem.of("sendAt", "campaign.problem.sendAtPast"));
        } else if (weeklyLimitReached(row) != null) {
            problems.add(TemplateProblem.of("sendAt", "campaign.problem.weeklyLimit", policy.maxSendsPerWeek()));
        }
        // the send budget (steering): what the campaign would cost, by the reach it is submitted with
        Integer reach = null;
        SendBudgetCheck.Estimate budget = null;
        if (problems.isEmpty() && row.segmentId() != null) {
            try {
                reach = (int) Math.min(Integer.MAX_VALUE, segments.count(row.segmentId(), row.branchId()));
            } catch (Segments.InvalidSegmentException e) {
                reach = 0;
            }
            SendBudgetCheck check = budgets.getIfAvailable();
            budget = check == null ? null
                    : check.estimate(row.branchId(), row.channel().name(), reach, row.sendAt(), row.id()).orElse(null);
            if (budget != null && budget.exceeds() && budget.block()) {
                problems.add(TemplateProblem.of("schedule.budget", "steering.problem.overBudget",
                        budget.cost().toPlainString(), budget.remaining().max(java.math.BigDecimal.ZERO).toPlainString(),
                        budget.quota() ? "" : budget.currency()));
            }
        }
        List<Compliance.Finding> findings = findings(row, template);
        List<Compliance.Finding> blocking = findings.stream().filter(Compliance.Finding::blocking).toList();
        if (!problems.isEmpty() || !blocking.isEmpty()) {
            return new Campaigns.Submitted(row.status(), problems, blocking);
        }
        boolean overBudget = budget != null && budget.exceeds();
        boolean review = switch (policy.review()) {
            case NEVER -> false;
            case ALWAYS -> true;
            case WHEN_FREE_TEXT_CHANGED -> CampaignContents.freeTextChanged(template, row.content());
        };
        if (row.status() == CampaignStatus.CHANGES_REQUESTED) {
            review = true; // a reviewer asked for changes: they see the result
        }
        Instant now = Instant.now();
        CampaignStatus result;
        if (overBudget) {
            // policy ASK_HQ: over budget goes to HQ with a note, whatever the autonomy policy says
            transition(row, CampaignStatus.IN_REVIEW, budget.note(), "submitted_at = ?, estimated_reach = ?, "
                    + "review_due_at = ?, escalated_at = ?, review_reminded_at = null", ts(now), reach,
                    ts(now.plus(Duration.ofHours(policy.deadlineHours()))), ts(now));
            result = CampaignStatus.IN_REVIEW;
        } else if (review) {
            transition(row, CampaignStatus.IN_REVIEW, null, "submitted_at = ?, estimated_reach = ?, review_due_at = ?, escalated_at = null, review_reminded_at = null",
                    ts(now), reach, ts(now.plus(Duration.ofHours(policy.deadlineHours()))));
            result = CampaignStatus.IN_REVIEW;
        } else {
            result = approveNow(row, null, "submitted_at = ?, estimated_reach = ?, ", ts(now), reach);
        }
        return new Campaigns.Submitted(result, List.of(), findings);
    }

    /** Cancels a campaign that is not finished ({@link IllegalTransitionException} otherwise). */
    @Transactional
    public void cancel(UUID campaignId, String reason) {
        requireEditor();
        Row row = lock(campaignId);
        transition(row, CampaignStatus.CANCELLED, blankToNull(reason), "review_due_at = null");
    }

    // ---------------------------------------------------------------- delivery (trusted system code only)

    /**
     * SCHEDULED (or APPROVED, sent at once) → SENDING, as the delivery starts it. Only trusted system code
     * ({@link TenantContext#runAsSystem}) may; {@link IllegalTransitionException} from any other status.
     */
    @Transactional
    public void startSending(UUID campaignId) {
        requireSystem();
        Row row = lock(campaignId);
        if (row.status() == CampaignStatus.APPROVED) {
            row = transition(row, CampaignStatus.SCHEDULED, null, "");
        }
        transition(row, CampaignStatus.SENDING, null, "");
    }

    /** SENDING → SENT once every recipient has a final state. Trusted system code only. */
    @Transactional
    public void finishSending(UUID campaignId) {
        requireSystem();
        transition(lock(campaignId), CampaignStatus.SENT, null, "");
    }

    private static void requireSystem() {
        if (!TenantContext.isSystem() || CurrentUser.find().isPresent()) {
            throw new AccessDeniedException("Only the delivery moves a campaign to sending and sent");
        }
    }

    // ---------------------------------------------------------------- review

    /**
     * Approves a campaign in review (then SCHEDULED when it has a send date). Only a reviewer of it may
     * ({@link AccessDeniedInScopeException} otherwise); {@link IllegalTransitionException} when not in review;
     * {@link WeeklyLimitReachedException} when the branch's approved campaigns of that week already reach its limit.
     */
    @Transactional
    public void approve(UUID campaignId, String comment) {
        Row row = lock(campaignId);
        requireReviewable(row);
        Integer limit = weeklyLimitReached(row);
        if (limit != null) {
            throw new WeeklyLimitReachedException(limit);
        }
        approveNow(row, blankToNull(comment), "");
    }

    /**
     * Sends a campaign in review back to its branch.
     *
     * @throws IllegalArgumentException when {@code comment} is blank (the branch must know what to change)
     */
    @Transactional
    public void requestChanges(UUID campaignId, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("validation.required");
        }
        Row row = lock(campaignId);
        requireReviewable(row);
        transition(row, CampaignStatus.CHANGES_REQUESTED, cut(comment), "review_due_at = null");
    }

    /**
     * Adds a remark to the campaign's conversation (branch side or reviewers; executives only read).
     *
     * @throws IllegalArgumentException when {@code text} is blank
     */
    @Transactional
    public void comment(UUID campaignId, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("validation.required");
        }
        Role role = role();
        if (!TenantContext.isSystem() && !EDITORS.contains(role) && role != Role.VALIDATOR) {
            throw new AccessDeniedException("Executives only read campaigns");
        }
        Row row = load(campaignId, false);
        boolean fromReviewer = role == Role.VALIDATOR || isHq(role);
        String clean = cut(text.strip());
        jdbc.update("insert into campaign_comment (tenant_id, id, campaign_id, author, author_name, from_reviewer, "
                + "text) values (?, ?, ?, ?, ?, ?, ?)", TenantContext.require(), UUID.randomUUID(), campaignId,
                actor(), actorName(), fromReviewer, clean);
        events.publishEvent(new CampaignCommented(TenantContext.require(), campaignId, row.branchId(), row.name(),
                actor(), fromReviewer, clean));
    }

    /**
     * Approves each listed campaign the caller may review and that is still in review; others (unknown, out of
     * scope, already handled, or over the branch's weekly limit) are skipped. Returns how many were approved.
     */
    @Transactional
    public int approveAll(List<UUID> campaignIds) {
        if (campaignIds == null || campaignIds.isEmpty()) {
            return 0;
        }
        Set<UUID> visible = branches.visibleBranches().stream().map(BranchService.BranchView::id)
                .collect(Collectors.toSet());
        List<Row> rows = jdbc.query(SELECT + "where c.tenant_id = ? and c.id = any(?) and c.status = 'IN_REVIEW' "
                + "order by c.review_due_at nulls last, c.id for update of c", this::row, TenantContext.require(),
                campaignIds.stream().distinct().toArray(UUID[]::new));
        Map<String, Policies.Effective> cache = new HashMap<>();
        int approved = 0;
        for (Row row : rows) {
            if (visible.contains(row.branchId()) && mayReview(row, cache) && weeklyLimitReached(row) == null) {
                approveNow(row, null, "");
                approved++;
            }
        }
        return approved;
    }

    /**
     * Applies the expiry action of the effective policy to every campaign whose review deadline passed (all
     * tenants): AUTO_APPROVE approves it as {@code system} (then SCHEDULED with a send date); ESCALATE_TO_HQ marks it
     * escalated so HQ reviewers see it (territory validators still can review). Each campaign is handled in its own
     * transaction and locked with {@code FOR UPDATE SKIP LOCKED}, so several instances may run it at once. Called
     * every minute by the scheduler; returns how many campaigns it handled.
     */
    public int expireOverdueReviews() {
        TransactionTemplate read = new TransactionTemplate(newTransaction.getTransactionManager());
        read.setReadOnly(true);
        List<UUID[]> due = read.execute(s -> jdbc.query("select tenant_id, campaign_id from "
                + "archipel_expired_campaign_reviews(200)", (rs, i) -> new UUID[] {rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class)}));
        int handled = 0;
        for (UUID[] d : due == null ? List.<UUID[]>of() : due) {
            boolean[] done = {false};
            TenantContext.runAsSystem(d[0], () -> done[0] = Boolean.TRUE.equals(newTransaction.execute(s ->
                    expire(d[1]))));
            if (done[0]) {
                handled++;
            }
        }
        return handled;
    }

    private boolean expire(UUID campaignId) {
        List<Row> rows = jdbc.query(SELECT + "where c.tenant_id = ? and c.id = ? and c.status = 'IN_REVIEW' "
                + "and c.review_due_at < now() and c.escalated_at is null for update of c skip locked", this::row,
                TenantContext.require(), campaignId);
        if (rows.isEmpty()) {
            return false;
        }
        Row row = rows.get(0);
        Policies.Policy policy = policies.effective(row.templateId(), row.branchId()).policy();
        // auto-approval never exceeds the weekly limit: HQ decides instead
        if (policy.onExpiry() == Policies.ExpiryAction.AUTO_APPROVE && weeklyLimitReached(row) == null) {
            approveNow(row, null, ""); // actor "system": approved because nobody reviewed in time
        } else {
            jdbc.update("update campaign set escalated_at = now(), version = version + 1 where tenant_id = ? "
                    + "and id = ?", TenantContext.require(), campaignId);
            events.publishEvent(new CampaignEscalated(TenantContext.require(), campaignId, row.branchId(),
                    row.name()));
        }
        return true;
    }

    // ---------------------------------------------------------------- internals

    /** The rows read from the database, with the joined names. */
    private record Row(UUID id, UUID branchId, String branchCode, String branchName, String branchTimeZone,
            UUID templateId, UUID versionId, String templateName, int templateNumber, TemplateChannel channel,
            String name, CampaignStatus status, Content content, UUID segmentId, String segmentName, Instant sendAt,
            Instant reviewDueAt, Instant escalatedAt, Instant submittedAt, Instant approvedAt, Instant createdAt,
            String createdBy, Instant updatedAt, String updatedBy, long version, UUID kitId, UUID sourceCampaignId) {

        Summary summary() {
            return new Summary(id, branchId, branchCode, branchName, name, channel, status, templateId, templateName,
                    templateNumber, segmentId, segmentName, sendAt, reviewDueAt, updatedAt, updatedBy, escalatedAt,
                    branchTimeZone);
        }
    }

    private Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("branch_id", UUID.class),
                rs.getString("branch_code"), rs.getString("branch_name"), rs.getString("branch_time_zone"),
                rs.getObject("template_id", UUID.class), rs.getObject("template_version_id", UUID.class),
                rs.getString("template_name"), rs.getInt("template_number"),
                TemplateChannel.valueOf(rs.getString("channel")), rs.getString("name"),
                CampaignStatus.valueOf(rs.getString("status")), readContent(rs.getString("content")),
                rs.getObject("segment_id", UUID.class), rs.getString("segment_name"), instant(rs, "send_at"),
                instant(rs, "review_due_at"), instant(rs, "escalated_at"), instant(rs, "submitted_at"),
                instant(rs, "approved_at"), instant(rs, "created_at"), rs.getString("created_by"),
                instant(rs, "updated_at"), rs.getString("updated_by"), rs.getLong("version"),
                rs.getObject("kit_id", UUID.class), rs.getObject("source_campaign_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** An instant as JDBC binds timestamptz without depending on the JVM's or the session's time zone. */
    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The campaign, its branch in the caller's scope (404 unknown or another tenant's, 403 outside the scope). */
    private Row load(UUID campaignId, boolean forUpdate) {
        List<Row> found = jdbc.query(SELECT + "where c.tenant_id = ? and c.id = ?" + (forUpdate ? " for update of c"
                : ""), this::row, TenantContext.require(), campaignId);
        if (found.isEmpty()) {
            throw new NotFoundException("Campaign");
        }
        branches.get(found.get(0).branchId()); // 403 outside the scope
        return found.get(0);
    }

    private Row lock(UUID campaignId) {
        return load(campaignId, true);
    }

    private Row editable(UUID campaignId, long version) {
        Row row = lock(campaignId);
        if (!row.status().editable()) {
            throw IllegalTransitionException.notEditable(row.status());
        }
        if (row.version() != version) {
            throw new StaleCampaignException();
        }
        return row;
    }

    /** Updates one thing of a locked, editable campaign; returns the new version. */
    private long update(Row row, String assignment, Object value) {
        jdbc.update("update campaign set " + assignment + ", updated_at = now(), updated_by = ?, "
                + "version = version + 1 where tenant_id = ? and id = ?", value, actor(), TenantContext.require(),
                row.id());
        return row.version() + 1;
    }

    /**
     * Moves a locked campaign to {@code to} (checking the move), records the transition and publishes the event.
     * {@code extra} is an optional SQL assignment list for the same update, with its {@code args}.
     */
    private Row transition(Row row, CampaignStatus to, String comment, String extra, Object... args) {
        if (!row.status().canMoveTo(to)) {
            throw new IllegalTransitionException(row.status(), to);
        }
        List<Object> params = new ArrayList<>();
        params.add(to.name());
        params.addAll(java.util.Arrays.asList(args));
        params.add(actor());
        params.add(TenantContext.require());
        params.add(row.id());
        jdbc.update("update campaign set status = ?" + (extra.isBlank() ? "" : ", " + extra)
                + ", updated_at = now(), updated_by = ?, version = version + 1 where tenant_id = ? and id = ?",
                params.toArray());
        recordTransition(row.id(), row.branchId(), row.name(), row.status(), to, comment);
        return new Row(row.id(), row.branchId(), row.branchCode(), row.branchName(), row.branchTimeZone(),
                row.templateId(), row.versionId(), row.templateName(), row.templateNumber(), row.channel(),
                row.name(), to, row.content(), row.segmentId(), row.segmentName(), row.sendAt(), row.reviewDueAt(),
                row.escalatedAt(), row.submittedAt(), row.approvedAt(), row.createdAt(), row.createdBy(),
                Instant.now(), actor(), row.version() + 1, row.kitId(), row.sourceCampaignId());
    }

    /** APPROVED now, then SCHEDULED when the campaign has a send date; {@code extra} ends with ", " when given. */
    private CampaignStatus approveNow(Row row, String comment, String extra, Object... args) {
        List<Object> all = new ArrayList<>(java.util.Arrays.asList(args));
        all.add(ts(Instant.now()));
        Row approved = transition(row, CampaignStatus.APPROVED, comment, extra + "approved_at = ?", all.toArray());
        if (approved.sendAt() != null) {
            transition(approved, CampaignStatus.SCHEDULED, null, "");
            return CampaignStatus.SCHEDULED;
        }
        return CampaignStatus.APPROVED;
    }

    private void recordTransition(UUID campaignId, UUID branchId, String name, CampaignStatus from,
            CampaignStatus to, String comment) {
        jdbc.update("insert into campaign_transition (tenant_id, id, campaign_id, from_status, to_status, actor, "
                + "actor_name, comment) values (?, ?, ?, ?, ?, ?, ?, ?)", TenantContext.require(), UUID.randomUUID(),
                campaignId, from == null ? null : from.name(), to.name(), actor(), actorName(), comment);
        events.publishEvent(new CampaignTransitioned(TenantContext.require(), campaignId, branchId, name, from, to,
                actor(), comment));
    }

    private List<Campaigns.Transition> timeline(UUID campaignId) {
        return jdbc.query("select * from campaign_transition where tenant_id = ? and campaign_id = ? order by at, id",
                (rs, i) -> new Campaigns.Transition(status(rs.getString("from_status")),
                        status(rs.getString("to_status")), instant(rs, "at"), rs.getString("actor"),
                        rs.getString("actor_name"), rs.getString("comment")),
                TenantContext.require(), campaignId);
    }

    private List<Campaigns.Comment> comments(UUID campaignId) {
        return jdbc.query("select * from campaign_comment where tenant_id = ? and campaign_id = ? order by at, id",
                (rs, i) -> new Campaigns.Comment(rs.getObject("id", UUID.class), instant(rs, "at"),
                        rs.getString("author"), rs.getString("author_name"), rs.getBoolean("from_reviewer"),
                        rs.getString("text")),
                TenantContext.require(), campaignId);
    }

    private static CampaignStatus status(String s) {
        return s == null ? null : CampaignStatus.valueOf(s);
    }

    private void requireReviewable(Row row) {
        if (row.status() != CampaignStatus.IN_REVIEW) {
            throw new IllegalTransitionException(row.status(), CampaignStatus.APPROVED);
        }
        if (!mayReview(row, new HashMap<>())) {
            throw new AccessDeniedInScopeException("Campaign review");
        }
    }

    /** Whether the caller reviews this campaign (its branch is already known to be in scope). */
    /** Trusted system code has no signed-in user, hence no role ({@code Set.of(...).contains(null)} throws). */
    private static boolean isHq(Role role) {
        return role != null && HQ.contains(role);
    }

    private boolean mayReview(Row row, Map<String, Policies.Effective> cache) {
        if (TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return true;
        }
        Role role = role();
        if (role != Role.VALIDATOR && !isHq(role)) {
            return false;
        }
        Policies.Effective effective = cache.computeIfAbsent(row.templateId() + "/" + row.branchId(),
                k -> policies.effective(row.templateId(), row.branchId()));
        if (role == Role.VALIDATOR) {
            return effective.policy().reviewer() == Policies.Reviewer.TERRITORY_VALIDATORS;
        }
        return effective.policy().reviewer() == Policies.Reviewer.HQ || row.escalatedAt() != null;
    }

    private List<TemplateProblem> problems(Row row, Templates.Version template) {
        List<TemplateProblem> problems = new ArrayList<>(
                CampaignContentRules.contentProblems(rules, template, row.content()));
        if (row.segmentId() == null) {
            problems.add(TemplateProblem.of("audience", "campaign.problem.noAudience"));
        }
        return problems;
    }

    private List<Compliance.Finding> findings(Row row, Templates.Version template) {
        return compliance.check(template, row.content());
    }

    /**
     * The effective weekly limit when the branch's approved campaigns in this campaign's week already reach it (so
     * one more would exceed it), else null. Checked at submission and again at approval: others may have been
     * approved in between.
     */
    private Integer weeklyLimitReached(Row row) {
        Integer limit = policies.effective(row.templateId(), row.branchId()).policy().maxSendsPerWeek();
        return limit != null && sendsInWeek(row) >= limit ? limit : null;
    }

    /** The branch's campaigns already approved with a send date in the same ISO week (branch time) as this one. */
    private long sendsInWeek(Row row) {
        ZoneId zone = CampaignDates.zone(row.branchTimeZone());
        Instant when = row.sendAt() == null ? Instant.now() : row.sendAt();
        LocalDate monday = LocalDate.ofInstant(when, zone).with(DayOfWeek.MONDAY);
        Instant from = monday.atStartOfDay(zone).toInstant();
        Instant to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
        Long n = jdbc.queryForObject("select count(*) from campaign where tenant_id = ? and branch_id = ? and id <> ? "
                + "and status in ('APPROVED', 'SCHEDULED', 'SENDING', 'SENT') "
                + "and coalesce(send_at, approved_at) >= ? and coalesce(send_at, approved_at) < ?", Long.class,
                TenantContext.require(), row.branchId(), row.id(), ts(from), ts(to));
        return n == null ? 0 : n;
    }

    /** Rich text sanitized (scripts, styles and unknown markup go), other values as typed. */
    private Content sanitize(Templates.Version template, Content c) {
        return CampaignContentRules.sanitize(sanitizer, template, c);
    }



    private static void requireEditor() {
        if (TenantContext.isSystem()) {
            return;
        }
        if (!EDITORS.contains(role())) {
            throw new AccessDeniedException("Only branch managers and HQ edit campaigns");
        }
    }

    private static Role role() {
        return CurrentUser.find().map(ArchipelUser::role).orElse(null);
    }

    private static String actor() {
        return CurrentUser.find().map(ArchipelUser::email).orElse("system");
    }

    private static String actorName() {
        return CurrentUser.find().map(ArchipelUser::displayName).orElse("system");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : cut(s.strip());
    }

    private static String cut(String s) {
        return s.length() > MAX_COMMENT_LENGTH ? s.substring(0, MAX_COMMENT_LENGTH) : s;
    }

    private String writeContent(Campaigns.Content c) {
        return c.toJson(json);
    }

    private Campaigns.Content readContent(String text) {
        return Campaigns.Content.fromJson(json, text);
    }
}
