-- Audience: a branch's contacts, their consent events (immutable) and the tenant-wide suppression list.

create table contact (
    tenant_id          uuid          not null references tenant (id),
    id                 uuid          not null,
    branch_id          uuid          not null,
    email              varchar(254),
    mobile             varchar(20),
    first_name         varchar(100),
    last_name          varchar(100),
    birth_date         date,
    postal_code        varchar(20),
    city               varchar(120),
    loyalty_tier       varchar(40),
    last_purchase_date date,
    total_spend        numeric(12,2),
    tags               text[]        not null default '{}',
    attributes         jsonb         not null default '{}',
    created_at         timestamptz   not null default now(),
    updated_at         timestamptz   not null default now(),
    version            bigint        not null default 0,
    erased_at          timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, branch_id) references branch (tenant_id, id)
);
-- One contact per address and branch (erased contacts keep no address, they never collide).
create unique index contact_branch_email_uk on contact (tenant_id, branch_id, lower(email))
    where erased_at is null and email is not null;
-- Keyset pagination of a branch's list: (last name, first name, id), and across branches for HQ.
create index contact_branch_name_idx on contact (tenant_id, branch_id, lower(coalesce(last_name, '')),
    lower(coalesce(first_name, '')), id);
create index contact_name_idx on contact (tenant_id, lower(coalesce(last_name, '')), lower(coalesce(first_name, '')), id);
create index contact_branch_mobile_idx on contact (tenant_id, branch_id, mobile);
create index contact_tags_idx on contact using gin (tags);

-- Consent per channel as immutable events; the latest one per channel is the current state.
create table consent_event (
    tenant_id   uuid          not null,
    id          uuid          not null,
    contact_id  uuid          not null,
    channel     varchar(10)   not null check (channel in ('EMAIL', 'SMS')),
    state       varchar(10)   not null check (state in ('GRANTED', 'WITHDRAWN')),
    source      varchar(20)   not null check (source in ('FORM', 'IMPORT', 'API', 'UNSUBSCRIBE_LINK', 'HQ')),
    at          timestamptz   not null default clock_timestamp(),
    actor       varchar(254)  not null,
    proof       varchar(2000),
    primary key (tenant_id, id),
    foreign key (tenant_id, contact_id) references contact (tenant_id, id) on delete cascade
);
create index consent_event_contact_idx on consent_event (tenant_id, contact_id, channel, at desc);

-- A consent event never changes and is never deleted on its own; it goes only with its contact (the cascade of the
-- foreign key runs inside the referential-integrity trigger, hence at trigger depth 2).
create function consent_event_immutable() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
        return old;
    end if;
    raise exception 'a consent event is immutable';
end $$;
create trigger consent_event_no_change before update or delete on consent_event
    for each row execute function consent_event_immutable();

-- Addresses never to be mailed again anywhere in the tenant, kept as SHA-256 hashes of the normalised value.
create table suppression (
    tenant_id   uuid          not null references tenant (id),
    id          uuid          not null,
    email_hash  varchar(64),
    phone_hash  varchar(64),
    reason      varchar(20)   not null check (reason in ('UNSUBSCRIBED', 'HARD_BOUNCE', 'COMPLAINT', 'ERASED')),
    at          timestamptz   not null default now(),
    actor       varchar(254)  not null,
    primary key (tenant_id, id),
    check (email_hash is not null or phone_hash is not null)
);
create unique index suppression_email_uk on suppression (tenant_id, email_hash) where email_hash is not null;
create unique index suppression_phone_uk on suppression (tenant_id, phone_hash) where phone_hash is not null;

do $$
declare t text;
begin
    foreach t in array array['contact', 'consent_event', 'suppression'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
