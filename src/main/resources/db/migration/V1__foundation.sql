-- Archipel foundation: tenants, territories, branches, users, sessions, login throttling.
-- Runs as the owner role. Every tenant-owned table has tenant_id leading its keys, ENABLE + FORCE row-level security,
-- and a policy that compares tenant_id with the transaction's app.tenant_id setting.

create function archipel_current_tenant() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create table tenant (
    id              uuid primary key,
    slug            varchar(60)  not null,
    name            varchar(120) not null,
    status          varchar(20)  not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED')),
    default_locale  varchar(10)  not null default 'fr',
    created_at      timestamptz  not null default now(),
    suspended_at    timestamptz
);
create unique index tenant_slug_uk on tenant (lower(slug));

create table platform_operator (
    id              uuid primary key,
    email           varchar(254) not null,
    display_name    varchar(120) not null,
    password_hash   varchar(255) not null,
    locale          varchar(10),
    active          boolean      not null default true,
    created_at      timestamptz  not null default now()
);
create unique index platform_operator_email_uk on platform_operator (lower(email));

create table territory (
    tenant_id   uuid         not null references tenant (id),
    id          uuid         not null,
    parent_id   uuid,
    kind        varchar(20)  not null check (kind in ('COUNTRY', 'REGION', 'ZONE', 'AREA')),
    code        varchar(40),
    name        varchar(120) not null,
    -- materialised path of ids from the root, '/a/b/c/': subtree = path prefix
    path        varchar(2000) not null,
    created_at  timestamptz  not null default now(),
    version     bigint       not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, parent_id) references territory (tenant_id, id)
);
create index territory_path_idx on territory (tenant_id, path varchar_pattern_ops);
create unique index territory_sibling_name_uk on territory (tenant_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'), lower(name));

create table branch (
    tenant_id       uuid         not null references tenant (id),
    id              uuid         not null,
    code            varchar(30)  not null,
    name            varchar(120) not null,
    territory_id    uuid         not null,
    address_line1   varchar(200) not null,
    address_line2   varchar(200),
    postal_code     varchar(20)  not null,
    city            varchar(120) not null,
    country_code    varchar(2)   not null default 'FR',
    phone           varchar(40),
    email           varchar(254),
    opening_hours   varchar(1000),
    time_zone       varchar(60)  not null default 'Europe/Paris',
    sender_name     varchar(120) not null,
    active          boolean      not null default true,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    version         bigint       not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, territory_id) references territory (tenant_id, id)
);
create unique index branch_code_uk on branch (tenant_id, lower(code));

create table app_user (
    tenant_id           uuid         not null references tenant (id),
    id                  uuid         not null,
    email               varchar(254) not null,
    display_name        varchar(120) not null,
    password_hash       varchar(255) not null,
    role                varchar(30)  not null check (role in ('HQ_ADMIN', 'HQ_MARKETER', 'VALIDATOR', 'BRANCH_MANAGER', 'EXECUTIVE')),
    scope_type          varchar(20)  not null check (scope_type in ('TENANT', 'TERRITORY', 'BRANCHES')),
    scope_territory_id  uuid,
    locale              varchar(10),
    active              boolean      not null default true,
    created_at          timestamptz  not null default now(),
    last_login_at       timestamptz,
    version             bigint       not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, scope_territory_id) references territory (tenant_id, id),
    check ((scope_type = 'TERRITORY') = (scope_territory_id is not null))
);
-- One login per e-mail across the platform: the login form asks no network name.
create unique index app_user_email_uk on app_user (lower(email));

create table app_user_branch (
    -- filled from the transaction's tenant: JPA element collections cannot carry @TenantId
    tenant_id   uuid not null default archipel_current_tenant(),
    user_id     uuid not null,
    branch_id   uuid not null,
    primary key (tenant_id, user_id, branch_id),
    foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade,
    foreign key (tenant_id, branch_id) references branch (tenant_id, id)
);

-- Failed logins per e-mail (not tenant-owned: counted before anyone is known), shared by all instances.
create table login_throttle (
    email           varchar(254) primary key,
    failures        int          not null default 0,
    last_failure_at timestamptz  not null default now(),
    locked_until    timestamptz
);

-- Row-level security on every tenant-owned table.
do $$
declare t text;
begin
    foreach t in array array['territory', 'branch', 'app_user', 'app_user_branch'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        -- the owner (migrations, and the narrow SECURITY DEFINER functions below) sees every tenant
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- Login happens before the tenant is known: this narrow function is the only cross-tenant read the app role has.
create function archipel_login_lookup(p_email text)
    returns table (principal_kind text, user_id uuid, tenant_id uuid, tenant_status text, email text,
                   display_name text, password_hash text, role text, active boolean, locale text)
    language sql stable security definer set search_path = public
as $$
    select 'PLATFORM', o.id, null::uuid, null::text, o.email, o.display_name, o.password_hash,
           'PLATFORM_OPERATOR', o.active, o.locale
      from platform_operator o where lower(o.email) = lower(p_email)
    union all
    select 'TENANT', u.id, u.tenant_id, t.status, u.email, u.display_name, u.password_hash, u.role, u.active, u.locale
      from app_user u join tenant t on t.id = u.tenant_id where lower(u.email) = lower(p_email)
$$;

-- Whether an e-mail is taken anywhere (user forms give a clear message instead of a constraint error).
create function archipel_email_taken(p_email text, p_except_user uuid)
    returns boolean
    language sql stable security definer set search_path = public
as $$
    select exists (select 1 from app_user where lower(email) = lower(p_email)
                   and (p_except_user is null or id <> p_except_user))
        or exists (select 1 from platform_operator where lower(email) = lower(p_email))
$$;

-- Per-tenant counts for the platform operator's tenant list (counts only, no tenant data).
create function archipel_tenant_counts()
    returns table (tenant_id uuid, users bigint, branches bigint)
    language sql stable security definer set search_path = public
as $$
    select t.id,
           (select count(*) from app_user u where u.tenant_id = t.id),
           (select count(*) from branch b where b.tenant_id = t.id)
      from tenant t
$$;

-- Spring Session JDBC (PostgreSQL schema), so any instance serves any user.
create table spring_session (
    primary_id              char(36)     not null,
    session_id              char(36)     not null,
    creation_time           bigint       not null,
    last_access_time        bigint       not null,
    max_inactive_interval   int          not null,
    expiry_time             bigint       not null,
    principal_name          varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id  char(36)     not null,
    attribute_name      varchar(200) not null,
    attribute_bytes     bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);

grant usage on schema public to ${app_role};
grant select, insert, update, delete on all tables in schema public to ${app_role};
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
revoke all on function archipel_login_lookup(text) from public;
revoke all on function archipel_email_taken(text, uuid) from public;
revoke all on function archipel_tenant_counts() from public;
grant execute on function archipel_login_lookup(text) to ${app_role};
grant execute on function archipel_email_taken(text, uuid) to ${app_role};
grant execute on function archipel_tenant_counts() to ${app_role};
