package io.archipel.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.archipel.support.ArchipelTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the PostgreSQL catalogue: every table with a tenant_id column must have row-level security enabled and
 * forced, and a policy that compares tenant_id with the transaction's tenant. A new table without them fails here.
 */
@ArchipelTest
class RowLevelSecurityCatalogueTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyTenantTableHasForcedRowLevelSecurityAndATenantPolicy() {
        List<Map<String, Object>> tables = jdbc.queryForList("""
                select c.relname as table_name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                       exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
                               and p.qual like '%tenant_id%archipel_current_tenant()%'
                               and p.with_check like '%tenant_id%archipel_current_tenant()%') as has_policy
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p')
                   and exists (select 1 from information_schema.columns col where col.table_schema = 'public'
                               and col.table_name = c.relname and col.column_name = 'tenant_id')
                 order by 1""");

        assertThat(tables).extracting(t -> t.get("table_name"))
                .contains("territory", "branch", "app_user", "app_user_branch");
        assertThat(tables).allSatisfy(t -> {
            assertThat(t.get("enabled")).as("RLS enabled on %s", t.get("table_name")).isEqualTo(true);
            assertThat(t.get("forced")).as("RLS forced on %s", t.get("table_name")).isEqualTo(true);
            assertThat(t.get("has_policy")).as("tenant policy on %s", t.get("table_name")).isEqualTo(true);
        });
    }

    @Test
    void theApplicationRoleCannotBypassRowLevelSecurity() {
        Map<String, Object> role = jdbc.queryForMap(
                "select rolsuper, rolbypassrls from pg_roles where rolname = current_user");
        assertThat(role.get("rolsuper")).isEqualTo(false);
        assertThat(role.get("rolbypassrls")).isEqualTo(false);
        assertThat(jdbc.queryForObject("select count(*) from pg_tables where schemaname = 'public' "
                + "and tableowner = current_user", Long.class)).isZero();
    }

    @Test
    void withoutATenantInTheTransactionNoTenantRowIsVisible() {
        assertThat(jdbc.queryForObject("select count(*) from branch", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from app_user", Long.class)).isZero();
    }
}
