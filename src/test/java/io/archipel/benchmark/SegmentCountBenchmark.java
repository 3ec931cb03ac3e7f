package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments.Combinator;
import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.NetworkCount;
import io.archipel.audience.Segments.Operator;
import io.archipel.audience.Segments.Rule;
import io.archipel.support.ArchipelTest;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Segment counts at scale: one tenant with 1,000 branches and 1M contacts (10M with
 * {@code -Dsegments.benchmark.contacts=10000000}), generated in the database with {@code generate_series} (consent
 * share, tiers, tags, dates drawn at random with a fixed seed), then ANALYZEd. For a few representative segments, in
 * the same run against the same data:
 * <ul>
 * <li>raw: the same SQL written by hand, one prepared statement on a plain JDBC connection as the table owner;</li>
 * <li>app: {@link SegmentService#count} / {@link SegmentService#countInScope} end to end (transaction, tenant setting
 * for row-level security, scope check, custom attributes read, rule check and compilation, query).</li>
 * </ul>
 * Prints the ratio app/raw, and branch-level p50/p95 over many branches. {@code ./mvnw -Pbenchmark test
 * -Dtest=SegmentCountBenchmark}; not part of verify.
 */
@ArchipelTest
class SegmentCountBenchmark {

    static final int BRANCHES = 1_000;
    static final int SAMPLED_BRANCHES = Integer.getInteger("segments.benchmark.branches", 200);
    static final int NETWORK_RUNS = Integer.getInteger("segments.benchmark.networkRuns", 5);
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    Environment env;
    @Autowired
    SegmentService segments;

    /** A segment, its definition for the service and the same rules written by hand with their parameters. */
    record Case(String name, Definition definition, String handWritten, Object[] params) {
    }

    @Test
    void segmentCounts() throws Exception {
        long contacts = Long.getLong("segments.benchmark.contacts", 1_000_000L);
        String url = env.getRequiredProperty("spring.datasource.url");
        try (Connection owner = DriverManager.getConnection(url, env.getProperty("spring.flyway.user"),
                env.getProperty("spring.flyway.password"))) {
            long t0 = System.nanoTime();
            UUID tenant = UUID.randomUUID();
            List<UUID> branchIds = seed(owner, tenant, contacts);
            System.out.printf("%nseeded %,d contacts over %,d branches in %.0f s%n", contacts, BRANCHES,
                    (System.nanoTime() - t0) / 1e9);

            LocalDate today = LocalDate.now(PARIS);
            List<Case> cases = cases(today);
            Random random = new Random(7);
            List<UUID> sample = new ArrayList<>(branchIds);
            Collections.shuffle(sample, random);
            sample = sample.subList(0, Math.min(SAMPLED_BRANCHES, sample.size()));

            System.out.printf("%n%-58s %10s %10s %8s | %9s %9s %9s %9s %8s%n", "segment (" + contacts / 1_000_000.0
                    + "M contacts)", "net raw ms", "net app ms", "ratio", "br raw p50", "br raw p95", "br app p50",
                    "br app p95", "br p50 x");
            for (Case c : cases) {
                // network: the whole tenant, grouped by branch
                String networkSql = "select c.branch_id, count(*) from contact c where c.tenant_id = ? and "
                        + BASE + " and " + c.handWritten() + " group by c.branch_id";
                long rawTotal = 0;
                long appTotal = 0;
                double[] rawNet = new double[NETWORK_RUNS];
                double[] appNet = new double[NETWORK_RUNS];
                networkRaw(owner, networkSql, tenant, c.params()); // warm-up
                networkApp(tenant, c.definition());
                for (int i = 0; i < NETWORK_RUNS; i++) {
                    long s = System.nanoTime();
                    rawTotal = networkRaw(owner, networkSql, tenant, c.params());
                    rawNet[i] = (System.nanoTime() - s) / 1e6;
                    s = System.nanoTime();
                    appTotal = networkApp(tenant, c.definition()).total();
                    appNet[i] = (System.nanoTime() - s) / 1e6;
                }
                assertThat(appTotal).as(c.name()).isEqualTo(rawTotal);

                // branch level: the same branches, raw and app interleaved
                String branchSql = "select count(*) from contact c where c.tenant_id = ? and c.branch_id = ? and "
                        + BASE + " and " + c.handWritten();
                double[] rawBranch = new double[sample.size()];
                double[] appBranch = new double[sample.size()];
                for (int i = 0; i < Math.min(20, sample.size()); i++) { // warm-up
                    branchRaw(owner, branchSql, tenant, sample.get(i), c.params());
                    branchApp(tenant, c.definition(), sample.get(i));
                }
                for (int i = 0; i < sample.size(); i++) {
                    UUID b = sample.get(i);
                    long s = System.nanoTime();
                    long raw = branchRaw(owner, branchSql, tenant, b, c.params());
                    rawBranch[i] = (System.nanoTime() - s) / 1e6;
                    s = System.nanoTime();
                    long app = branchApp(tenant, c.definition(), b);
                    appBranch[i] = (System.nanoTime() - s) / 1e6;
                    assertThat(app).as(c.name() + " in a branch").isEqualTo(raw);
                }
                System.out.printf("%-58s %10.1f %10.1f %7.2fx | %9.2f %9.2f %9.2f %9.2f %7.2fx  (%,d reached)%n",
                        c.name(), median(rawNet), median(appNet), median(appNet) / median(rawNet),
                        percentile(rawBranch, 50), percentile(rawBranch, 95), percentile(appBranch, 50),
                        percentile(appBranch, 95), percentile(appBranch, 50) / percentile(rawBranch, 50), appTotal);
            }
            explain(owner, tenant, sample.get(0), cases.get(0), today);
        }
    }

    /** The fixed audience part, by hand: not erased, e-mail reachable and consenting, not suppressed. */
    static final String BASE = "c.erased_at is null and c.email is not null and c.email_consent = 'GRANTED' "
            + "and not c.suppressed";

    static List<Case> cases(LocalDate today) {
        List<Case> out = new ArrayList<>();
        out.add(new Case("all consenting (empty root)", def(Combinator.ALL), "true", new Object[0]));
        out.add(new Case("tier IN (Gold, Platinum) + purchase <= 90 d + tag vip",
                def(Combinator.ALL, cond("loyalty_tier", Operator.IN, "Gold", "Platinum"),
                        cond("last_purchase_date", Operator.WITHIN_LAST_DAYS, "90"),
                        cond("tags", Operator.HAS_TAG, "VIP")),
                "lower(c.loyalty_tier) = any(?::text[]) and c.last_purchase_date between ?::date and ?::date "
                        + "and lower(c.tags::text)::text[] && ?::text[]",
                new Object[] {new String[] {"gold", "platinum"}, today.minusDays(90), today, new String[] {"vip"}}));
        out.add(new Case("nested OR: (Lyon + spend > 500) | birthday month | (noel/soldes + no tier)",
                def(Combinator.ANY,
                        new Group(Combinator.ALL, List.of(cond("city", Operator.EQUALS, "Lyon"),
                                cond("total_spend", Operator.GREATER_THAN, "500"))),
                        cond("birth_date", Operator.BIRTHDAY_THIS_MONTH),
                        new Group(Combinator.ALL, List.of(cond("tags", Operator.HAS_ANY_TAG, "noel", "soldes"),
                                cond("loyalty_tier", Operator.IS_NOT_SET)))),
                "((lower(c.city) = ? and c.total_spend > ?::numeric) or extract(month from c.birth_date) = ?::int "
                        + "or (lower(c.tags::text)::text[] && ?::text[] and (c.loyalty_tier is null)))",
                new Object[] {"lyon", new java.math.BigDecimal("500"), today.getMonthValue(),
                        new String[] {"noel", "soldes"}}));
        out.add(new Case("last name starts with 'mar' + spend between 100 and 300",
                def(Combinator.ALL, cond("last_name", Operator.STARTS_WITH, "Mar"),
                        cond("total_spend", Operator.BETWEEN, "100", "300")),
                "lower(c.last_name) like ? and c.total_spend between ?::numeric and ?::numeric",
                new Object[] {"mar%", new java.math.BigDecimal("100"), new java.math.BigDecimal("300")}));
        return out;
    }

    private static Definition def(Combinator combinator, Rule... rules) {
        return new Definition(Channel.EMAIL, new Group(combinator, List.of(rules)));
    }

    private static Condition cond(String field, Operator op, String... values) {
        return new Condition(field, op, Arrays.asList(values));
    }

    private long networkRaw(Connection owner, String sql, UUID tenant, Object[] params) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement(sql)) {
            ps.setObject(1, tenant);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 2, params[i]);
            }
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total += rs.getLong(2);
                }
            }
            return total;
        }
    }

    private NetworkCount networkApp(UUID tenant, Definition d) {
        NetworkCount[] out = new NetworkCount[1];
        TenantContext.runAsSystem(tenant, () -> out[0] = segments.countInScope(d));
        return out[0];
    }

    private long branchRaw(Connection owner, String sql, UUID tenant, UUID branch, Object[] params)
            throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement(sql)) {
            ps.setObject(1, tenant);
            ps.setObject(2, branch);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 3, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long branchApp(UUID tenant, Definition d, UUID branch) {
        long[] out = new long[1];
        TenantContext.runAsSystem(tenant, () -> out[0] = segments.count(d, branch));
        return out[0];
    }

    private void explain(Connection owner, UUID tenant, UUID branch, Case c, LocalDate today) throws SQLException {
        String sql = "explain (analyze, buffers, costs off) select count(*) from contact c where c.tenant_id = ? "
                + "and c.branch_id = ? and " + BASE + " and " + c.handWritten();
        try (PreparedStatement ps = owner.prepareStatement(sql)) {
            ps.setObject(1, tenant);
            ps.setObject(2, branch);
            for (int i = 0; i < c.params().length; i++) {
                ps.setObject(i + 3, c.params()[i]);
            }
            System.out.println("\nPlan of a branch-level count (" + c.name() + "):");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
        }
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * One tenant, one territory, 1,000 branches, and the contacts, written by the owner (its maintenance policy) in
     * chunks of 500,000. Branches take contacts in runs of 50 (as imports do), interleaved across the table.
     */
    private static List<UUID> seed(Connection owner, UUID tenant, long contacts) throws SQLException {
        try (var st = owner.createStatement()) {
            st.execute("insert into tenant (id, slug, name) values ('" + tenant + "', 'segbench-"
                    + tenant.toString().substring(0, 8) + "', 'Segment bench')");
            UUID territory = UUID.randomUUID();
            st.execute("insert into territory (tenant_id, id, kind, name, path) values ('" + tenant + "', '"
                    + territory + "', 'COUNTRY', 'Bench', '/" + territory + "/')");
            st.execute("""
                    insert into branch (tenant_id, id, code, name, territory_id, address_line1, postal_code, city,
                                        sender_name)
                    select '%s', gen_random_uuid(), 'B' || lpad(g::text, 4, '0'), 'Branch ' || g, '%s', g || ' rue',
                           '69001', 'Lyon', 'Bench'
                      from generate_series(1, %d) g""".formatted(tenant, territory, BRANCHES));
            st.execute("create temporary table bench_branch as select row_number() over (order by code) - 1 as n, id "
                    + "from branch where tenant_id = '" + tenant + "'");
            // Every secondary index of contact is dropped and rebuilt after the load, as a bulk build (sorted, parallel):
            // maintaining a dozen indexes row by row is most of the load time at 10M rows. The definitions are read
            // from the catalog, so the rebuilt indexes are exactly the migrated ones.
            Map<String, String> indexes = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("select indexname, indexdef from pg_indexes where schemaname = "
                    + "current_schema() and tablename = 'contact' and indexname <> 'contact_pkey'")) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), rs.getString(2));
                }
            }
            for (String name : indexes.keySet()) {
                st.execute("drop index " + name);
            }
            st.execute("select setseed(0.42)");
            long chunk = 500_000;
            for (long from = 0; from < contacts; from += chunk) {
                long to = Math.min(contacts, from + chunk) - 1;
                long s = System.nanoTime();
                st.execute("""
                        insert into contact (tenant_id, id, branch_id, email, mobile, first_name, last_name, birth_date,
                                             postal_code, city, loyalty_tier, last_purchase_date, total_spend, tags,
                                             created_at, email_consent, sms_consent, erased_at)
                        select '%s', gen_random_uuid(), b.id,
                               case when r1 < 0.92 then 'c' || g || '@bench.example' end,
                               case when r2 < 0.70 then '+336' || lpad((g %% 100000000)::text, 8, '0') end,
                               (array['Anne','Bruno','Chloé','Denis','Emma','Farid','Gaëlle','Hugo','Inès','Jules',
                                      'Karim','Léa','Marc','Nina','Olivier','Pauline','Quentin','Rose','Samir','Zoé'])
                                   [1 + (g %% 20)],
                               (array['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand',
                                      'Leroy','Moreau','Simon','Laurent','Lefebvre','Michel','Garcia','Marchand',
                                      'Marie','Mercier','Blanc','Guerin'])[1 + ((g / 20) %% 20)],
                               case when r3 < 0.80 then date '1950-01-01' + (r4 * 20000)::int end,
                               lpad((1000 + (g %% 95000))::text, 5, '0'),
                               (array['Lyon','Paris','Marseille','Nice','Lille','Nantes','Bordeaux','Toulouse',
                                      'Grenoble','Annecy'])[1 + ((g / 7) %% 10)],
                               case when r5 < 0.50 then 'Bronze' when r5 < 0.75 then 'Silver'
                                    when r5 < 0.85 then 'Gold' when r5 < 0.88 then 'Platinum' end,
                               case when r6 < 0.85 then current_date - (r7 * 1000)::int end,
                               round((r8 * 2000)::numeric, 2),
                               array_remove(array[case when r9 < 0.08 then 'VIP' end,
                                                  case when r10 < 0.30 then 'noel' end,
                                                  case when r11 < 0.25 then 'soldes' end,
                                                  case when r12 < 0.40 then 'newsletter' end], null),
                               now() - r4 * 1500 * interval '1 day',
                               case when r13 < 0.60 then 'GRANTED' when r13 < 0.70 then 'WITHDRAWN' end,
                               case when r14 < 0.40 then 'GRANTED' when r14 < 0.45 then 'WITHDRAWN' end,
                               case when r15 < 0.005 then now() end
                          from (select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                                       random() r7, random() r8, random() r9, random() r10, random() r11, random() r12,
                                       random() r13, random() r14, random() r15
                                  from generate_series(%d, %d) g) x
                          join bench_branch b on b.n = (x.g / 50) %% %d""".formatted(tenant, from, to, BRANCHES));
                System.out.printf("  contacts %,d..%,d in %.0f s%n", from, to, (System.nanoTime() - s) / 1e9);
            }
            // 1% of the addresses suppressed (unsubscribed everywhere, bounces)
            st.execute("""
                    insert into suppression (tenant_id, id, email_hash, reason, actor)
                    select tenant_id, gen_random_uuid(), email_hash, 'UNSUBSCRIBED', 'bench'
                      from contact where tenant_id = '%s' and email_hash is not null and random() < 0.01
                    on conflict do nothing""".formatted(tenant));
            st.execute("set maintenance_work_mem = '1GB'");
            for (Map.Entry<String, String> index : indexes.entrySet()) {
                long s = System.nanoTime();
                st.execute(index.getValue());
                System.out.printf("  index %s built in %.0f s%n", index.getKey(), (System.nanoTime() - s) / 1e9);
            }
            st.execute("vacuum analyze contact");
            st.execute("analyze suppression");
            st.execute("analyze branch");
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select id from bench_branch order by n")) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }
}
