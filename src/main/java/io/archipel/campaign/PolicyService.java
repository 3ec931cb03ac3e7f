package io.archipel.campaign;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.Policies.Effective;
import io.archipel.campaign.Policies.EffectiveRow;
import io.archipel.campaign.Policies.FieldSource;
import io.archipel.campaign.Policies.InvalidPolicyException;
import io.archipel.campaign.Policies.Override;
import io.archipel.campaign.Policies.Policy;
import io.archipel.campaign.Policies.Source;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Autonomy policies of the current tenant: the network default, a template's own policy, and per-territory overrides
 * of a template's policy. HQ_ADMIN and HQ_MARKETER edit (others get {@link AccessDeniedException}); every user reads
 * what concerns them (the effective policy of a branch in their scope; the table of the territories they see).
 * Unknown template or territory (or another tenant's) → {@link NotFoundException}.
 */
@Service
public class PolicyService {

    private static final String COLUMNS = "review_mode, reviewer, deadline_hours, on_expiry, max_sends_per_week, "
            + "channels";

    private final JdbcTemplate jdbc;
    private final BranchService branches;
    private final TerritoryService territories;

    PolicyService(JdbcTemplate jdbc, BranchService branches, TerritoryService territories) {
        this.jdbc = jdbc;
        this.branches = branches;
        this.territories = territories;
    }

    /** The network default (the {@linkplain Policy#initial() initial policy} until HQ saves one). */
    @Transactional(readOnly = true)
    public Policy networkDefault() {
        List<Policy> found = jdbc.query("select " + COLUMNS + " from autonomy_policy where tenant_id = ? "
                + "and template_id is null and territory_id is null", (rs, i) -> policy(rs), TenantContext.require());
        return found.isEmpty() ? Policy.initial() : found.get(0);
    }

    /** @throws InvalidPolicyException when a value is out of range */
    @Transactional
    public void setNetworkDefault(Policy policy) {
        requireEditor();
        validate(policy);
        upsert(null, null, policy.review(), policy.reviewer(), policy.deadlineHours(), policy.onExpiry(),
                policy.maxSendsPerWeek(), policy.channels());
    }

    /** The template's own policy, empty when it follows the network default. */
    @Transactional(readOnly = true)
    public Optional<Policy> templatePolicy(UUID templateId) {
        requireTemplate(templateId);
        return jdbc.query("select " + COLUMNS + " from autonomy_policy where tenant_id = ? and template_id = ? "
                + "and territory_id is null", (rs, i) -> policy(rs), TenantContext.require(), templateId)
                .stream().findFirst();
    }

    @Transactional
    public void setTemplatePolicy(UUID templateId, Policy policy) {
        requireEditor();
        requireTemplate(templateId);
        validate(policy);
        upsert(templateId, null, policy.review(), policy.reviewer(), policy.deadlineHours(), policy.onExpiry(),
                policy.maxSendsPerWeek(), policy.channels());
    }

    /** Back to the network default (territory overrides stay). */
    @Transactional
    public void clearTemplatePolicy(UUID templateId) {
        requireEditor();
        requireTemplate(templateId);
        jdbc.update("delete from autonomy_policy where tenant_id = ? and template_id = ? and territory_id is null",
                TenantContext.require(), templateId);
    }

    /** The territory overrides of a template, by territory id. */
    @Transactional(readOnly = true)
    public Map<UUID, Override> overrides(UUID templateId) {
        requireTemplate(templateId);
        return loadOverrides(templateId);
    }

    /** Saves (or, when every field is null, removes) a territory's override of a template's policy. */
    @Transactional
    public void setOverride(UUID templateId, UUID territoryId, Override override) {
        requireEditor();
        requireTemplate(templateId);
        requireTerritory(territoryId);
        if (override == null || override.empty()) {
            removeOverride(templateId, territoryId);
            return;
        }
        if (override.deadlineHours() != null) {
            deadline(override.deadlineHours());
        }
        if (override.maxSendsPerWeek() != null
                && (override.maxSendsPerWeek() < 0 || override.maxSendsPerWeek() > Policies.MAX_SENDS_PER_WEEK)) {
            throw new InvalidPolicyException("maxSendsPerWeek", "policy.invalid.maxSendsPerWeek");
        }
        upsert(templateId, territoryId, override.review(), override.reviewer(), override.deadlineHours(),
                override.onExpiry(), override.maxSendsPerWeek(), override.channels());
    }

    @Transactional
    public void removeOverride(UUID templateId, UUID territoryId) {
        requireEditor();
        requireTemplate(templateId);
        requireTerritory(territoryId);
        jdbc.update("delete from autonomy_policy where tenant_id = ? and template_id = ? and territory_id = ?",
                TenantContext.require(), templateId, territoryId);
    }

    /**
     * The policy in force for a branch (in the caller's scope: 404/403 otherwise) and template: the nearest territory
     * override on the branch's path wins field by field, then the template's policy, then the network default.
     */
    @Transactional(readOnly = true)
    public Effective effective(UUID templateId, UUID branchId) {
        requireTemplate(templateId);
        branches.get(branchId);
        String path = branches.territoryPath(branchId);
        Base base = base(templateId);
        Map<UUID, Override> overrides = loadOverrides(templateId);
        Map<UUID, Node> nodes = nodes();
        Resolved r = resolve(base, overrides, nodes, path);
        Set<UUID> contributing = new java.util.HashSet<>();
        r.sources().all().stream().filter(s -> s.source() == Source.TERRITORY)
                .forEach(s -> contributing.add(s.territoryId()));
        for (UUID territoryId : nearestFirst(path)) {
            if (contributing.contains(territoryId)) {
                return new Effective(r.policy(), Source.TERRITORY, nodes.get(territoryId).name());
            }
        }
        return new Effective(r.policy(), base.source(), null);
    }

    /**
     * One row per territory the caller sees (depth first, siblings by name) with the effective policy its branches
     * get, where each value comes from, and its own override.
     */
    @Transactional(readOnly = true)
    public List<EffectiveRow> effectiveTable(UUID templateId) {
        requireTemplate(templateId);
        Base base = base(templateId);
        Map<UUID, Override> overrides = loadOverrides(templateId);
        Map<UUID, Node> nodes = nodes();
        Set<UUID> visible = new java.util.HashSet<>();
        territories.visibleTree().forEach(t -> visible.add(t.id()));
        Map<UUID, List<Node>> children = new HashMap<>();
        List<Node> roots = new ArrayList<>();
        Comparator<Node> byName = Comparator.comparing(n -> n.name().toLowerCase(Locale.ROOT));
        for (Node n : nodes.values()) {
            if (!visible.contains(n.id())) {
                continue;
            }
            if (n.parentId() == null || !visible.contains(n.parentId())) {
                roots.add(n);
            } else {
                children.computeIfAbsent(n.parentId(), k -> new ArrayList<>()).add(n);
            }
        }
        roots.sort(byName);
        children.values().forEach(l -> l.sort(byName));
        List<EffectiveRow> rows = new ArrayList<>();
        for (Node root : roots) {
            walk(root, 0, children, base, overrides, nodes, rows);
        }
        return rows;
    }

    private void walk(Node n, int depth, Map<UUID, List<Node>> children, Base base, Map<UUID, Override> overrides,
            Map<UUID, Node> nodes, List<EffectiveRow> rows) {
        Resolved r = resolve(base, overrides, nodes, n.path());
        rows.add(new EffectiveRow(n.id(), n.name(), n.kind(), depth, r.policy(), r.sources(), overrides.get(n.id())));
        for (Node child : children.getOrDefault(n.id(), List.of())) {
            walk(child, depth + 1, children, base, overrides, nodes, rows);
        }
    }

    // ---------------------------------------------------------------- resolution

    private record Base(Policy policy, Source source) {
    }

    private record Node(UUID id, UUID parentId, TerritoryKind kind, String name, String path) {
    }

    private record Resolved(Policy policy, Policies.Sources sources) {
    }

    private Base base(UUID templateId) {
        List<Policy> own = jdbc.query("select " + COLUMNS + " from autonomy_policy where tenant_id = ? "
                + "and template_id = ? and territory_id is null", (rs, i) -> policy(rs), TenantContext.require(),
                templateId);
        return own.isEmpty() ? new Base(networkDefault(), Source.NETWORK_DEFAULT) : new Base(own.get(0),
                Source.TEMPLATE);
    }

    /** The territories on {@code path} ('/root/../leaf/'), nearest (leaf) first. */
    private static List<UUID> nearestFirst(String path) {
        List<UUID> ids = new ArrayList<>();
        if (path == null) {
            return ids;
        }
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                ids.add(0, UUID.fromString(part));
            }
        }
        return ids;
    }

    private static Resolved resolve(Base base, Map<UUID, Override> overrides, Map<UUID, Node> nodes, String path) {
        List<UUID> chain = nearestFirst(path);
        FieldSource inherited = new FieldSource(base.source(), null, null);
        Field<Policies.ReviewMode> review = field(chain, overrides, nodes, Override::review, base.policy().review(),
                inherited);
        Field<Policies.Reviewer> reviewer = field(chain, overrides, nodes, Override::reviewer,
                base.policy().reviewer(), inherited);
        Field<Integer> deadline = field(chain, overrides, nodes, Override::deadlineHours,
                base.policy().deadlineHours(), inherited);
        Field<Policies.ExpiryAction> expiry = field(chain, overrides, nodes, Override::onExpiry,
                base.policy().onExpiry(), inherited);
        Field<Integer> max = field(chain, overrides, nodes, Override::maxSendsPerWeek,
                base.policy().maxSendsPerWeek(), inherited);
        Field<Set<TemplateChannel>> channels = field(chain, overrides, nodes, Override::channels,
                base.policy().channels(), inherited);
        Policy policy = new Policy(review.value(), reviewer.value(), deadline.value(), expiry.value(), max.value(),
                channels.value());
        return new Resolved(policy, new Policies.Sources(review.source(), reviewer.source(), deadline.source(),
                expiry.source(), max.source(), channels.source()));
    }

    private record Field<T>(T value, FieldSource source) {
    }

    private static <T> Field<T> field(List<UUID> chain, Map<UUID, Override> overrides, Map<UUID, Node> nodes,
            Function<Override, T> getter, T fallback, FieldSource inherited) {
        for (UUID territoryId : chain) {
            Override o = overrides.get(territoryId);
            T value = o == null ? null : getter.apply(o);
            if (value != null) {
                Node n = nodes.get(territoryId);
                return new Field<>(value, new FieldSource(Source.TERRITORY, territoryId, n == null ? null : n.name()));
            }
        }
        return new Field<>(fallback, inherited);
    }

    // ---------------------------------------------------------------- storage

    private Map<UUID, Override> loadOverrides(UUID templateId) {
        Map<UUID, Override> map = new LinkedHashMap<>();
        jdbc.query("select territory_id, " + COLUMNS + " from autonomy_policy where tenant_id = ? "
                + "and template_id = ? and territory_id is not null", rs -> {
                    map.put(rs.getObject("territory_id", UUID.class), override(rs));
                }, TenantContext.require(), templateId);
        return map;
    }

    private Map<UUID, Node> nodes() {
        Map<UUID, Node> map = new LinkedHashMap<>();
        jdbc.query("select id, parent_id, kind, name, path from territory where tenant_id = ? order by path", rs -> {
            map.put(rs.getObject("id", UUID.class), new Node(rs.getObject("id", UUID.class),
                    rs.getObject("parent_id", UUID.class), TerritoryKind.valueOf(rs.getString("kind")),
                    rs.getString("name"), rs.getString("path")));
        }, TenantContext.require());
        return map;
    }

    private void upsert(UUID templateId, UUID territoryId, Policies.ReviewMode review, Policies.Reviewer reviewer,
            Integer deadlineHours, Policies.ExpiryAction onExpiry, Integer maxSendsPerWeek,
            Set<TemplateChannel> channels) {
        UUID tenantId = TenantContext.require();
        String actor = actor();
        int n = jdbc.update(con -> {
            var ps = con.prepareStatement("update autonomy_policy set review_mode = ?, reviewer = ?, "
                    + "deadline_hours = ?, on_expiry = ?, max_sends_per_week = ?, channels = ?, updated_at = now(), "
                    + "updated_by = ? where tenant_id = ? and template_id is not distinct from ? "
                    + "and territory_id is not distinct from ?");
            ps.setString(1, review == null ? null : review.name());
            ps.setString(2, reviewer == null ? null : reviewer.name());
            ps.setObject(3, deadlineHours);
            ps.setString(4, onExpiry == null ? null : onExpiry.name());
            ps.setObject(5, maxSendsPerWeek);
            ps.setArray(6, channels == null ? null : con.createArrayOf("text", names(channels)));
            ps.setString(7, actor);
            ps.setObject(8, tenantId);
            ps.setObject(9, templateId);
            ps.setObject(10, territoryId);
            return ps;
        });
        if (n == 0) {
            jdbc.update(con -> {
                var ps = con.prepareStatement("insert into autonomy_policy (tenant_id, id, template_id, territory_id, "
                        + COLUMNS + ", updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                ps.setObject(1, tenantId);
                ps.setObject(2, UUID.randomUUID());
                ps.setObject(3, templateId);
                ps.setObject(4, territoryId);
                ps.setString(5, review == null ? null : review.name());
                ps.setString(6, reviewer == null ? null : reviewer.name());
                ps.setObject(7, deadlineHours);
                ps.setString(8, onExpiry == null ? null : onExpiry.name());
                ps.setObject(9, maxSendsPerWeek);
                ps.setArray(10, channels == null ? null : con.createArrayOf("text", names(channels)));
                ps.setString(11, actor);
                return ps;
            });
        }
    }

    private static Object[] names(Set<TemplateChannel> channels) {
        return channels.stream().sorted().map(Enum::name).toArray();
    }

    private static Policy policy(ResultSet rs) throws SQLException {
        Override o = override(rs);
        return new Policy(o.review(), o.reviewer(), o.deadlineHours(), o.onExpiry(), o.maxSendsPerWeek(),
                o.channels());
    }

    private static Override override(ResultSet rs) throws SQLException {
        String review = rs.getString("review_mode");
        String reviewer = rs.getString("reviewer");
        String expiry = rs.getString("on_expiry");
        Array channels = rs.getArray("channels");
        Set<TemplateChannel> set = null;
        if (channels != null) {
            set = EnumSet.noneOf(TemplateChannel.class);
            for (Object o : (Object[]) channels.getArray()) {
                set.add(TemplateChannel.valueOf(o.toString()));
            }
        }
        return new Override(review == null ? null : Policies.ReviewMode.valueOf(review),
                reviewer == null ? null : Policies.Reviewer.valueOf(reviewer),
                (Integer) rs.getObject("deadline_hours"),
                expiry == null ? null : Policies.ExpiryAction.valueOf(expiry),
                (Integer) rs.getObject("max_sends_per_week"), set);
    }

    private static void validate(Policy p) {
        if (p.review() == null) {
            throw new InvalidPolicyException("review", "validation.required");
        }
        if (p.reviewer() == null) {
            throw new InvalidPolicyException("reviewer", "validation.required");
        }
        if (p.onExpiry() == null) {
            throw new InvalidPolicyException("onExpiry", "validation.required");
        }
        deadline(p.deadlineHours());
        if (p.maxSendsPerWeek() != null && p.maxSendsPerWeek() > Policies.MAX_SENDS_PER_WEEK) {
            throw new InvalidPolicyException("maxSendsPerWeek", "policy.invalid.maxSendsPerWeek");
        }
    }

    private static void deadline(int hours) {
        if (hours < 1 || hours > Policies.MAX_DEADLINE_HOURS) {
            throw new InvalidPolicyException("deadlineHours", "policy.invalid.deadlineHours");
        }
    }

    private void requireTemplate(UUID templateId) {
        Boolean exists = jdbc.queryForObject("select exists (select 1 from template where tenant_id = ? and id = ?)",
                Boolean.class, TenantContext.require(), templateId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new NotFoundException("Template");
        }
    }

    private void requireTerritory(UUID territoryId) {
        Boolean exists = jdbc.queryForObject("select exists (select 1 from territory where tenant_id = ? and id = ?)",
                Boolean.class, TenantContext.require(), territoryId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new NotFoundException("Territory");
        }
    }

    static void requireEditor() {
        if (TenantContext.isSystem()) {
            return;
        }
        Role role = CurrentUser.find().map(u -> u.role()).orElse(null);
        if (role != Role.HQ_ADMIN && role != Role.HQ_MARKETER) {
            throw new AccessDeniedException("Only HQ edits autonomy policies");
        }
    }

    static String actor() {
        return TenantContext.isSystem() && CurrentUser.find().isEmpty() ? "system"
                : CurrentUser.find().map(u -> u.email()).orElse("system");
    }
}
