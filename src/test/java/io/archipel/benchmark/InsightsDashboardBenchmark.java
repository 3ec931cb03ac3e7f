package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.archipel.brand.Availability;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.insights.Insights;
import io.archipel.insights.Insights.Filter;
import io.archipel.insights.InsightsQueries;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The territory dashboard's query set over a generated network of {@code benchmark.branches} (10,000) branches in a
 * tree (1 country › 10 regions › 10 zones each › branches) with {@code benchmark.campaigns} (12) campaigns per branch
 * over the period and {@code benchmark.events} (50,000,000) tracking events, run {@code benchmark.runs} (30) times
 * through {@link InsightsQueries} (the rollups) in one read-only transaction per set, as the dashboards run a page's
 * queries (then again with one transaction per query, printed apart), beside the same figures computed by raw GROUP BYs over
 * {@code tracking_event} (joined to campaign_send, branch, territory, campaign) {@code benchmark.rawRuns} (2) times in
 * the same run. Prints p50/p95 per query and for the whole set, and the ratio.
 *
 * <p>Generation (set-based SQL as the owner, in a fresh tenant): territories, branches, 20 published templates (through
 * the service), campaigns and campaign_send rows (through the rollup triggers, as real sends), then the tracking events
 * in chunks with the event trigger disabled for speed; their rollup is then filled by the same aggregate as the V27
 * backfill (the triggers' arithmetic is proven equal by InsightsRollupConsistencyTest), and the benchmark checks that
 * the rollup totals equal the raw ones. No campaign_recipient rows are generated (the dashboard reads none).
 *
 * <p>Run: {@code ./mvnw -B -ntp -Pbenchmark test -Dtest=InsightsDashboardBenchmark [-Dbenchmark.events=1000000]}.
 */
@ArchipelTest
class InsightsDashboardBenchmark {

    static final int BRANCHES = Integer.getInteger("benchmark.branches", 10_000);
    static final int CAMPAIGNS_PER_BRANCH = Integer.getInteger("benchmark.campaigns", 12);
    static final long EVENTS = Long.getLong("benchmark.events", 50_000_000L);
    static final int RUNS = Integer.getInteger("benchmark.runs", 30);
    static final int RAW_RUNS = Integer.getInteger("benchmark.rawRuns", 2);
    static final int WARMUP = Integer.getInteger("benchmark.warmup", 100);
    static final int REGIONS = 10;
    static final int ZONES_PER_REGION = 10;

    @Autowired
    TenantService tenants;
    @Autowired
    TemplateService templates;
    @Autowired
    UserAccountService users;
    @Autowired
    InsightsQueries insights;
    @Autowired
    Personas personas;
    @Autowired
    Environment env;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void dashboardFromRollupsBesideRawGroupBy() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID tenant = tenants.create("bench-" + tag, "Benchmark network " + tag, "fr");
        String admin = "bench-admin-" + tag + "@bench.example";
        TenantContext.runAsSystem(tenant, () -> {
            users.create(new UserData(admin, "Bench admin", Role.HQ_ADMIN, ScopeType.TENANT, null, Set.of(),
                    "Bench-Password-2026"));
            for (int i = 0; i < 20; i++) {
                UUID t = templates.create(TemplateChannel.EMAIL, "Bench template " + i, TemplateCategory.PROMOTION,
                        "");
                templates.publish(t, templates.get(t).version(), Availability.NETWORK);
            }
        });
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        Filter filter = Filter.lastMonths(6, today);
        long t0 = System.nanoTime();
        UUID root;
        UUID region;
        try (Connection owner = owner()) {
            UUID[] ids = generate(owner, tenant, filter);
            root = ids[0];
            region = ids[1];
        }
        double generation = (System.nanoTime() - t0) / 1e9;

        Map<String, Supplier<Object>> rollup = new LinkedHashMap<>();
        rollup.put("network totals", () -> insights.territoryFigures(null, filter));
        rollup.put("children of the root", () -> insights.children(root, filter));
        rollup.put("children of a region", () -> insights.children(region, filter));
        rollup.put("league of a region", () -> insights.league(region, filter));
        rollup.put("monthly trend", () -> insights.territoryTrend(null, Insights.Bucket.MONTH, filter));
        rollup.put("per template", () -> insights.byTemplate(null, filter));

        // as the dashboards run them (DashboardService: one read-only transaction per page), then each query in a
        // transaction of its own (a lone call, as the REST API or a fragment refresh makes)
        Map<String, List<Double>> rollupTimes = new LinkedHashMap<>();
        List<Double> rollupSets = new ArrayList<>();
        long[] blocksBefore = blocks();
        personas.runAs(admin, () -> measure(rollup, true, rollupTimes, rollupSets));
        long[] blocksAfter = blocks();
        Map<String, List<Double>> aloneTimes = new LinkedHashMap<>();
        List<Double> aloneSets = new ArrayList<>();
        personas.runAs(admin, () -> measure(rollup, false, aloneTimes, aloneSets));

        Map<String, List<Double>> rawTimes = new LinkedHashMap<>();
        List<Double> rawSets = new ArrayList<>();
        long[] rawTotals;
        try (Connection owner = owner()) {
            Map<String, String> raw = rawQueries();
            rawTotals = rawNetworkTotals(owner, tenant, filter);
            for (int run = 0; run < RAW_RUNS; run++) {
                long setStart = System.nanoTime();
                for (var q : raw.entrySet()) {
                    long s = System.nanoTime();
                    try (PreparedStatement ps = owner.prepareStatement(q.getValue())) {
                        bind(ps, tenant, filter, region);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getObject(1);
                            }
                        }
                    }
                    rawTimes.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - s) / 1e6);
                }
                rawSets.add((System.nanoTime() - setStart) / 1e6);
            }
        }

        Insights.Figures net = personas.callAs(admin, () -> insights.territoryFigures(null, filter)).figures();
        System.out.printf("RESULT generated %,d branches, %,d campaigns, %,d tracking events in %.0f s%n", BRANCHES,
                (long) BRANCHES * CAMPAIGNS_PER_BRANCH, rawTotals[0], generation);
        for (String q : rollup.keySet()) {
            List<Double> r = rollupTimes.get(q);
            List<Double> w = rawTimes.get(q);
            System.out.printf("RESULT %-22s rollups p50 %8.1f ms p95 %8.1f ms | raw GROUP BY p50 %10.1f ms p95 %10.1f ms"
                    + " | ratio (raw/rollup p50) %,.0f×%n", q, pct(r, 50), pct(r, 95), pct(w, 50), pct(w, 95),
                    pct(w, 50) / pct(r, 50));
        }
        System.out.printf("RESULT whole set (%d queries) rollups p50 %.1f ms p95 %.1f ms over %d runs | raw p50 %.1f ms"
                + " p95 %.1f ms over %d runs | ratio %,.0f×%n", rollup.size(), pct(rollupSets, 50), pct(rollupSets, 95),
                RUNS, pct(rawSets, 50), pct(rawSets, 95), RAW_RUNS, pct(rawSets, 50) / pct(rollupSets, 50));
        System.out.printf("RESULT shared buffers while measuring (one transaction per set): %,d hits, %,d reads%n",
                blocksAfter[0] - blocksBefore[0], blocksAfter[1] - blocksBefore[1]);
        System.out.printf("RESULT whole set, one transaction per query: p50 %.1f ms p95 %.1f ms over %d runs%n",
                pct(aloneSets, 50), pct(aloneSets, 95), RUNS);
        System.out.printf("RESULT network figures: rollup opens %,d unique %,d human %,d clicks %,d | raw opens %,d "
                + "unique %,d human %,d clicks %,d%n", net.opens(), net.uniqueOpens(), net.humanUniqueOpens(),
                net.clicks(), rawTotals[1], rawTotals[2], rawTotals[3], rawTotals[4]);
        assertThat(new long[] {net.opens(), net.uniqueOpens(), net.humanUniqueOpens(), net.clicks()})
                .containsExactly(rawTotals[1], rawTotals[2], rawTotals[3], rawTotals[4]);
    }

    /** Shared-buffer hits and reads of the database so far (reads: pages not in shared_buffers). */
    private long[] blocks() throws Exception {
        try (Connection owner = owner(); Statement s = owner.createStatement();
             ResultSet rs = s.executeQuery("select pg_stat_force_next_flush(), blks_hit, blks_read from pg_stat_database"
                     + " where datname = current_database()")) {
            rs.next();
            return new long[] {rs.getLong(2), rs.getLong(3)};
        }
    }

    /**
     * Runs the set {@code RUNS} times after {@code WARMUP} warm-up runs: JIT (the generation compiled other paths of
     * the same driver code), server-side prepared statements and their plans, as in a server that has been answering.
     */
    private void measure(Map<String, Supplier<Object>> queries, boolean oneTransaction, Map<String, List<Double>> times,
            List<Double> sets) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        // per measured set: its time, its slowest query and whether a collection ran during it (to read the tail)
        record SetTime(double ms, String slowest, double slowestMs, long collections) {
        }
        List<SetTime> measured = new ArrayList<>();
        for (int run = -WARMUP; run < RUNS; run++) {
            boolean counted = run >= 0;
            long gcBefore = garbageCollections();
            String[] slowest = {null};
            double[] slowestMs = {0};
            long setStart = System.nanoTime();
            Runnable set = () -> {
                for (var q : queries.entrySet()) {
                    long s = System.nanoTime();
                    q.getValue().get();
                    double ms = (System.nanoTime() - s) / 1e6;
                    if (counted) {
                        times.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(ms);
                    }
                    if (ms > slowestMs[0]) {
                        slowestMs[0] = ms;
                        slowest[0] = q.getKey();
                    }
                }
            };
            if (oneTransaction) {
                readOnly.executeWithoutResult(status -> set.run());
            } else {
                set.run();
            }
            if (counted) {
                double ms = (System.nanoTime() - setStart) / 1e6;
                sets.add(ms);
                measured.add(new SetTime(ms, slowest[0], slowestMs[0], garbageCollections() - gcBefore));
            }
        }
        System.out.printf("RESULT %s: %d garbage collections during the %d sets; the 5 slowest sets: %s%n",
                oneTransaction ? "one transaction per set" : "one transaction per query",
                measured.stream().mapToLong(SetTime::collections).sum(), sets.size(),
                measured.stream().sorted(Comparator.comparingDouble(SetTime::ms).reversed()).limit(5)
                        .map(t -> String.format("%.1f ms (%s %.1f ms%s)", t.ms(), t.slowest(), t.slowestMs(),
                                t.collections() > 0 ? ", with a collection" : ""))
                        .toList());
    }

    /** Garbage collections so far, all collectors. */
    private static long garbageCollections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum();
    }

    // ------------------------------------------------------------------------------------------------ generation

    private UUID[] generate(Connection owner, UUID tenant, Filter filter) throws Exception {
        int branchesPerZone = Math.max(1, BRANCHES / (REGIONS * ZONES_PER_REGION));
        int campaigns = BRANCHES * CAMPAIGNS_PER_BRANCH;
        long eventsPerCampaign = Math.max(1, EVENTS / campaigns);
        String t = "'" + tenant + "'::uuid";
        try (Statement s = owner.createStatement()) {
            s.execute("set synchronous_commit = off");
            s.execute("create temporary table bench_territory as select gen_random_uuid() as id, null::uuid as parent, "
                    + "'COUNTRY'::varchar as kind, 0 as n, 'France'::varchar as name");
            s.execute("insert into bench_territory select gen_random_uuid(), (select id from bench_territory), 'REGION', "
                    + "g, 'Région ' || g from generate_series(1, " + REGIONS + ") g");
            s.execute("insert into bench_territory select gen_random_uuid(), r.id, 'ZONE', r.n * 100 + g, "
                    + "'Zone ' || r.n || '-' || g from bench_territory r cross join generate_series(1, "
                    + ZONES_PER_REGION + ") g where r.kind = 'REGION'");
            s.execute("insert into territory (tenant_id, id, parent_id, kind, code, name, path) "
                    + "select " + t + ", c.id, null, 'COUNTRY', 'FR', c.name, '/' || c.id || '/' from bench_territory c "
                    + "where c.kind = 'COUNTRY'");
            s.execute("insert into territory (tenant_id, id, parent_id, kind, code, name, path) "
                    + "select " + t + ", r.id, r.parent, 'REGION', 'R' || r.n, r.name, '/' || r.parent || '/' || r.id "
                    + "|| '/' from bench_territory r where r.kind = 'REGION'");
            s.execute("insert into territory (tenant_id, id, parent_id, kind, code, name, path) "
                    + "select " + t + ", z.id, z.parent, 'ZONE', 'Z' || z.n, z.name, '/' || r.parent || '/' || r.id "
                    + "|| '/' || z.id || '/' from bench_territory z join bench_territory r on r.id = z.parent "
                    + "where z.kind = 'ZONE'");
            s.execute("create temporary table bench_branch as select gen_random_uuid() as id, z.id as territory_id, "
                    + "row_number() over () as n from bench_territory z cross join generate_series(1, "
                    + branchesPerZone + ") g where z.kind = 'ZONE'");
            s.execute("insert into branch (tenant_id, id, code, name, territory_id, address_line1, postal_code, city, "
                    + "sender_name) select " + t + ", b.id, 'B' || b.n, 'Branch ' || b.n, b.territory_id, "
                    + "'1 rue du Test', '75001', 'Paris', 'Bench' from bench_branch b");
            // campaigns spread over the period (at least a day inside it), each with its recipients and events
            s.execute("create temporary table bench_campaign as select gen_random_uuid() as id, b.id as branch_id, "
                    + "v.template_id, v.id as version_id, "
                    + "(timestamp '" + filter.from().plusDays(1) + " 10:00' + (interval '1 minute') * floor(random() * "
                    + "((date '" + filter.to() + "' - date '" + filter.from() + "' - 2) * 1440))) at time zone 'Europe/Paris'"
                    + " as started_at, row_number() over () as n, 800 + floor(random() * 400)::int as recipients "
                    + "from bench_branch b cross join generate_series(1, " + CAMPAIGNS_PER_BRANCH + ") g "
                    + "cross join lateral (select v.template_id, v.id from template_version v "
                    + "where v.tenant_id = " + t + " order by md5(b.id::text || g || v.id::text) limit 1) v");
            s.execute("create index on bench_campaign (n)");
            s.execute("insert into campaign (tenant_id, id, branch_id, template_id, template_version_id, channel, name, "
                    + "status, created_by, updated_by) select " + t + ", c.id, c.branch_id, c.template_id, c.version_id, "
                    + "'EMAIL', 'Bench campaign ' || c.n, 'SENT', 'bench', 'bench' from bench_campaign c");
            // through the V27 rollup triggers, as a real send; the territory rollups (V29) are rebuilt once at the end
            // by the function of its back-fill (one statement per campaign would each add to ~4 territories × 3)
            s.execute("alter table insights_campaign_rollup disable trigger insights_territory_rows_inserted");
            s.execute("alter table insights_campaign_rollup disable trigger insights_territory_rows_updated");
            s.execute("insert into campaign_send (tenant_id, campaign_id, branch_id, channel, state, recipient_count, "
                    + "sent_count, failed_count, skipped_count, started_at, finished_at) select " + t + ", c.id, "
                    + "c.branch_id, 'EMAIL', 'FINISHED', c.recipients, c.recipients - 3, 2, 1, c.started_at, "
                    + "c.started_at + interval '10 minutes' from bench_campaign c");
            s.execute("alter table tracking_event disable trigger insights_events_added");
            // bulk load: the secondary indexes are rebuilt after (as a bulk load would), the primary key stays
            s.execute("drop index tracking_event_campaign_idx");
            s.execute("drop index tracking_event_recipient_idx");
            try {
                int chunks = 20;
                int perChunk = (campaigns + chunks - 1) / chunks;
                for (int k = 0; k < chunks; k++) {
                    long cs = System.nanoTime();
                    // kinds by position: 75 % opens (1 in 10 by a machine), 19 % clicks, 3 % bounces,
                    // 2 % unsubscribes, 1 % complaints; recipients scattered over the campaign's audience
                    s.execute("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, link_no, "
                            + "occurred_at, first_of_kind, machine_suspected) select " + t + ", c.id, "
                            + "c.n * 10000 + (g * 7919) % c.recipients, "
                            + "case when g % 100 < 75 then 'OPEN' when g % 100 < 94 then 'CLICK' when g % 100 < 97 "
                            + "then 'BOUNCE' when g % 100 < 99 then 'UNSUBSCRIBE' else 'COMPLAINT' end, "
                            + "case when g % 100 between 75 and 93 then (g % 3)::smallint end, "
                            + "c.started_at + (interval '1 minute') * (g % 7200), "
                            + "g % 5 <> 4, g % 10 = 3 from bench_campaign c cross join generate_series(0, "
                            + (eventsPerCampaign - 1) + ") g where c.n > " + (long) k * perChunk + " and c.n <= "
                            + (long) (k + 1) * perChunk);
                    System.out.printf("benchmark: events chunk %d/%d in %.1f s%n", k + 1, chunks,
                            (System.nanoTime() - cs) / 1e9);
                }
            } finally {
                s.execute("alter table tracking_event enable trigger insights_events_added");
                long is = System.nanoTime();
                s.execute("set maintenance_work_mem = '512MB'");
                s.execute("create index tracking_event_campaign_idx on tracking_event (tenant_id, campaign_id, kind, "
                        + "occurred_at)");
                s.execute("create index tracking_event_recipient_idx on tracking_event (tenant_id, recipient_id, kind)");
                System.out.printf("benchmark: indexes rebuilt in %.1f s%n", (System.nanoTime() - is) / 1e9);
            }
            // the events' rollup: the V27 backfill's aggregate, for this tenant
            s.execute("""
                    update insights_campaign_rollup r
                       set opens = e.opens, unique_opens = e.unique_opens, machine_opens = e.machine_opens,
                           human_unique_opens = e.human_unique_opens, clicks = e.clicks, unique_clicks = e.unique_clicks,
                           unsubscribes = e.unsubscribes, bounces = e.bounces, complaints = e.complaints
                      from (select tenant_id, campaign_id,
                                   count(*) filter (where kind = 'OPEN') as opens,
                                   count(*) filter (where kind = 'OPEN' and first_of_kind) as unique_opens,
                                   count(*) filter (where kind = 'OPEN' and machine_suspected) as machine_opens,
                                   count(distinct recipient_id) filter (where kind = 'OPEN' and not machine_suspected)
                                       as human_unique_opens,
                                   count(*) filter (where kind = 'CLICK') as clicks,
                                   count(*) filter (where kind = 'CLICK' and first_of_kind) as unique_clicks,
                                   count(distinct recipient_id) filter (where kind = 'UNSUBSCRIBE') as unsubscribes,
                                   count(*) filter (where kind = 'BOUNCE') as bounces,
                                   count(distinct recipient_id) filter (where kind = 'COMPLAINT') as complaints
                              from tracking_event where tenant_id = %1$s group by tenant_id, campaign_id) e
                     where r.tenant_id = e.tenant_id and r.campaign_id = e.campaign_id
                    """.formatted(t));
            s.execute("alter table insights_campaign_rollup enable trigger insights_territory_rows_inserted");
            s.execute("alter table insights_campaign_rollup enable trigger insights_territory_rows_updated");
            // every branch's daily contact snapshot over the period and the month before it, as the snapshot job
            // keeps them (league and drill-downs read the first and last day's of the period)
            long snapshots = System.nanoTime();
            s.execute("alter table insights_contact_day disable trigger user");
            try {
                s.execute("insert into insights_contact_day (tenant_id, day, branch_id, territory_id, contacts, "
                        + "email_consented, sms_consented) select b.tenant_id, d::date, b.id, b.territory_id, "
                        + "800 + (hashtext(b.id::text) & 511) + (d::date - date '" + filter.from() + "'), 600, 300 "
                        + "from branch b cross join generate_series(date '" + filter.from().minusMonths(1)
                        + "', date '" + filter.to() + "', interval '1 day') d where b.tenant_id = " + t);
            } finally {
                s.execute("alter table insights_contact_day enable trigger user");
            }
            s.execute("vacuum analyze insights_contact_day");
            System.out.printf("benchmark: daily contact snapshots of every branch written in %.1f s%n",
                    (System.nanoTime() - snapshots) / 1e9);
            long rebuildStart = System.nanoTime();
            s.execute("select insights_rebuild_territory_rollups(" + t + ")");
            System.out.printf("benchmark: territory rollups rebuilt in %.1f s%n", (System.nanoTime() - rebuildStart) / 1e9);
            s.execute("delete from insights_branch_month where tenant_id = " + t);
            s.execute("""
                    insert into insights_branch_month (tenant_id, branch_id, month, channel, campaigns, recipients, sent,
                           failed, skipped, opens, unique_opens, machine_opens, human_unique_opens, clicks, unique_clicks,
                           unsubscribes, bounces, complaints)
                    select tenant_id, branch_id, date_trunc('month', day)::date, channel, count(*), sum(recipients),
                           sum(sent), sum(failed), sum(skipped), sum(opens), sum(unique_opens), sum(machine_opens),
                           sum(human_unique_opens), sum(clicks), sum(unique_clicks), sum(unsubscribes), sum(bounces),
                           sum(complaints)
                      from insights_campaign_rollup where tenant_id = %1$s
                     group by tenant_id, branch_id, date_trunc('month', day)::date, channel
                    """.formatted(t));
            long vs = System.nanoTime();
            s.execute("vacuum analyze tracking_event");
            System.out.printf("benchmark: rollups filled, vacuum analyze done in %.1f s%n", (System.nanoTime() - vs) / 1e9);
            s.execute("vacuum analyze insights_campaign_rollup");
            s.execute("vacuum analyze insights_branch_month");
            for (String table : List.of("insights_territory_day", "insights_territory_month", "insights_territory_last_send",
                    "insights_branch_last_send", "insights_territory_contact_day", "insights_territory_branches")) {
                s.execute("vacuum analyze " + table);
            }
            for (String table : List.of("branch", "territory", "campaign_send", "campaign")) {
                s.execute("vacuum analyze " + table);
            }
            settle(s);
            try (ResultSet rs = s.executeQuery("select (select id from bench_territory where kind = 'COUNTRY'), "
                    + "(select id from bench_territory where kind = 'REGION' and n = 1)")) {
                rs.next();
                return new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)};
            }
        }
    }

    /**
     * Measures the dashboards at rest, as they are read in a running network, not while the database still writes out
     * the rows just loaded: a checkpoint (when the embedded cluster's superuser is there), then up to two minutes for
     * the autovacuum workers the load woke to finish.
     */
    private void settle(Statement s) throws Exception {
        long start = System.nanoTime();
        // the owner may not checkpoint: the embedded cluster's superuser does
        try (Connection superuser = DriverManager.getConnection(env.getRequiredProperty("spring.datasource.url"),
                "postgres", "postgres"); Statement c = superuser.createStatement()) {
            c.execute("checkpoint");
        } catch (java.sql.SQLException e) {
            System.out.println("benchmark: no checkpoint (" + e.getMessage() + ")");
        }
        int workers = 0;
        for (int i = 0; i < 120; i++) {
            try (ResultSet rs = s.executeQuery(
                    "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")) {
                rs.next();
                workers = rs.getInt(1);
            }
            if (workers == 0) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf("benchmark: checkpoint and autovacuum settled in %.1f s (%d workers still running)%n",
                (System.nanoTime() - start) / 1e9, workers);
    }

    // ------------------------------------------------------------------------------------------------ raw

    private static final String EVENT_SUMS = """
            count(*) filter (where e.kind = 'OPEN') as opens,
            count(*) filter (where e.kind = 'OPEN' and e.first_of_kind) as unique_opens,
            count(distinct e.recipient_id) filter (where e.kind = 'OPEN' and not e.machine_suspected) as human,
            count(*) filter (where e.kind = 'CLICK') as clicks,
            count(*) filter (where e.kind = 'CLICK' and e.first_of_kind) as unique_clicks,
            count(distinct e.recipient_id) filter (where e.kind = 'UNSUBSCRIBE') as unsubscribes,
            count(*) filter (where e.kind = 'BOUNCE') as bounces""";

    private static final String RAW_FROM = """
             from tracking_event e
             join campaign_send s on s.tenant_id = e.tenant_id and s.campaign_id = e.campaign_id
             join branch b on b.tenant_id = s.tenant_id and b.id = s.branch_id
             join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
            where e.tenant_id = ? and s.started_at >= ? and s.started_at < ?""";

    /** The same figures as the rollup queries, by GROUP BY over the raw events (parameters: tenant, from, to, region). */
    private static Map<String, String> rawQueries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("network totals", "select " + EVENT_SUMS + RAW_FROM + " and ?::uuid is not null");
        q.put("children of the root", "select split_part(t.path, '/', 3) as g, " + EVENT_SUMS + RAW_FROM
                + " and ?::uuid is not null group by 1");
        q.put("children of a region", "select split_part(t.path, '/', 4) as g, " + EVENT_SUMS + RAW_FROM
                + " and t.path like '%/' || ?::text || '/%' group by 1");
        q.put("league of a region", "select b.id, " + EVENT_SUMS + RAW_FROM
                + " and t.path like '%/' || ?::text || '/%' group by 1");
        q.put("monthly trend", "select date_trunc('month', s.started_at at time zone 'Europe/Paris') as g, " + EVENT_SUMS
                + RAW_FROM + " and ?::uuid is not null group by 1");
        q.put("per template", "select c.template_id, " + EVENT_SUMS + RAW_FROM.replace("\nwhere",
                "\njoin campaign c on c.tenant_id = s.tenant_id and c.id = s.campaign_id\nwhere")
                + " and ?::uuid is not null group by 1");
        return q;
    }

    private static void bind(PreparedStatement ps, UUID tenant, Filter f, UUID region) throws Exception {
        ps.setObject(1, tenant);
        ps.setObject(2, f.from().atStartOfDay(ZoneId.of("Europe/Paris")).toOffsetDateTime());
        ps.setObject(3, f.to().plusDays(1).atStartOfDay(ZoneId.of("Europe/Paris")).toOffsetDateTime());
        ps.setObject(4, region.toString());
    }

    /** events, opens, unique opens, human unique opens (per campaign, summed), clicks of the tenant. */
    private static long[] rawNetworkTotals(Connection owner, UUID tenant, Filter f) throws Exception {
        try (PreparedStatement ps = owner.prepareStatement("""
                select sum(n), sum(opens), sum(unique_opens), sum(human), sum(clicks) from (
                  select count(*) as n, count(*) filter (where kind = 'OPEN') as opens,
                         count(*) filter (where kind = 'OPEN' and first_of_kind) as unique_opens,
                         count(distinct recipient_id) filter (where kind = 'OPEN' and not machine_suspected) as human,
                         count(*) filter (where kind = 'CLICK') as clicks
                    from tracking_event where tenant_id = ? group by campaign_id) x
                """)) {
            ps.setObject(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
            }
        }
    }

    private static double pct(List<Double> values, int p) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }

    private Connection owner() throws Exception {
        return DriverManager.getConnection(env.getRequiredProperty("spring.datasource.url"),
                env.getProperty("spring.flyway.user"), env.getProperty("spring.flyway.password"));
    }
}
