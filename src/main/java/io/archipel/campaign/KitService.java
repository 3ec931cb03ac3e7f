package io.archipel.campaign;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.audience.SegmentService;
import io.archipel.brand.Availability;
import io.archipel.brand.RichTextSanitizer;
import io.archipel.brand.TemplateCatalog;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.TemplateRules;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.campaign.Campaigns.Content;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * HQ campaign kits ("campagnes clé en main"): HQ prepares a published template's content, a suggested HQ segment, a
 * date window and a brief, then pushes the kit to the network or a pilot group; each targeted branch uses it (starts
 * a campaign from it), dismisses it, or lets the window end.
 * <p>
 * HQ methods ({@link #list}, {@link #create}, {@link #get}, {@link #update}, {@link #saveContent}, {@link #push},
 * {@link #archive}, {@link #progress}) are for HQ admins and marketers (others: {@link AccessDeniedException}, 403);
 * an unknown kit or another tenant's → {@link NotFoundException} (404). Kits are edited while DRAFT only. Writes take
 * the optimistic-lock {@code version} read with {@link #get} and return the new one
 * ({@link StaleCampaignException} when it changed).
 * <p>
 * Branch methods ({@link #offersFor}, {@link #start}, {@link #dismiss}) are for the branch's managers and for HQ
 * acting on its behalf; the branch must be in the caller's scope ({@link BranchService#get}: 404 / 403).
 * <p>
 * A targeted branch's state: USED when it has a campaign started from the kit that is not CANCELLED (a cancelled one
 * does not count: the kit is offered again while its window lasts), IGNORED when it dismissed the kit or the window
 * ended (branch's time zone) without use, PENDING otherwise. Only active branches are targeted.
 */
@Service
public class KitService {

    public static final int MAX_NAME_LENGTH = 120;
    public static final int MAX_BRIEF_LENGTH = 2000;
    public static final int MAX_REASON_LENGTH = 500;
    /** Hour (branch time) a campaign started from a kit is suggested to go out on the window's first day. */
    public static final LocalTime SUGGESTED_SEND_TIME = LocalTime.of(10, 0);

    private static final Set<Role> HQ = Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER);
    private static final Set<Role> BRANCH_SIDE = Set.of(Role.BRANCH_MANAGER, Role.HQ_ADMIN, Role.HQ_MARKETER);
    private static final String SELECT = "select k.*, t.name as template_name, t.channel as template_channel, "
            + "s.name as segment_name from campaign_kit k "
            + "join template t on t.tenant_id = k.tenant_id and t.id = k.template_id "
            + "left join segment s on s.tenant_id = k.tenant_id and s.id = k.segment_id ";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final BranchService branches;
    private final TerritoryService territories;
    private final TemplateService templates;
    private final TemplateCatalog catalog;
    private final TemplateRules rules;
    private final RichTextSanitizer sanitizer;
    private final SegmentService segments;
    private final ComplianceService compliance;
    private final CampaignService campaigns;
    private final ApplicationEventPublisher events;

    KitService(JdbcTemplate jdbc, JsonMapper json, BranchService branches, TerritoryService territories,
            TemplateService templates, TemplateCatalog catalog, TemplateRules rules, RichTextSanitizer sanitizer,
            SegmentService segments, ComplianceService compliance, CampaignService campaigns,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.branches = branches;
        this.territories = territories;
        this.templates = templates;
        this.catalog = catalog;
        this.rules = rules;
        this.sanitizer = sanitizer;
        this.segments = segments;
        this.compliance = compliance;
        this.campaigns = campaigns;
        this.events = events;
    }

    // ---------------------------------------------------------------- HQ

    /** Active kits (DRAFT and PUSHED, most recently updated first), or the archived ones. */
    @Transactional(readOnly = true)
    public List<Kits.Summary> list(boolean archived) {
        requireHq();
        List<Row> rows = jdbc.query(SELECT + "where k.tenant_id = ? and " + (archived ? "k.status = 'ARCHIVED'"
                : "k.status <> 'ARCHIVED'") + " order by k.updated_at desc, k.id", this::row, TenantContext.require());
        Network network = network();
        return rows.stream().map(r -> summary(r, r.pushedAt() == null ? List.of() : progress(r, network))).toList();
    }

    /**
     * A new DRAFT kit on the latest published version of an HQ template (not archived), its content the template's
     * defaults. Blank or too long names → {@link Kits.InvalidKitException}; an unknown template → 404; a template
     * never published or archived → {@link Kits.InvalidKitException} on {@code templateId}.
     */
    @Transactional
    public UUID create(String name, UUID templateId, String brief) {
        requireHq();
        List<TemplateProblem> problems = new ArrayList<>();
        String cleanName = checkName(name, problems);
        String cleanBrief = checkBrief(brief, problems);
        Templates.Version latest = null;
        if (templateId == null) {
            problems.add(TemplateProblem.of("templateId", "kit.problem.templateRequired"));
        } else {
            Templates.Details template = templates.get(templateId);
            List<Templates.Version> versions = templates.versions(templateId);
            if (template.archived() || versions.isEmpty()) {
                problems.add(TemplateProblem.of("templateId", "kit.problem.templateUnpublished"));
            } else {
                latest = versions.get(0);
            }
        }
        if (!problems.isEmpty()) {
            throw new Kits.InvalidKitException(problems);
        }
        UUID id = UUID.randomUUID();
        String actor = actor();
        jdbc.update("insert into campaign_kit (tenant_id, id, name, brief, template_id, template_version_id, content, "
                + "created_by, updated_by) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)", TenantContext.require(), id,
                cleanName, cleanBrief, templateId, latest.id(), writeContent(CampaignContents.defaults(latest)), actor,
                actor);
        return id;
    }

    @Transactional(readOnly = true)
    public Kits.Details get(UUID kitId) {
        requireHq();
        Row row = load(kitId, false);
        return details(row);
    }

    /**
     * Changes the settings of a DRAFT kit: name (required, ≤ {@value #MAX_NAME_LENGTH}), brief
     * (≤ {@value #MAX_BRIEF_LENGTH}), suggested segment (an HQ segment of the template's channel, or null), window
     * (end not before start, end not past). Every problem at once in {@link Kits.InvalidKitException}.
     */
    @Transactional
    public long update(UUID kitId, long version, String name, String brief, UUID segmentId, LocalDate windowStart,
            LocalDate windowEnd) {
        requireHq();
        Row row = editable(kitId, version);
        List<TemplateProblem> problems = new ArrayList<>();
        String cleanName = checkName(name, problems);
        String cleanBrief = checkBrief(brief, problems);
        if (segmentId != null && !suggestable(segmentId, row.channel())) {
            problems.add(TemplateProblem.of("segmentId", "kit.problem.segment"));
        }
        checkWindow(windowStart, windowEnd, problems);
        if (!problems.isEmpty()) {
            throw new Kits.InvalidKitException(problems);
        }
        jdbc.update("update campaign_kit set name = ?, brief = ?, segment_id = ?, window_start = ?, window_end = ?, "
                + "updated_at = now(), updated_by = ?, version = version + 1 where tenant_id = ? and id = ?",
                cleanName, cleanBrief, segmentId, windowStart, windowEnd, actor(), TenantContext.require(), kitId);
        return row.version() + 1;
    }

    /**
     * Saves the pre-filled values of the editable places of a DRAFT kit, like a branch saves a campaign (constraint
     * problems do not prevent saving; {@link #push} refuses them). Rich text is sanitized.
     *
     * @throws TamperedCampaignException for a value of a locked or unknown block, field or part (nothing saved)
     */
    @Transactional
    public long saveContent(UUID kitId, long version, Content content) {
        requireHq();
        Row row = editable(kitId, version);
        Templates.Version template = templates.version(row.versionId());
        Content c = content == null ? Content.empty() : content;
        CampaignContents.firstTampering(template, c).ifPresent(path -> {
            throw new TamperedCampaignException(path);
        });
        Content clean = CampaignContentRules.sanitize(sanitizer, template, c);
        jdbc.update("update campaign_kit set content = ?::jsonb, updated_at = now(), updated_by = ?, "
                + "version = version + 1 where tenant_id = ? and id = ?", writeContent(clean), actor(),
                TenantContext.require(), kitId);
        return row.version() + 1;
    }

    /** The template constraints the kit's content breaks (what {@link #push} refuses). */
    @Transactional(readOnly = true)
    public List<TemplateProblem> problems(UUID kitId) {
        requireHq();
        Row row = load(kitId, false);
        return CampaignContentRules.contentProblems(rules, templates.version(row.versionId()), row.content());
    }

    /** Compliance findings of the kit's content (what branches would meet when they submit it unchanged). */
    @Transactional(readOnly = true)
    public List<Compliance.Finding> findings(UUID kitId) {
        requireHq();
        Row row = load(kitId, false);
        return compliance.check(templates.version(row.versionId()), row.content());
    }

    /**
     * DRAFT → PUSHED to {@code targets} (the network, or a pilot group of territories and branches of the network;
     * its dates are ignored: the kit's window applies). Refused with every problem at once
     * ({@link Kits.InvalidKitException}): content breaking the template's constraints, a window missing, ending
     * before it starts or already over, an empty pilot group. Unknown territory or branch ids → 404. The managers of
     * the targeted branches are e-mailed once committed ({@link KitPushed}).
     */
    @Transactional
    public long push(UUID kitId, long version, Availability targets) {
        requireHq();
        Row row = editable(kitId, version);
        Availability t = targets == null ? Availability.NETWORK : targets;
        List<TemplateProblem> problems = new ArrayList<>(
                CampaignContentRules.contentProblems(rules, templates.version(row.versionId()), row.content()));
        if (row.windowStart() == null) {
            problems.add(TemplateProblem.of("windowStart", "kit.problem.windowRequired"));
        }
        if (row.windowEnd() == null) {
            problems.add(TemplateProblem.of("windowEnd", "kit.problem.windowRequired"));
        }
        checkWindow(row.windowStart(), row.windowEnd(), problems);
        if (t.pilot() && t.territoryIds().isEmpty() && t.branchIds().isEmpty()) {
            problems.add(TemplateProblem.of("targets", "kit.problem.pilotEmpty"));
        }
        // unknown or foreign ids end here with NotFoundException (404)
        t.territoryIds().forEach(territories::get);
        t.branchIds().forEach(branches::get);
        if (!problems.isEmpty()) {
            throw new Kits.InvalidKitException(problems);
        }
        String actor = actor();
        jdbc.update("update campaign_kit set status = 'PUSHED', audience = ?, target_territory_ids = ?, "
                + "target_branch_ids = ?, pushed_at = now(), pushed_by = ?, updated_at = now(), updated_by = ?, "
                + "version = version + 1 where tenant_id = ? and id = ?", t.audience().name(),
                t.territoryIds().toArray(UUID[]::new), t.branchIds().toArray(UUID[]::new), actor, actor,
                TenantContext.require(), kitId);
        events.publishEvent(new KitPushed(TenantContext.require(), kitId, actor));
        return row.version() + 1;
    }

    /** Archives a kit (DRAFT or PUSHED); a pushed kit then leaves the branches' offers. Archiving twice is a no-op. */
    @Transactional
    public void archive(UUID kitId) {
        requireHq();
        load(kitId, true);
        jdbc.update("update campaign_kit set status = 'ARCHIVED', updated_at = now(), updated_by = ?, "
                + "version = version + 1 where tenant_id = ? and id = ? and status <> 'ARCHIVED'", actor(),
                TenantContext.require(), kitId);
    }

    /** Every branch the kit was pushed to with its state, PENDING first, then IGNORED, then USED (by code). */
    @Transactional(readOnly = true)
    public List<Kits.BranchProgress> progress(UUID kitId) {
        requireHq();
        Row row = load(kitId, false);
        return row.pushedAt() == null ? List.of() : progress(row, network());
    }

    // ---------------------------------------------------------------- the branch's side

    /**
     * Pushed kits targeting the branch whose window has not ended (branch's today), on a template the branch may use
     * today, that the branch neither used nor dismissed; soonest window end first.
     */
    @Transactional(readOnly = true)
    public List<Kits.Offer> offersFor(UUID branchId) {
        requireBranchSide();
        BranchService.BranchView branch = branches.get(branchId);
        if (!branch.active()) {
            return List.of();
        }
        String path = branches.territoryPath(branchId);
        LocalDate today = LocalDate.now(zone(branch.timeZone()));
        List<Row> rows = jdbc.query(SELECT + "where k.tenant_id = ? and k.status = 'PUSHED' "
                + "and (k.window_end is null or k.window_end >= ?) "
                + "and not exists (select 1 from campaign_kit_dismissal d where d.tenant_id = k.tenant_id "
                + "and d.kit_id = k.id and d.branch_id = ?) "
                + "and not exists (select 1 from campaign c where c.tenant_id = k.tenant_id and c.kit_id = k.id "
                + "and c.branch_id = ? and c.status <> 'CANCELLED') "
                + "order by k.window_end nulls last, k.window_start nulls last, k.pushed_at, k.id", this::row,
                TenantContext.require(), today, branchId, branchId);
        if (rows.isEmpty()) {
            return List.of();
        }
        // a kit whose template the branch may not use (any more) could not be started: it is not offered
        Set<UUID> usable = usableTemplates(branchId);
        return rows.stream().filter(r -> r.targets().includes(branchId, path) && usable.contains(r.templateId()))
                .map(this::offer).toList();
    }

    /**
     * Starts the branch's DRAFT campaign from a kit offered to it: the kit's content carried over onto the latest
     * version of the template available to the branch, the suggested segment (when the branch may use it), a send
     * date on the window's first day at {@link #SUGGESTED_SEND_TIME} branch time (when still in the future). A blank
     * name takes the kit's name. {@link NotFoundException} when the kit is not offered to the branch (any more).
     */
    @Transactional
    public UUID start(UUID kitId, UUID branchId, String name) {
        requireBranchSide();
        BranchService.BranchView branch = branches.get(branchId);
        Row row = offered(kitId, branchId, true);
        Instant sendAt = null;
        if (row.windowStart() != null) {
            Instant first = row.windowStart().atTime(SUGGESTED_SEND_TIME).atZone(zone(branch.timeZone())).toInstant();
            sendAt = first.isAfter(Instant.now()) ? first : null;
        }
        String clean = name == null || name.isBlank() ? row.name() : name;
        return campaigns.createDraft(new Campaigns.Start(branchId, row.templateId(), clean, row.content(),
                row.versionId(), row.segmentId(), sendAt, kitId, null));
    }

    /** The branch says "not for us" (optional reason, cut to {@value #MAX_REASON_LENGTH}); 404 when not offered. */
    @Transactional
    public void dismiss(UUID kitId, UUID branchId, String reason) {
        requireBranchSide();
        branches.get(branchId);
        offered(kitId, branchId, true);
        String r = reason == null || reason.isBlank() ? null : reason.strip();
        if (r != null && r.length() > MAX_REASON_LENGTH) {
            r = r.substring(0, MAX_REASON_LENGTH);
        }
        jdbc.update("insert into campaign_kit_dismissal (tenant_id, kit_id, branch_id, by_user, reason) "
                + "values (?, ?, ?, ?, ?) on conflict do nothing", TenantContext.require(), kitId, branchId, actor(), r);
    }

    /** The kit's name, for "Started from kit X" (null when unknown). Any user of the tenant may read it. */
    @Transactional(readOnly = true)
    public String nameOf(UUID kitId) {
        if (kitId == null) {
            return null;
        }
        List<String> names = jdbc.queryForList("select name from campaign_kit where tenant_id = ? and id = ?",
                String.class, TenantContext.require(), kitId);
        return names.isEmpty() ? null : names.get(0);
    }

    /**
     * The branch's latest campaign started from the kit and not cancelled (branch in the caller's scope), e.g. to lead
     * a second "Personalise this kit" (double click, old tab) to the campaign the first one made.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<UUID> campaignOf(UUID kitId, UUID branchId) {
        branches.get(branchId);
        return jdbc.queryForList("select id from campaign where tenant_id = ? and kit_id = ? and branch_id = ? "
                + "and status <> 'CANCELLED' order by created_at desc limit 1", UUID.class, TenantContext.require(),
                kitId, branchId).stream().findFirst();
    }

    // ---------------------------------------------------------------- internals

    /** A stored kit row. */
    record Row(UUID id, String name, String brief, UUID templateId, String templateName, TemplateChannel channel,
            UUID versionId, Content content, UUID segmentId, String segmentName, LocalDate windowStart,
            LocalDate windowEnd, Availability targets, Kits.Status status, Instant pushedAt, String pushedBy,
            Instant updatedAt, long version) {
    }

    /** The tenant's active branches with their territory paths and time zones (for targeting and progress). */
    private record Network(List<NetBranch> branches) {
    }

    private record NetBranch(UUID id, String code, String name, String path, ZoneId zone) {
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        LocalDate start = rs.getObject("window_start", LocalDate.class);
        LocalDate end = rs.getObject("window_end", LocalDate.class);
        Availability targets = new Availability(Availability.Audience.valueOf(rs.getString("audience")),
                uuids(rs.getArray("target_territory_ids")), uuids(rs.getArray("target_branch_ids")), null, null);
        return new Row(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("brief"),
                rs.getObject("template_id", UUID.class), rs.getString("template_name"),
                TemplateChannel.valueOf(rs.getString("template_channel")),
                rs.getObject("template_version_id", UUID.class), readContent(rs.getString("content")),
                rs.getObject("segment_id", UUID.class), rs.getString("segment_name"), start, end, targets,
                Kits.Status.valueOf(rs.getString("status")), instant(rs, "pushed_at"), rs.getString("pushed_by"),
                instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static Set<UUID> uuids(Array array) throws SQLException {
        if (array == null) {
            return Set.of();
        }
        Set<UUID> out = new LinkedHashSet<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add(o instanceof UUID u ? u : UUID.fromString(o.toString()));
        }
        return out;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private Row load(UUID kitId, boolean forUpdate) {
        List<Row> found = jdbc.query(SELECT + "where k.tenant_id = ? and k.id = ?" + (forUpdate ? " for update of k"
                : ""), this::row, TenantContext.require(), kitId);
        if (found.isEmpty()) {
            throw new NotFoundException("Kit");
        }
        return found.get(0);
    }

    private Row editable(UUID kitId, long version) {
        Row row = load(kitId, true);
        if (row.status() != Kits.Status.DRAFT) {
            throw new Kits.InvalidKitException(List.of(TemplateProblem.of("status", "kit.problem.notDraft")));
        }
        if (row.version() != version) {
            throw new StaleCampaignException();
        }
        return row;
    }

    /** The kit when it is offered to the branch now (locked when {@code forUpdate}), else 404. */
    private Row offered(UUID kitId, UUID branchId, boolean forUpdate) {
        List<Row> found = jdbc.query(SELECT + "where k.tenant_id = ? and k.id = ?" + (forUpdate ? " for update of k"
                : ""), this::row, TenantContext.require(), kitId);
        if (found.isEmpty()) {
            throw new NotFoundException("Kit");
        }
        Row row = found.get(0);
        BranchService.BranchView branch = branches.get(branchId);
        LocalDate today = LocalDate.now(zone(branch.timeZone()));
        boolean open = row.status() == Kits.Status.PUSHED && branch.active()
                && (row.windowEnd() == null || !row.windowEnd().isBefore(today))
                && row.targets().includes(branchId, branches.territoryPath(branchId))
                && usableTemplates(branchId).contains(row.templateId());
        if (!open) {
            throw new NotFoundException("Kit");
        }
        Integer dismissed = jdbc.queryForObject("select count(*) from campaign_kit_dismissal where tenant_id = ? "
                + "and kit_id = ? and branch_id = ?", Integer.class, TenantContext.require(), kitId, branchId);
        Integer used = jdbc.queryForObject("select count(*) from campaign where tenant_id = ? and kit_id = ? "
                + "and branch_id = ? and status <> 'CANCELLED'", Integer.class, TenantContext.require(), kitId,
                branchId);
        if ((dismissed != null && dismissed > 0) || (used != null && used > 0)) {
            throw new NotFoundException("Kit");
        }
        return row;
    }

    /** The templates the branch may use today (published, available to it, within their dates). */
    private Set<UUID> usableTemplates(UUID branchId) {
        Set<UUID> ids = new java.util.HashSet<>();
        catalog.availableTo(branchId, null).forEach(a -> ids.add(a.templateId()));
        return ids;
    }

    private Kits.Details details(Row row) {
        Templates.Version template = templates.version(row.versionId());
        return new Kits.Details(summary(row, row.pushedAt() == null ? List.of() : progress(row, network())),
                row.brief(), row.versionId(), template, row.content(), row.segmentId(), row.segmentName(),
                row.targets(), row.version());
    }

    private static Kits.Summary summary(Row row, List<Kits.BranchProgress> progress) {
        int used = 0;
        int ignored = 0;
        int pending = 0;
        for (Kits.BranchProgress p : progress) {
            switch (p.state()) {
                case USED -> used++;
                case IGNORED -> ignored++;
                case PENDING -> pending++;
            }
        }
        return new Kits.Summary(row.id(), row.name(), row.templateId(), row.templateName(), row.channel(),
                row.status(), row.windowStart(), row.windowEnd(), row.pushedAt(), progress.size(), used, ignored,
                pending, row.updatedAt());
    }

    private Kits.Offer offer(Row row) {
        String headline = null;
        Templates.Version template = templates.version(row.versionId());
        if (template.email() != null) {
            headline = row.content().subject() != null ? row.content().subject() : template.email().subject().text();
        } else if (template.sms() != null) {
            headline = CampaignContents.resolveSms(template.sms(), row.content()).text();
        }
        return new Kits.Offer(row.id(), row.name(), row.brief(), row.templateId(), row.templateName(), row.channel(),
                row.windowStart(), row.windowEnd(), row.segmentName(), headline);
    }

    private Network network() {
        List<NetBranch> list = jdbc.query("select b.id, b.code, b.name, b.time_zone, t.path from branch b "
                + "join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id "
                + "where b.tenant_id = ? and b.active order by b.code, b.id",
                (rs, n) -> new NetBranch(rs.getObject("id", UUID.class), rs.getString("code"), rs.getString("name"),
                        rs.getString("path"), zone(rs.getString("time_zone"))), TenantContext.require());
        return new Network(list);
    }

    private List<Kits.BranchProgress> progress(Row row, Network network) {
        UUID tenantId = TenantContext.require();
        record Use(UUID campaignId, CampaignStatus status, Instant at) {
        }
        Map<UUID, Use> uses = new HashMap<>();
        jdbc.query("select distinct on (branch_id) branch_id, id, status, created_at from campaign "
                + "where tenant_id = ? and kit_id = ? and status <> 'CANCELLED' order by branch_id, created_at, id",
                rs -> {
                    uses.put(rs.getObject("branch_id", UUID.class), new Use(rs.getObject("id", UUID.class),
                            CampaignStatus.valueOf(rs.getString("status")), instant(rs, "created_at")));
                }, tenantId, row.id());
        record Dismissal(Instant at, String reason) {
        }
        Map<UUID, Dismissal> dismissals = new HashMap<>();
        jdbc.query("select branch_id, at, reason from campaign_kit_dismissal where tenant_id = ? and kit_id = ?",
                rs -> {
                    dismissals.put(rs.getObject("branch_id", UUID.class),
                            new Dismissal(instant(rs, "at"), rs.getString("reason")));
                }, tenantId, row.id());
        List<Kits.BranchProgress> out = new ArrayList<>();
        for (NetBranch b : network.branches()) {
            if (!row.targets().includes(b.id(), b.path())) {
                continue;
            }
            Use use = uses.get(b.id());
            Dismissal dismissal = dismissals.get(b.id());
            if (use != null) {
                out.add(new Kits.BranchProgress(b.id(), b.code(), b.name(), Kits.BranchState.USED, use.campaignId(),
                        use.status(), use.at(), null));
            } else if (dismissal != null) {
                out.add(new Kits.BranchProgress(b.id(), b.code(), b.name(), Kits.BranchState.IGNORED, null, null,
                        dismissal.at(), dismissal.reason()));
            } else {
                boolean ended = row.windowEnd() != null && row.windowEnd().isBefore(LocalDate.now(b.zone()));
                out.add(new Kits.BranchProgress(b.id(), b.code(), b.name(),
                        ended ? Kits.BranchState.IGNORED : Kits.BranchState.PENDING, null, null, null, null));
            }
        }
        out.sort(Comparator.comparingInt((Kits.BranchProgress p) -> switch (p.state()) {
            case PENDING -> 0;
            case IGNORED -> 1;
            case USED -> 2;
        }));
        return out;
    }

    private boolean suggestable(UUID segmentId, TemplateChannel channel) {
        return segments.listNetwork().stream().anyMatch(s -> s.id().equals(segmentId)
                && s.definition() != null && s.definition().channel() != null
                && s.definition().channel().name().equals(channel.name()));
    }

    private static String checkName(String name, List<TemplateProblem> problems) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            problems.add(TemplateProblem.of("name", "kit.problem.required"));
        } else if (clean.length() > MAX_NAME_LENGTH) {
            problems.add(TemplateProblem.of("name", "kit.problem.tooLong", MAX_NAME_LENGTH));
        }
        return clean;
    }

    private static String checkBrief(String brief, List<TemplateProblem> problems) {
        String clean = brief == null ? "" : brief.strip();
        if (clean.length() > MAX_BRIEF_LENGTH) {
            problems.add(TemplateProblem.of("brief", "kit.problem.tooLong", MAX_BRIEF_LENGTH));
        }
        return clean;
    }

    private static void checkWindow(LocalDate start, LocalDate end, List<TemplateProblem> problems) {
        if (start != null && end != null && end.isBefore(start)) {
            problems.add(TemplateProblem.of("windowEnd", "kit.problem.windowOrder"));
        } else if (end != null && end.isBefore(LocalDate.now(NETWORK_ZONE))) {
            problems.add(TemplateProblem.of("windowEnd", "kit.problem.windowPast"));
        }
    }

    /** HQ's calendar for "not past" checks (branch-side dates use each branch's own time zone). */
    static final ZoneId NETWORK_ZONE = ZoneId.of("Europe/Paris");

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return NETWORK_ZONE;
        }
    }

    private static void requireHq() {
        if (TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return;
        }
        Role role = role();
        if (role == null || !HQ.contains(role)) {
            throw new AccessDeniedException("Only HQ admins and marketers manage campaign kits");
        }
    }

    private static void requireBranchSide() {
        if (TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return;
        }
        Role role = role();
        if (role == null || !BRANCH_SIDE.contains(role)) {
            throw new AccessDeniedException("Only branch managers and HQ act on a branch's kits");
        }
    }

    private static Role role() {
        return CurrentUser.find().map(ArchipelUser::role).orElse(null);
    }

    private static String actor() {
        return CurrentUser.find().map(ArchipelUser::email).orElse("system");
    }

    private String writeContent(Campaigns.Content c) {
        return c.toJson(json);
    }

    private Campaigns.Content readContent(String text) {
        return Campaigns.Content.fromJson(json, text);
    }
}
