-- Segments: saved rule trees (HQ segments offered to every branch, or a branch's own), the per-territory permission
-- for branches to create their own, and the indexes that keep segment counts fast at millions of contacts.

create table segment (
    tenant_id        uuid          not null references tenant (id),
    id               uuid          not null,
    -- null: an HQ segment, offered to every branch; else the branch that owns it
    owner_branch_id  uuid,
    name             varchar(120)  not null,
    description      varchar(1000),
    channel          varchar(10)   not null check (channel in ('EMAIL', 'SMS')),
    -- the root group: {"kind": "group", "combinator": "ALL", "rules": [...]} (see docs/segments.md)
    definition       jsonb         not null,
    version          bigint        not null default 0,
    created_by       varchar(254)  not null,
    created_at       timestamptz   not null default now(),
    updated_by       varchar(254)  not null,
    updated_at       timestamptz   not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, owner_branch_id) references branch (tenant_id, id)
);
-- A name is unique per owner (HQ, or one branch), ignoring case.
create unique index segment_owner_name_uk on segment (tenant_id,
    coalesce(owner_branch_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
create index segment_owner_idx on segment (tenant_id, owner_branch_id);

-- "Branches of this territory may create their own segments": the nearest setting up the tree wins, none = no.
create table segment_branch_policy (
    tenant_id     uuid          not null references tenant (id),
    territory_id  uuid          not null,
    allowed       boolean       not null,
    updated_by    varchar(254)  not null,
    updated_at    timestamptz   not null default now(),
    primary key (tenant_id, territory_id),
    foreign key (tenant_id, territory_id) references territory (tenant_id, id) on delete cascade
);

-- Segment counts: a branch's reachable, consenting contacts per channel (the base set every segment starts from).
create index contact_email_audience_idx on contact (tenant_id, branch_id)
    where erased_at is null and email is not null and email_consent = 'GRANTED';
create index contact_sms_audience_idx on contact (tenant_id, branch_id)
    where erased_at is null and mobile is not null and sms_consent = 'GRANTED';
-- The loyalty tiers in use (rule builder choices), read with a skip scan instead of a pass over every contact.
create index contact_tier_idx on contact (tenant_id, loyalty_tier) where loyalty_tier is not null;

do $$
declare t text;
begin
    foreach t in array array['segment', 'segment_branch_policy'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
