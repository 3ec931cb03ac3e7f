-- REST API keys of a tenant (created by an HQ admin at /hq/api-keys, used as "Authorization: Bearer ark_<prefix>_<secret>").
-- Only a SHA-256 hash of the secret is stored; the public prefix finds the row before the tenant is known.

create table api_key (
    tenant_id           uuid          not null references tenant (id),
    id                  uuid          not null,
    name                varchar(80)   not null,
    -- public part of the key, unique across the platform (lookup before the tenant is known)
    prefix              varchar(16)   not null,
    -- hex SHA-256 of the secret part
    secret_hash         varchar(64)   not null,
    scope_type          varchar(20)   not null check (scope_type in ('TENANT', 'TERRITORY', 'BRANCHES')),
    scope_territory_id  uuid,
    scope_branch_id     uuid,
    created_by          varchar(254)  not null,
    created_at          timestamptz   not null default now(),
    last_used_at        timestamptz,
    revoked_at          timestamptz,
    revoked_by          varchar(254),
    version             bigint        not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, scope_territory_id) references territory (tenant_id, id),
    foreign key (tenant_id, scope_branch_id) references branch (tenant_id, id),
    check ((scope_type = 'TERRITORY') = (scope_territory_id is not null)),
    check ((scope_type = 'BRANCHES') = (scope_branch_id is not null))
);
create unique index api_key_prefix_uk on api_key (prefix);
create unique index api_key_name_uk on api_key (tenant_id, lower(name)) where revoked_at is null;

do $$
declare t text;
begin
    foreach t in array array['api_key'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- An API call names no tenant: like archipel_login_lookup, this narrow function is the only cross-tenant read of
-- api_key the app role has. It returns what authentication needs for one prefix, never a list.
create function archipel_api_key_lookup(p_prefix text)
    returns table (key_id uuid, tenant_id uuid, tenant_status text, name text, secret_hash text, revoked boolean,
                   last_used_at timestamptz)
    language sql stable security definer set search_path = public
as $$
    select k.id, k.tenant_id, t.status, k.name, k.secret_hash, k.revoked_at is not null, k.last_used_at
      from api_key k join tenant t on t.id = k.tenant_id
     where k.prefix = p_prefix
$$;
