#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
# Creates what tenancy/database/DatabaseRoles.java creates for the embedded database:
#   archipel_owner - owns the schema, runs the Flyway migrations (SPRING_FLYWAY_USER)
#   archipel_app   - what the application connects as (SPRING_DATASOURCE_USERNAME): not the owner, not a
#                    superuser, no BYPASSRLS, so PostgreSQL row-level security applies to every query it makes.
#   archipel       - the database, owned by archipel_owner.
# Table privileges for archipel_app come from the first migration (V1: grants + default privileges).
set -euo pipefail

: "${ARCHIPEL_OWNER_PASSWORD:?set ARCHIPEL_OWNER_PASSWORD}"
: "${ARCHIPEL_APP_PASSWORD:?set ARCHIPEL_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
     -v owner_password="$ARCHIPEL_OWNER_PASSWORD" -v app_password="$ARCHIPEL_APP_PASSWORD" <<'SQL'
create role archipel_owner login password :'owner_password' nosuperuser nobypassrls nocreaterole;
create role archipel_app login password :'app_password' nosuperuser nobypassrls nocreaterole nocreatedb;
create database archipel owner archipel_owner;
revoke all on database archipel from public;
grant connect, temporary on database archipel to archipel_app;
SQL

echo "Archipel roles and database created"
