package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.archipel.support.ArchipelTest;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * What the two tenancy walls cost on the hottest kind of read: one tenant's branches out of 100,000 rows of 200
 * tenants. Three ways, in the same run, against the same database:
 * <ol>
 * <li>baseline: the bare SQL query with an explicit {@code where tenant_id = ?}, as the table owner, one statement;</li>
 * <li>RLS: what the application role does: a transaction, {@code set_config('app.tenant_id')}, the query without a
 * where clause (the policy adds it);</li>
 * <li>app: {@link BranchService#visibleBranches()} end to end (transaction, set_config, Hibernate with @TenantId,
 * scope check, territory names).</li>
 * </ol>
 * Prints time per read and the ratio to the baseline. Run with {@code ./mvnw -Pbenchmark test}; not part of verify.
 */
@ArchipelTest
class RowLevelSecurityBenchmark {

    static final int TENANTS = 200;
    static final int BRANCHES_PER_TENANT = 500;
    static final int WARMUP = 300;
    static final int ROUNDS = 1_000;
    static final int PASSES = 3;

    @Autowired
    Environment env;
    @Autowired
    BranchService branches;

    @Test
    void tenantScopedReads() throws Exception {
        String url = env.getRequiredProperty("spring.datasource.url");
        try (Connection owner = DriverManager.getConnection(url, env.getProperty("spring.flyway.user"),
                env.getProperty("spring.flyway.password"));
                Connection app = DriverManager.getConnection(url, env.getProperty("spring.datasource.username"),
                        env.getProperty("spring.datasource.password"))) {
            List<UUID> tenants = seed(owner);

            PreparedStatement bare = owner.prepareStatement(
                    "select * from branch where tenant_id = ? order by name");
            Read baseline = tenant -> {
                bare.setObject(1, tenant);
                return count(bare.executeQuery());
            };

            app.setAutoCommit(false);
            PreparedStatement setTenant = app.prepareStatement("select set_config('app.tenant_id', ?, true)");
            PreparedStatement policed = app.prepareStatement("select * from branch order by name");
            Read rls = tenant -> {
                setTenant.setString(1, tenant.toString());
                setTenant.execute();
                int n = count(policed.executeQuery());
                app.commit();
                return n;
            };

            Read application = tenant -> {
                int[] n = new int[1];
                TenantContext.runAsSystem(tenant, () -> n[0] = branches.visibleBranches().size());
                return n[0];
            };

            // three interleaved passes, best of each: no way gets the warm cache the others lacked
            double base = Double.MAX_VALUE;
            double viaRls = Double.MAX_VALUE;
            double viaApp = Double.MAX_VALUE;
            for (int pass = 1; pass <= PASSES; pass++) {
                base = Math.min(base, measure("baseline (bare SQL, where tenant_id = ?)", baseline, tenants));
                viaRls = Math.min(viaRls, measure("RLS (app role, set_config, policy)", rls, tenants));
                viaApp = Math.min(viaApp, measure("app (BranchService.visibleBranches)", application, tenants));
            }
            System.out.printf("%nRESULT rls/baseline = %.2fx, app/baseline = %.2fx (%d tenants x %d branches, %d reads each, best of 3 passes)%n",
                    viaRls / base, viaApp / base, TENANTS, BRANCHES_PER_TENANT, ROUNDS * PASSES);
        }
    }

    interface Read {
        int rows(UUID tenant) throws SQLException;
    }

    private double measure(String label, Read read, List<UUID> tenants) throws SQLException {
        for (int i = 0; i < WARMUP; i++) {
            assertThat(read.rows(pick(tenants))).isEqualTo(BRANCHES_PER_TENANT);
        }
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(read.rows(pick(tenants))).isEqualTo(BRANCHES_PER_TENANT);
        }
        double microsPerRead = (System.nanoTime() - start) / 1_000.0 / ROUNDS;
        System.out.printf("%-45s %8.1f µs/read%n", label, microsPerRead);
        return microsPerRead;
    }

    private static UUID pick(List<UUID> tenants) {
        return tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
    }

    private static int count(ResultSet rs) throws SQLException {
        int n = 0;
        try (rs) {
            while (rs.next()) {
                rs.getString("name");
                n++;
            }
        }
        return n;
    }

    /** 200 tenants with one territory and 500 branches each, written by the owner (its maintenance policy). */
    private static List<UUID> seed(Connection owner) throws SQLException {
        try (var st = owner.createStatement()) {
            st.execute("""
                    with t as (
                        insert into tenant (id, slug, name)
                        select gen_random_uuid(), 'bench-' || g, 'Bench ' || g from generate_series(1, %d) g
                        returning id),
                    tr as (
                        insert into territory (tenant_id, id, kind, name, path)
                        select t.id, x.tid, 'COUNTRY', 'Bench country', '/' || x.tid || '/'
                          from t cross join lateral (select gen_random_uuid() as tid, t.id as owner_id) x
                        returning tenant_id, id)
                    insert into branch (tenant_id, id, code, name, territory_id, address_line1, postal_code, city,
                                        sender_name)
                    select tr.tenant_id, gen_random_uuid(), 'B' || g, 'Branch ' || g, tr.id, g || ' rue de la Paix',
                           '75002', 'Paris', 'Bench'
                      from tr cross join generate_series(1, %d) g""".formatted(TENANTS, BRANCHES_PER_TENANT));
            st.execute("analyze tenant; analyze territory; analyze branch");
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select id from tenant where slug like 'bench-%'")) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }
}
