package io.archipel.tenancy.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the two roles Archipel needs on a PostgreSQL server it administers itself (embedded mode, tests): an owner
 * that owns the schema and runs Flyway, and an application role that is neither owner nor BYPASSRLS, so row-level
 * security applies to every query the application makes. In production a DBA creates them (see README).
 */
public final class DatabaseRoles {

    public static final String DATABASE = "archipel";
    public static final String OWNER = "archipel_owner";
    public static final String APP = "archipel_app";

    private DatabaseRoles() {
    }

    /** Idempotent: safe to call at every start against the same server. */
    public static void ensure(String superuserJdbcUrl, String superuser, String superuserPassword,
            String ownerPassword, String appPassword) {
        try (Connection c = DriverManager.getConnection(superuserJdbcUrl, superuser, superuserPassword);
                Statement s = c.createStatement()) {
            s.execute(createRoleIfMissing(OWNER, ownerPassword, "NOSUPERUSER NOBYPASSRLS NOCREATEROLE"));
            s.execute(createRoleIfMissing(APP, appPassword, "NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB"));
            try (var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + DATABASE + " owner " + OWNER);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the Archipel database roles: " + e.getMessage(), e);
        }
    }

    private static String createRoleIfMissing(String role, String password, String attributes) {
        String literal = "'" + password.replace("'", "''") + "'";
        return "do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then "
                + "create role " + role + " login password " + literal + " " + attributes + "; "
                + "else alter role " + role + " login password " + literal + " " + attributes + "; end if; end $$";
    }
}
