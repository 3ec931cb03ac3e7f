package io.archipel.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.Segments.Audience;
import io.archipel.audience.Segments.BranchCount;
import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.Rule;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Draft;
import io.archipel.audience.Segments.Field;
import io.archipel.audience.Segments.InvalidSegmentException;
import io.archipel.audience.Segments.NetworkCount;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Segment;
import io.archipel.audience.Segments.TerritoryPolicy;
import io.archipel.audience.segments.DefinitionJson;
import io.archipel.audience.segments.FieldCatalog;
import io.archipel.audience.segments.SegmentCompiler;
import io.archipel.audience.segments.SegmentCompiler.Compiled;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchView;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segments: definitions compiled to parameterised SQL from an allow-list of fields and operators (no SQL from user
 * text, see {@link SegmentCompiler}), counted per branch or across the caller's scope. Rules of access:
 * <ul>
 * <li>reading: an HQ segment is visible to everyone of the tenant (branches use them); a branch's segment to those
 * whose scope covers that branch (else 403), an unknown id or another tenant's is a 404;</li>
 * <li>HQ segments (no owner) are created, changed and deleted by HQ admins and marketers whose scope is the whole
 * network (they are offered to every branch);</li>
 * <li>a branch's segments by HQ admins and marketers whose scope covers the branch, and by the branch's managers when
 * the branch's territory allows it ({@link #branchSegmentsAllowed}).</li>
 * </ul>
 * Relative dates ("within the last 30 days", birthdays) use today's date in the branch's time zone; a count across
 * branches uses each branch's own zone (one grouped query per distinct zone, usually one). See docs/segments.md.
 */
@Service
public class SegmentService {

    public static final int MAX_NAME_LENGTH = 120;
    public static final int MAX_DESCRIPTION_LENGTH = 1000;
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");
    private static final String SELECT = "select s.*, b.name as owner_branch_name from segment s "
            + "left join branch b on b.tenant_id = s.tenant_id and b.id = s.owner_branch_id ";

    private final JdbcTemplate jdbc;
    private final BranchService branches;
    private final TerritoryService territories;
    private final CustomAttributeService attributes;
    private final CurrentScope scope;
    private final JsonMapper json;

    SegmentService(JdbcTemplate jdbc, BranchService branches, TerritoryService territories,
            CustomAttributeService attributes, CurrentScope scope, JsonMapper json) {
        this.jdbc = jdbc;
        this.branches = branches;
        this.territories = territories;
        this.attributes = attributes;
        this.scope = scope;
        this.json = json;
    }

    // ---------------------------------------------------------------- rule builder

    /** The fields the rule builder offers: built-ins then the custom attributes ({@code attr.<key>}). */
    @Transactional(readOnly = true)
    public List<Field> fields() {
        return FieldCatalog.of(attributes.list(), loyaltyTiers()).fields();
    }

    /** Problems of a definition (unknown field, operator not allowed for the field, bad or missing values, empty group, too deep). */
    @Transactional(readOnly = true)
    public List<Problem> check(Definition definition) {
        return SegmentCompiler.check(definition, catalog(definition));
    }

    /**
     * The loyalty tiers in use in the tenant (at most 100, ignoring case, sorted), read with a skip scan over the
     * partial index {@code contact_tier_idx}: one index probe per distinct tier, not a pass over every contact.
     */
    private List<String> loyaltyTiers() {
        List<String> raw = jdbc.queryForList("""
                with recursive t(tier) as (
                    (select loyalty_tier from contact where tenant_id = ? and loyalty_tier is not null
                      order by loyalty_tier limit 1)
                    union all
                    select (select c.loyalty_tier from contact c where c.tenant_id = ? and c.loyalty_tier is not null
                             and c.loyalty_tier > t.tier order by c.loyalty_tier limit 1)
                      from t where t.tier is not null)
                select tier from t where tier is not null limit 200""", String.class,
                TenantContext.require(), TenantContext.require());
        Map<String, String> byLower = new LinkedHashMap<>();
        raw.forEach(t -> byLower.putIfAbsent(t.toLowerCase(Locale.ROOT), t));
        return byLower.values().stream().sorted(String.CASE_INSENSITIVE_ORDER).limit(100).toList();
    }

    /** The fields for checking and compiling (tier choices are free values, so they are not needed here). */
    private FieldCatalog catalog() {
        return FieldCatalog.of(attributes.list(), List.of());
    }

    /** As {@link #catalog()}, reading the declared attributes only when a rule uses one (a round trip less per count). */
    private FieldCatalog catalog(Definition definition) {
        return definition != null && usesAttributes(definition.root()) ? catalog()
                : FieldCatalog.of(List.of(), List.of());
    }

    private static boolean usesAttributes(Rule rule) {
        if (rule instanceof Group g) {
            return g.rules() != null && g.rules().stream().anyMatch(SegmentService::usesAttributes);
        }
        return rule instanceof Condition c && c.field() != null && c.field().startsWith(FieldCatalog.ATTRIBUTE_PREFIX);
    }

    // ---------------------------------------------------------------- saved segments

    /** HQ segments, by name. */
    @Transactional(readOnly = true)
    public List<Segment> listNetwork() {
        return jdbc.query(SELECT + "where s.tenant_id = ? and s.owner_branch_id is null order by lower(s.name), s.id",
                this::segment, TenantContext.require());
    }

    /** What a branch may use: the HQ segments, then its own (each by name). */
    @Transactional(readOnly = true)
    public List<Segment> listForBranch(UUID branchId) {
        branches.get(branchId);
        return jdbc.query(SELECT + "where s.tenant_id = ? and (s.owner_branch_id is null or s.owner_branch_id = ?) "
                + "order by s.owner_branch_id nulls first, lower(s.name), s.id", this::segment,
                TenantContext.require(), branchId);
    }

    @Transactional(readOnly = true)
    public Segment get(UUID segmentId) {
        Segment s = load(segmentId);
        if (s.ownerBranchId() != null) {
            branches.get(s.ownerBranchId()); // 403 outside the scope
        }
        return s;
    }

    /** {@code ownerBranchId} null = an HQ segment. Throws {@link Segments.InvalidSegmentException} with every problem. */
    @Transactional
    public UUID create(UUID ownerBranchId, Draft draft) {
        requireMayWrite(ownerBranchId);
        Clean c = validate(draft, ownerBranchId, null);
        UUID id = UUID.randomUUID();
        String actor = actor();
        try {
            jdbc.update("insert into segment (tenant_id, id, owner_branch_id, name, description, channel, definition, "
                    + "created_by, updated_by) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)", TenantContext.require(), id,
                    ownerBranchId, c.name, c.description, c.definition.channel().name(), c.json, actor, actor);
        } catch (DuplicateKeyException e) {
            throw new InvalidSegmentException(List.of(new Problem("name", "segment.problem.nameTaken", List.of(c.name))));
        }
        return id;
    }

    /** A stale version gives {@link Contacts.StaleContactException}. */
    @Transactional
    public void update(UUID segmentId, long version, Draft draft) {
        Segment existing = load(segmentId);
        requireMayWrite(existing.ownerBranchId());
        Clean c = validate(draft, existing.ownerBranchId(), segmentId);
        int n;
        try {
            n = jdbc.update("update segment set name = ?, description = ?, channel = ?, definition = ?::jsonb, "
                    + "updated_by = ?, updated_at = now(), version = version + 1 "
                    + "where tenant_id = ? and id = ? and version = ?", c.name, c.description,
                    c.definition.channel().name(), c.json, actor(), TenantContext.require(), segmentId, version);
        } catch (DuplicateKeyException e) {
            throw new InvalidSegmentException(List.of(new Problem("name", "segment.problem.nameTaken", List.of(c.name))));
        }
        if (n == 0) {
            throw new StaleContactException();
        }
    }

    @Transactional
    public void delete(UUID segmentId) {
        Segment existing = load(segmentId);
        requireMayWrite(existing.ownerBranchId());
        jdbc.update("delete from segment where tenant_id = ? and id = ?", TenantContext.require(), segmentId);
    }

    /** Whether the caller may change segments of this owner (null: HQ), for showing or hiding buttons. */
    @Transactional(readOnly = true)
    public boolean mayEdit(UUID ownerBranchId) {
        try {
            requireMayWrite(ownerBranchId);
            return true;
        } catch (org.springframework.security.access.AccessDeniedException e) {
            return false;
        }
    }

    private Segment load(UUID segmentId) {
        List<Segment> found = segmentId == null ? List.of()
                : jdbc.query(SELECT + "where s.tenant_id = ? and s.id = ?", this::segment, TenantContext.require(),
                        segmentId);
        if (found.isEmpty()) {
            throw new NotFoundException("Segment");
        }
        return found.get(0);
    }

    private void requireMayWrite(UUID ownerBranchId) {
        if (TenantContext.isSystem()) {
            if (ownerBranchId != null) {
                branches.get(ownerBranchId); // 404 for an unknown branch
            }
            return;
        }
        Role role = CurrentUser.find().map(ArchipelUser::role).orElse(null);
        NetworkScope s = scope.get();
        boolean hq = role == Role.HQ_ADMIN || role == Role.HQ_MARKETER;
        if (ownerBranchId == null) {
            if (!hq || !s.isWholeTenant()) {
                throw new AccessDeniedInScopeException("HQ segments");
            }
            return;
        }
        branches.get(ownerBranchId); // 404 unknown / other tenant, 403 outside the scope
        if (hq) {
            return;
        }
        if (role != Role.BRANCH_MANAGER || s.type() != ScopeType.BRANCHES || !allowed(ownerBranchId)) {
            throw new AccessDeniedInScopeException("Branch segments");
        }
    }

    private record Clean(String name, String description, Definition definition, String json) {
    }

    private Clean validate(Draft draft, UUID ownerBranchId, UUID exceptId) {
        List<Problem> problems = new ArrayList<>();
        String name = draft == null || draft.name() == null ? "" : draft.name().strip();
        String description = draft == null || draft.description() == null || draft.description().isBlank() ? null
                : draft.description().strip();
        if (name.isEmpty()) {
            problems.add(new Problem("name", "validation.required", List.of()));
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add(new Problem("name", "segment.problem.nameTooLong", List.of(String.valueOf(MAX_NAME_LENGTH))));
        } else if (nameTaken(ownerBranchId, name, exceptId)) {
            problems.add(new Problem("name", "segment.problem.nameTaken", List.of(name)));
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            problems.add(new Problem("description", "segment.problem.descriptionTooLong",
                    List.of(String.valueOf(MAX_DESCRIPTION_LENGTH))));
        }
        Definition definition = draft == null ? null : draft.definition();
        problems.addAll(SegmentCompiler.check(definition, catalog(definition)));
        if (!problems.isEmpty()) {
            throw new InvalidSegmentException(problems);
        }
        return new Clean(name, description, definition, DefinitionJson.write(json, definition.root()));
    }

    /** Whether another segment of the same owner (HQ, or the branch) already has this name, ignoring case. */
    @Transactional(readOnly = true)
    public boolean nameTaken(UUID ownerBranchId, String name, UUID exceptSegmentId) {
        if (name == null || name.isBlank()) {
            return false;
        }
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from segment where tenant_id = ? "
                + "and owner_branch_id is not distinct from ? and lower(name) = lower(?) and (?::uuid is null or id <> ?))",
                Boolean.class, TenantContext.require(), ownerBranchId, name.strip(), exceptSegmentId, exceptSegmentId));
    }

    private Segment segment(ResultSet rs, int row) throws SQLException {
        Definition definition = new Definition(Channel.valueOf(rs.getString("channel")),
                DefinitionJson.read(json, rs.getString("definition")));
        return new Segment(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                definition, rs.getObject("owner_branch_id", UUID.class), rs.getString("owner_branch_name"),
                rs.getLong("version"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
    }

    // ---------------------------------------------------------------- counting

    /** Contacts of one branch matching the definition, consenting on its channel, not suppressed, not erased. */
    @Transactional(readOnly = true)
    public long count(Definition definition, UUID branchId) {
        Audience audience = compileForBranch(definition, branchId);
        Long n = jdbc.queryForObject("select count(*) from contact c where " + audience.sql(), Long.class,
                audience.params().toArray());
        return n == null ? 0 : n;
    }

    /** The number of contacts a saved segment reaches in a branch that may use it (HQ segment, or the branch's own). */
    @Transactional(readOnly = true)
    public long count(UUID segmentId, UUID branchId) {
        return count(usableBy(segmentId, branchId).definition(), branchId);
    }

    /**
     * The audience of a definition in one branch as SQL over {@code contact c} (tenant, branch, not erased, consent
     * on the channel, not suppressed, and the rules), for the campaign sender to embed; scope checked like a count.
     *
     * @throws InvalidSegmentException when the definition has problems
     */
    @Transactional(readOnly = true)
    public Audience compileForBranch(Definition definition, UUID branchId) {
        ZoneId zone = branchZoneInScope(branchId);
        Compiled rules = SegmentCompiler.compileRules(definition, catalog(definition), LocalDate.now(zone), zone);
        List<Object> params = new ArrayList<>();
        params.add(TenantContext.require());
        params.add(branchId);
        params.addAll(rules.params());
        return new Audience("c.tenant_id = ? and c.branch_id = ? and "
                + SegmentCompiler.audienceBase(definition.channel()) + " and " + rules.sql(),
                List.copyOf(params));
    }

    /**
     * Streams the ids of a saved segment's contacts in a branch that may use it, in id order, without holding them in
     * memory (a server-side cursor, 1,000 rows a fetch). Must run inside the caller's transaction or opens its own.
     */
    @Transactional(readOnly = true)
    public void forEachContact(UUID segmentId, UUID branchId, Consumer<UUID> sink) {
        Audience audience = compileForBranch(usableBy(segmentId, branchId).definition(), branchId);
        jdbc.query(con -> {
            var ps = con.prepareStatement("select c.id from contact c where " + audience.sql() + " order by c.id");
            ps.setFetchSize(1000);
            for (int i = 0; i < audience.params().size(); i++) {
                ps.setObject(i + 1, audience.params().get(i));
            }
            return ps;
        }, (RowCallbackHandler) rs -> sink.accept(rs.getObject(1, UUID.class)));
    }

    private Segment usableBy(UUID segmentId, UUID branchId) {
        Segment s = load(segmentId);
        branches.get(branchId);
        if (s.ownerBranchId() != null && !s.ownerBranchId().equals(branchId)) {
            branches.get(s.ownerBranchId()); // 403 when that branch is outside the scope
            throw new AccessDeniedInScopeException("Segment of another branch");
        }
        return s;
    }

    /** The same across every branch of the caller's scope, with the per-branch figures (largest first). */
    @Transactional(readOnly = true)
    public NetworkCount countInScope(Definition definition) {
        List<Problem> problems = SegmentCompiler.check(definition, catalog(definition));
        if (!problems.isEmpty()) {
            throw new InvalidSegmentException(problems);
        }
        List<BranchView> visible = branches.visibleBranches();
        boolean whole = scope.get().isWholeTenant();
        Map<ZoneId, List<BranchView>> byZone = new LinkedHashMap<>();
        visible.forEach(b -> byZone.computeIfAbsent(zone(b.timeZone()), z -> new ArrayList<>()).add(b));
        Map<UUID, Long> counts = new HashMap<>();
        FieldCatalog catalog = catalog(definition);
        for (Map.Entry<ZoneId, List<BranchView>> e : byZone.entrySet()) {
            ZoneId zone = e.getKey();
            Compiled rules = SegmentCompiler.compileRules(definition, catalog, LocalDate.now(zone), zone);
            List<Object> params = new ArrayList<>();
            params.add(TenantContext.require());
            String branchFilter = "";
            if (!(whole && byZone.size() == 1)) {
                branchFilter = " and c.branch_id = any(?)";
                params.add(e.getValue().stream().map(BranchView::id).toArray(UUID[]::new));
            }
            params.addAll(rules.params());
            jdbc.query("select c.branch_id, count(*) from contact c where c.tenant_id = ?" + branchFilter + " and "
                    + SegmentCompiler.audienceBase(definition.channel()) + " and "
                    + rules.sql() + " group by c.branch_id", (RowCallbackHandler) rs -> counts.merge(
                            rs.getObject(1, UUID.class), rs.getLong(2), Long::sum), params.toArray());
        }
        List<BranchCount> rows = visible.stream()
                .map(b -> new BranchCount(b.id(), b.code(), b.name(), counts.getOrDefault(b.id(), 0L)))
                .sorted(Comparator.comparingLong(BranchCount::contacts).reversed()
                        .thenComparing(BranchCount::branchCode, String.CASE_INSENSITIVE_ORDER))
                .toList();
        return new NetworkCount(rows.stream().mapToLong(BranchCount::contacts).sum(), rows);
    }

    /**
     * The time zone of a branch in the caller's scope, with the same answers as {@link BranchService#get} (404 for an
     * unknown branch or another tenant's, 403 outside the scope) in one query: a branch count is on the live path of
     * the rule builder and of every campaign, so it saves the round trips of loading the branch and territory entities.
     */
    private ZoneId branchZoneInScope(UUID branchId) {
        List<String[]> found = branchId == null ? List.of() : jdbc.query("select b.time_zone, t.path from branch b "
                + "join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id "
                + "where b.tenant_id = ? and b.id = ?", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                TenantContext.require(), branchId);
        if (found.isEmpty()) {
            throw new NotFoundException("Branch");
        }
        if (!scope.get().coversBranch(branchId, found.get(0)[1])) {
            throw new AccessDeniedInScopeException("Branch");
        }
        return zone(found.get(0)[0]);
    }

    private static ZoneId zone(String id) {
        try {
            return id == null || id.isBlank() ? DEFAULT_ZONE : ZoneId.of(id);
        } catch (DateTimeException e) {
            return DEFAULT_ZONE;
        }
    }

    // ---------------------------------------------------------------- branch permission

    /** May the managers of this branch create their own segments (nearest territory setting up the tree; default no)? */
    @Transactional(readOnly = true)
    public boolean branchSegmentsAllowed(UUID branchId) {
        branches.get(branchId);
        return allowed(branchId);
    }

    private boolean allowed(UUID branchId) {
        String path = branches.territoryPath(branchId);
        return effective(path, policies());
    }

    /** The territory tree in the caller's scope with each node's setting and its effective value. */
    @Transactional(readOnly = true)
    public List<TerritoryPolicy> branchSegmentPolicies() {
        Map<UUID, Boolean> policies = policies();
        List<TerritoryView> tree = territories.visibleTree();
        Map<UUID, String> names = new HashMap<>();
        tree.forEach(t -> names.put(t.id(), t.name()));
        return tree.stream().map(t -> new TerritoryPolicy(t.id(), t.name(), trail(t.path(), names), t.depth(),
                policies.get(t.id()), effective(t.path(), policies))).toList();
    }

    /** Sets (true/false) or clears (null: inherit) a territory's permission; HQ admins and marketers. */
    @Transactional
    public void setBranchSegmentsAllowed(UUID territoryId, Boolean allowed) {
        if (!TenantContext.isSystem()) {
            Role role = CurrentUser.find().map(ArchipelUser::role).orElse(null);
            if (role != Role.HQ_ADMIN && role != Role.HQ_MARKETER) {
                throw new AccessDeniedInScopeException("Segment permissions");
            }
        }
        territories.get(territoryId); // 404 unknown / other tenant, 403 outside the scope
        if (allowed == null) {
            jdbc.update("delete from segment_branch_policy where tenant_id = ? and territory_id = ?",
                    TenantContext.require(), territoryId);
        } else {
            jdbc.update("insert into segment_branch_policy (tenant_id, territory_id, allowed, updated_by) "
                    + "values (?, ?, ?, ?) on conflict (tenant_id, territory_id) do update "
                    + "set allowed = excluded.allowed, updated_by = excluded.updated_by, updated_at = now()",
                    TenantContext.require(), territoryId, allowed, actor());
        }
    }

    private Map<UUID, Boolean> policies() {
        Map<UUID, Boolean> out = new HashMap<>();
        jdbc.query("select territory_id, allowed from segment_branch_policy where tenant_id = ?",
                (RowCallbackHandler) rs -> out.put(rs.getObject(1, UUID.class), rs.getBoolean(2)),
                TenantContext.require());
        return out;
    }

    /** The nearest setting on the path ('/root/…/node/'), from the node up; none = not allowed. */
    private static boolean effective(String path, Map<UUID, Boolean> policies) {
        List<UUID> ids = ids(path);
        for (int i = ids.size() - 1; i >= 0; i--) {
            Boolean set = policies.get(ids.get(i));
            if (set != null) {
                return set;
            }
        }
        return false;
    }

    private static List<UUID> ids(String path) {
        List<UUID> ids = new ArrayList<>();
        if (path != null) {
            for (String part : path.split("/")) {
                if (!part.isBlank()) {
                    try {
                        ids.add(UUID.fromString(part));
                    } catch (IllegalArgumentException e) {
                        // not an id: ignore
                    }
                }
            }
        }
        return ids;
    }

    /** "France / Auvergne-Rhône-Alpes / Lyon" for the visible part of a path. */
    private static String trail(String path, Map<UUID, String> names) {
        List<String> parts = new ArrayList<>();
        for (UUID id : ids(path)) {
            String name = names.get(id);
            if (name != null) {
                parts.add(name);
            }
        }
        return String.join(" / ", parts);
    }

    private static String actor() {
        return CurrentUser.find().map(u -> u.displayName() + " <" + u.email() + ">").orElse("Archipel");
    }
}
