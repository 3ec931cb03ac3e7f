package io.archipel.tenancy.database;

import javax.sql.DataSource;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to run when the application's own database role could bypass row-level security (superuser, BYPASSRLS or
 * owner of the tenant tables): that misconfiguration would silently remove the second wall between tenants.
 */
@Component
@Order(0)
class RowLevelSecurityGuard implements ApplicationRunner {

    private final JdbcTemplate jdbc;

    RowLevelSecurityGuard(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void run(ApplicationArguments args) {
        Boolean unsafe = jdbc.queryForObject("""
                select r.rolsuper or r.rolbypassrls
                       or exists (select 1 from pg_tables t where t.schemaname = 'public' and t.tablename = 'app_user'
                                  and t.tableowner = current_user)
                from pg_roles r where r.rolname = current_user""", Boolean.class);
        if (Boolean.TRUE.equals(unsafe)) {
            throw new IllegalStateException("The application connects to PostgreSQL as '"
                    + jdbc.queryForObject("select current_user", String.class)
                    + "', a role that bypasses row-level security. Connect as the application role "
                    + "(not the owner, no BYPASSRLS) and migrate with SPRING_FLYWAY_USER.");
        }
    }
}
