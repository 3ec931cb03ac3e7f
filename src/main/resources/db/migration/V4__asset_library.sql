-- The asset library (médiathèque): images uploaded by HQ, stored in PostgreSQL so that every instance serves them.
create table asset (
    tenant_id       uuid         not null references tenant (id),
    id              uuid         not null,
    name            varchar(120) not null,
    content_type    varchar(20)  not null check (content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    width           int          not null check (width > 0),
    height          int          not null check (height > 0),
    byte_size       bigint       not null check (byte_size > 0),
    sha256          varchar(64)  not null,
    tags            text[]       not null default '{}',
    created_by      uuid,
    created_by_name varchar(120),
    created_at      timestamptz  not null default now(),
    version         bigint       not null default 0,
    primary key (tenant_id, id)
);
-- the same file twice in one library is reused, never stored again
create unique index asset_sha256_uk on asset (tenant_id, sha256);

create table asset_content (
    tenant_id       uuid         not null references tenant (id),
    asset_id        uuid         not null,
    variant         varchar(20)  not null check (variant in ('ORIGINAL', 'THUMBNAIL')),
    content_type    varchar(20)  not null,
    bytes           bytea        not null,
    primary key (tenant_id, asset_id, variant),
    foreign key (tenant_id, asset_id) references asset (tenant_id, id) on delete cascade
);

do $$
declare t text;
begin
    foreach t in array array['asset', 'asset_content'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
