package io.archipel.insights.steering;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.insights.Steering.BudgetKind;
import io.archipel.insights.Steering.Metric;
import io.archipel.insights.Steering.OverBudgetPolicy;
import io.archipel.insights.Steering.PeriodKind;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Plain SQL over the steering tables and the delivery figures budgets and objectives are measured with. Every call
 * runs in the caller's transaction (row-level security keeps it to the current tenant; every query also names it).
 * No scope check here: the services do it.
 */
@Component
public class SteeringStore {

    private final JdbcTemplate jdbc;

    SteeringStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---------------------------------------------------------------- objectives

    public record ObjectiveRow(UUID id, UUID territoryId, Metric metric, BigDecimal target, LocalDate periodStart,
            LocalDate periodEnd, UUID sponsorId, String note, Instant archivedAt, long version) {
    }

    private static final String OBJECTIVE = "select id, territory_id, metric, target, period_start, period_end, "
            + "sponsor_id, note, archived_at, version from steering_objective ";

    public List<ObjectiveRow> objectives(boolean archived) {
        return jdbc.query(OBJECTIVE + "where tenant_id = ? and archived_at is " + (archived ? "not null" : "null")
                + " order by period_end desc, metric, id", this::mapObjective, tenant());
    }

    public List<ObjectiveRow> objectivesOf(UUID territoryId, LocalDate day) {
        return jdbc.query(OBJECTIVE + "where tenant_id = ? and territory_id = ? and archived_at is null "
                + "and period_start <= ? and period_end >= ? order by metric, period_end, id", this::mapObjective,
                tenant(), territoryId, Date.valueOf(day), Date.valueOf(day));
    }

    public Optional<ObjectiveRow> objective(UUID id) {
        return jdbc.query(OBJECTIVE + "where tenant_id = ? and id = ?", this::mapObjective, tenant(), id).stream()
                .findFirst();
    }

    public void insertObjective(UUID id, UUID territoryId, Metric metric, BigDecimal target, LocalDate start,
            LocalDate end, UUID sponsorId, String note, String actor) {
        jdbc.update("insert into steering_objective (tenant_id, id, territory_id, metric, target, period_start, "
                + "period_end, sponsor_id, note, created_by, updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenant(), id, territoryId, metric.name(), target, Date.valueOf(start), Date.valueOf(end), sponsorId,
                note, actor, actor);
    }

    /** Returns false when the version changed meanwhile. */
    public boolean updateObjective(UUID id, long version, UUID territoryId, Metric metric, BigDecimal target,
            LocalDate start, LocalDate end, UUID sponsorId, String note, String actor) {
        return jdbc.update("update steering_objective set territory_id = ?, metric = ?, target = ?, period_start = ?, "
                + "period_end = ?, sponsor_id = ?, note = ?, updated_at = now(), updated_by = ?, version = version + 1 "
                + "where tenant_id = ? and id = ? and version = ?", territoryId, metric.name(), target,
                Date.valueOf(start), Date.valueOf(end), sponsorId, note, actor, tenant(), id, version) == 1;
    }

    public void archiveObjective(UUID id, boolean archived, String actor) {
        jdbc.update("update steering_objective set archived_at = " + (archived ? "coalesce(archived_at, now())" : "null")
                + ", updated_at = now(), updated_by = ?, version = version + 1 where tenant_id = ? and id = ?", actor,
                tenant(), id);
    }

    private ObjectiveRow mapObjective(ResultSet rs, int n) throws SQLException {
        Timestamp archived = rs.getTimestamp("archived_at");
        return new ObjectiveRow(rs.getObject("id", UUID.class), rs.getObject("territory_id", UUID.class),
                Metric.valueOf(rs.getString("metric")), rs.getBigDecimal("target"),
                rs.getDate("period_start").toLocalDate(), rs.getDate("period_end").toLocalDate(),
                rs.getObject("sponsor_id", UUID.class), rs.getString("note"),
                archived == null ? null : archived.toInstant(), rs.getLong("version"));
    }

    // ---------------------------------------------------------------- measures

    /** The figures objectives are measured with, over sends started (contacts added) in [from, to). */
    public record Measures(long sends, long recipients, long sent, long uniqueOpens, long uniqueClicks,
            long activeBranchesSending, long contactsAdded) {
    }

    public Measures measures(UUID[] branchIds, UUID[] activeBranchIds, Instant from, Instant to) {
        if (branchIds.length == 0) {
            return new Measures(0, 0, 0, 0, 0, 0, 0);
        }
        UUID tenant = tenant();
        long[] sends = jdbc.queryForObject("select count(*), coalesce(sum(recipient_count), 0), "
                + "coalesce(sum(sent_count), 0), count(distinct branch_id) filter (where branch_id = any(?)) "
                + "from campaign_send where tenant_id = ? and branch_id = any(?) and started_at >= ? and started_at < ?",
                (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4) },
                activeBranchIds, tenant, branchIds, ts(from), ts(to));
        long[] events = jdbc.queryForObject("select count(distinct e.recipient_id) filter (where e.kind = 'OPEN' "
                + "and not e.machine_suspected), count(distinct e.recipient_id) filter (where e.kind = 'CLICK') "
                + "from tracking_event e join campaign_send s on s.tenant_id = e.tenant_id and s.campaign_id = e.campaign_id "
                + "where e.tenant_id = ? and s.branch_id = any(?) and s.started_at >= ? and s.started_at < ? "
                + "and e.kind in ('OPEN', 'CLICK')",
                (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, tenant, branchIds, ts(from), ts(to));
        Long contacts = jdbc.queryForObject("select count(*) from contact where tenant_id = ? and branch_id = any(?) "
                + "and erased_at is null and created_at >= ? and created_at < ?", Long.class, tenant, branchIds,
                ts(from), ts(to));
        return new Measures(sends[0], sends[1], sends[2], events[0], events[1], sends[3],
                contacts == null ? 0 : contacts);
    }

    // ---------------------------------------------------------------- budgets

    public record BudgetRow(UUID id, UUID branchId, PeriodKind periodKind, LocalDate periodStart, BudgetKind kind,
            BigDecimal amount, BigDecimal emailUnitCost, BigDecimal smsUnitCost, Integer quota, long version) {

        public LocalDate periodEnd() {
            return periodKind.end(periodStart);
        }
    }

    private static final String BUDGET = "select id, branch_id, period_kind, period_start, kind, amount, "
            + "email_unit_cost, sms_unit_cost, quota, version from steering_budget ";

    public List<BudgetRow> budgets(UUID[] branchIds, PeriodKind kind, LocalDate start) {
        return jdbc.query(BUDGET + "where tenant_id = ? and branch_id = any(?) and period_kind = ? and period_start = ?",
                this::mapBudget, tenant(), branchIds, kind.name(), Date.valueOf(start));
    }

    /** Every budget of the branch whose period holds the day (at most one per period kind). */
    public List<BudgetRow> budgetsCovering(UUID branchId, LocalDate day) {
        List<BudgetRow> out = new ArrayList<>();
        for (PeriodKind k : PeriodKind.values()) {
            out.addAll(jdbc.query(BUDGET + "where tenant_id = ? and branch_id = ? and period_kind = ? "
                    + "and period_start = ?", this::mapBudget, tenant(), branchId, k.name(), Date.valueOf(k.start(day))));
        }
        return out;
    }

    public Optional<BudgetRow> budget(UUID id) {
        return jdbc.query(BUDGET + "where tenant_id = ? and id = ?", this::mapBudget, tenant(), id).stream().findFirst();
    }

    /** Creates or replaces the branch's budget of that period. */
    public void upsertBudget(UUID branchId, PeriodKind periodKind, LocalDate start, BudgetKind kind, BigDecimal amount,
            BigDecimal emailCost, BigDecimal smsCost, Integer quota, String actor) {
        jdbc.update("insert into steering_budget (tenant_id, id, branch_id, period_kind, period_start, kind, amount, "
                + "email_unit_cost, sms_unit_cost, quota, created_by, updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (tenant_id, branch_id, period_kind, period_start) do update set kind = excluded.kind, "
                + "amount = excluded.amount, email_unit_cost = excluded.email_unit_cost, "
                + "sms_unit_cost = excluded.sms_unit_cost, quota = excluded.quota, updated_at = now(), "
                + "updated_by = excluded.updated_by, version = steering_budget.version + 1", tenant(),
                UUID.randomUUID(), branchId, periodKind.name(), Date.valueOf(start), kind.name(),
                kind == BudgetKind.AMOUNT ? amount : null, kind == BudgetKind.AMOUNT ? emailCost : null,
                kind == BudgetKind.AMOUNT ? smsCost : null, kind == BudgetKind.QUOTA ? quota : null, actor, actor);
    }

    public void deleteBudget(UUID id) {
        jdbc.update("delete from steering_budget where tenant_id = ? and id = ?", tenant(), id);
    }

    private BudgetRow mapBudget(ResultSet rs, int n) throws SQLException {
        return new BudgetRow(rs.getObject("id", UUID.class), rs.getObject("branch_id", UUID.class),
                PeriodKind.valueOf(rs.getString("period_kind")), rs.getDate("period_start").toLocalDate(),
                BudgetKind.valueOf(rs.getString("kind")), rs.getBigDecimal("amount"),
                rs.getBigDecimal("email_unit_cost"), rs.getBigDecimal("sms_unit_cost"),
                (Integer) rs.getObject("quota"), rs.getLong("version"));
    }

    /** Messages per channel of one branch in a period: sent (sends started) and committed (approved, not sent). */
    public record Usage(long emailSent, long smsSent, long emailCommitted, long smsCommitted) {

        static final Usage NONE = new Usage(0, 0, 0, 0);
    }

    /**
     * Usage per branch over [from, to). {@code exceptCampaignId} (may be null) is left out of the committed figures.
     */
    public Map<UUID, Usage> usage(UUID[] branchIds, LocalDate from, LocalDate to, UUID exceptCampaignId) {
        Map<UUID, long[]> acc = new HashMap<>();
        if (branchIds.length == 0) {
            return Map.of();
        }
        UUID tenant = tenant();
        Timestamp start = ts(day(from));
        Timestamp end = ts(day(to.plusDays(1)));
        jdbc.query("select branch_id, channel, sum(recipient_count) from campaign_send where tenant_id = ? "
                + "and branch_id = any(?) and started_at >= ? and started_at < ? group by branch_id, channel", (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    long[] a = acc.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[4]);
                    a["SMS".equals(rs.getString(2)) ? 1 : 0] += rs.getLong(3);
                }, tenant, branchIds, start, end);
        jdbc.query("select c.branch_id, c.channel, sum(coalesce(c.estimated_reach, 0)) from campaign c "
                + "where c.tenant_id = ? and c.branch_id = any(?) and c.id <> ? "
                + "and (c.status in ('APPROVED', 'SCHEDULED') or (c.status = 'SENDING' and not exists "
                + "(select 1 from campaign_send s where s.tenant_id = c.tenant_id and s.campaign_id = c.id))) "
                + "and coalesce(c.send_at, c.approved_at, c.updated_at) >= ? "
                + "and coalesce(c.send_at, c.approved_at, c.updated_at) < ? group by c.branch_id, c.channel", (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    long[] a = acc.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[4]);
                    a["SMS".equals(rs.getString(2)) ? 3 : 2] += rs.getLong(3);
                }, tenant, branchIds, exceptCampaignId == null ? new UUID(0, 0) : exceptCampaignId, start, end);
        Map<UUID, Usage> out = new HashMap<>();
        acc.forEach((id, a) -> out.put(id, new Usage(a[0], a[1], a[2], a[3])));
        return out;
    }

    public static Usage none() {
        return Usage.NONE;
    }

    // ---------------------------------------------------------------- settings

    public record Settings(OverBudgetPolicy policy, String currency, long version) {
    }

    public Settings settings() {
        return jdbc.query("select over_budget_policy, currency, version from steering_settings where tenant_id = ?",
                (rs, i) -> new Settings(OverBudgetPolicy.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3)),
                tenant()).stream().findFirst().orElse(new Settings(OverBudgetPolicy.ASK_HQ, "EUR", -1));
    }

    public void saveSettings(OverBudgetPolicy policy, String actor) {
        jdbc.update("insert into steering_settings (tenant_id, over_budget_policy, updated_by) values (?, ?, ?) "
                + "on conflict (tenant_id) do update set over_budget_policy = excluded.over_budget_policy, "
                + "updated_at = now(), updated_by = excluded.updated_by, version = steering_settings.version + 1",
                tenant(), policy.name(), actor);
    }

    // ---------------------------------------------------------------- adoption

    /** The start of each branch's last send (branches that never sent are absent). */
    public Map<UUID, Instant> lastSends(UUID[] branchIds) {
        Map<UUID, Instant> out = new HashMap<>();
        jdbc.query("select branch_id, max(started_at) from campaign_send where tenant_id = ? and branch_id = any(?) "
                + "group by branch_id", (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    out.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                }, tenant(), branchIds);
        return out;
    }

    /** A pushed kit with the branches that neither used nor dismissed it (among {@code branchIds}). */
    public record KitGap(UUID kitId, String name, LocalDate windowEnd, List<UUID> branchIds) {
    }

    /**
     * Pushed kits whose window has not ended more than {@code graceDays} ago, each with the given branches it
     * targets that have no campaign started from it and did not dismiss it. Targets: every branch for a NETWORK kit;
     * for a PILOT kit its branches and the branches below its territories.
     */
    public List<KitGap> kitGaps(UUID[] branchIds, LocalDate today, int graceDays) {
        return jdbc.query("select k.id, k.name, k.window_end, array(select b.id from branch b "
                + "join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id "
                + "where b.tenant_id = k.tenant_id and b.id = any(?) and b.active "
                + "and (k.audience = 'NETWORK' or b.id = any(k.target_branch_ids) or exists (select 1 from "
                + "unnest(k.target_territory_ids) tt where t.path like '%' || tt::text || '%')) "
                + "and not exists (select 1 from campaign c where c.tenant_id = k.tenant_id and c.kit_id = k.id "
                + "and c.branch_id = b.id) and not exists (select 1 from campaign_kit_dismissal d where "
                + "d.tenant_id = k.tenant_id and d.kit_id = k.id and d.branch_id = b.id) order by b.code) as gaps "
                + "from campaign_kit k where k.tenant_id = ? and k.status = 'PUSHED' "
                + "and (k.window_end is null or k.window_end >= ?) order by k.window_end nulls last, k.name",
                (rs, i) -> {
                    java.sql.Array a = rs.getArray("gaps");
                    List<UUID> ids = new ArrayList<>(List.of((UUID[]) a.getArray()));
                    Date end = rs.getDate("window_end");
                    return new KitGap(rs.getObject("id", UUID.class), rs.getString("name"),
                            end == null ? null : end.toLocalDate(), ids);
                }, branchIds, tenant(), Date.valueOf(today.minusDays(graceDays)));
    }

    /** The last reminder that named each branch. */
    public Map<UUID, Instant> lastReminders(UUID[] branchIds) {
        Map<UUID, Instant> out = new HashMap<>();
        jdbc.query("select b, max(sent_at) from steering_reminder r, unnest(r.branch_ids) b where r.tenant_id = ? "
                + "and b = any(?) group by b", (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    out.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                }, tenant(), branchIds);
        return out;
    }

    /** Users already reminded on that day. */
    public List<UUID> remindedOn(LocalDate day) {
        return jdbc.queryForList("select user_id from steering_reminder where tenant_id = ? and sent_on = ?",
                UUID.class, tenant(), Date.valueOf(day));
    }

    /** Records a reminder; false when the user already had one that day. */
    public boolean recordReminder(UUID userId, LocalDate day, String reasons, UUID[] branchIds, UUID[] kitIds,
            String actor) {
        return jdbc.update("insert into steering_reminder (tenant_id, id, user_id, reasons, branch_ids, kit_ids, "
                + "sent_on, sent_by) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, user_id, sent_on) do nothing",
                tenant(), UUID.randomUUID(), userId, reasons, branchIds, kitIds, Date.valueOf(day), actor) == 1;
    }

    public record ReminderRow(UUID userId, Instant sentAt, String sentBy, String reasons, List<UUID> branchIds) {
    }

    public List<ReminderRow> recentReminders(int limit) {
        return jdbc.query("select user_id, sent_at, sent_by, reasons, branch_ids from steering_reminder "
                + "where tenant_id = ? order by sent_at desc limit ?", (rs, i) -> new ReminderRow(
                        rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        List.of((UUID[]) rs.getArray(5).getArray())), tenant(), limit);
    }

    // ---------------------------------------------------------------- helpers

    static Instant day(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    private static UUID tenant() {
        return TenantContext.require();
    }
}
