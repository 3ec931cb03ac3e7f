-- Contact imports (issue 4): the uploaded file (in PostgreSQL, so any instance can run the job), the job itself
-- (a queue row claimed with FOR UPDATE SKIP LOCKED, with a lease that another instance takes over when it expires),
-- the rejected rows, and the column mapping each branch used last (suggested for its next file).

create table contact_import (
    tenant_id          uuid          not null references tenant (id),
    id                 uuid          not null,
    branch_id          uuid,                          -- null: a multi-branch HQ import (BRANCH_CODE column)
    file_name          varchar(255)  not null,
    size_bytes         bigint        not null,
    sha256             varchar(64)   not null,
    charset            varchar(40)   not null,
    bom                boolean       not null,
    delimiter          varchar(1)    not null,
    has_header         boolean       not null,
    header             jsonb         not null,        -- column names (or "Column 1"...)
    sample             jsonb         not null,        -- up to 10 rows for the preview
    status             varchar(10)   not null default 'STAGED'
                           check (status in ('STAGED', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    mapping            jsonb,
    lawful_basis       varchar(2000),
    allowed_branch_ids uuid[],                        -- multi-branch: the branches in the starter's scope
    created_by_id      uuid,
    created_by_name    varchar(254)  not null,
    created_by_email   varchar(254)  not null,
    created_at         timestamptz   not null default now(),
    queued_at          timestamptz,
    started_at         timestamptz,
    finished_at        timestamptz,
    rows_total         bigint,
    rows_processed     bigint        not null default 0,
    created_count      bigint        not null default 0,
    updated_count      bigint        not null default 0,
    rejected_count     bigint        not null default 0,
    consent_events     bigint        not null default 0,
    suppressed_rows    bigint        not null default 0,
    last_applied_line  bigint        not null default 0,
    cancel_requested   boolean       not null default false,
    lease_owner        varchar(100),
    lease_until        timestamptz,
    attempts           int           not null default 0,
    failure_key        varchar(120),
    failure_args       text[]        not null default '{}',
    version            bigint        not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, branch_id) references branch (tenant_id, id)
);
create index contact_import_recent_idx on contact_import (tenant_id, created_at desc);
create index contact_import_branch_idx on contact_import (tenant_id, branch_id, created_at desc);
create index contact_import_queue_idx on contact_import (status, lease_until) where status in ('QUEUED', 'RUNNING');

-- The file's bytes in ~1 MB chunks, deleted with the import.
create table contact_import_file (
    tenant_id  uuid    not null,
    import_id  uuid    not null,
    seq        int     not null,
    data       bytea   not null,
    primary key (tenant_id, import_id, seq),
    foreign key (tenant_id, import_id) references contact_import (tenant_id, id) on delete cascade
);

-- One row per rejected file row: why (message key + args, rendered in the reader's language) and its cells.
create table contact_import_rejection (
    tenant_id    uuid          not null,
    import_id    uuid          not null,
    line_number  bigint        not null,
    reason_key   varchar(120)  not null,
    reason_args  text[]        not null default '{}',
    cells        text[]        not null default '{}',
    primary key (tenant_id, import_id, line_number),
    foreign key (tenant_id, import_id) references contact_import (tenant_id, id) on delete cascade
);
create index contact_import_rejection_reason_idx on contact_import_rejection (tenant_id, import_id, reason_key);

-- The mapping a branch (or HQ's multi-branch imports: branch_key 'multi') used last, per normalised column name.
create table contact_import_memory (
    tenant_id      uuid          not null references tenant (id),
    branch_key     varchar(40)   not null,
    header_name    varchar(200)  not null,
    target         varchar(30)   not null,
    attribute_key  varchar(40),
    updated_at     timestamptz   not null default now(),
    primary key (tenant_id, branch_key, header_name)
);

-- Which import (and file line) last wrote a contact: a later row of the same file hitting the same contact is a
-- duplicate of that line, found in the database instead of in a memory that grows with the file.
alter table contact
    add column import_id   uuid,
    add column import_line bigint;

-- The current consent columns (V9) stay derived from the events by the statement-level trigger, which now rewrites a
-- contact only when its stored state differs from its latest event's. An import inserts new contacts (and updates
-- existing ones) with the state of the events it inserts right after in the same transaction, so the trigger finds
-- them right and does not write every imported contact a second (and third) time: each row version costs all the
-- contact indexes (trigram index included). Anyone else inserting events is served exactly as before.
create or replace function contact_consent_state() returns trigger language plpgsql as $$
begin
    update contact c set email_consent = l.state
      from (select distinct n.tenant_id, n.contact_id from inserted n where n.channel = 'EMAIL') t
      cross join lateral (select e.state from consent_event e
                           where e.tenant_id = t.tenant_id and e.contact_id = t.contact_id and e.channel = 'EMAIL'
                           order by e.at desc, e.id desc limit 1) l
     where c.tenant_id = t.tenant_id and c.id = t.contact_id and c.email_consent is distinct from l.state;
    update contact c set sms_consent = l.state
      from (select distinct n.tenant_id, n.contact_id from inserted n where n.channel = 'SMS') t
      cross join lateral (select e.state from consent_event e
                           where e.tenant_id = t.tenant_id and e.contact_id = t.contact_id and e.channel = 'SMS'
                           order by e.at desc, e.id desc limit 1) l
     where c.tenant_id = t.tenant_id and c.id = t.contact_id and c.sms_consent is distinct from l.state;
    return null;
end $$;

do $$
declare t text;
begin
    foreach t in array array['contact_import', 'contact_import_file', 'contact_import_rejection',
                             'contact_import_memory'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- The background runner does not know the tenant before it has a job: this narrow function is its only
-- cross-tenant access. It claims one queued import, or a running one whose lease expired (its instance died), and
-- returns only the ids; the job then runs with its tenant's context like any other code.
create function archipel_claim_contact_import(p_owner text, p_lease_seconds int)
    returns table (tenant_id uuid, import_id uuid)
    language sql volatile security definer set search_path = public
as $$
    update contact_import i
       set status = 'RUNNING', lease_owner = p_owner,
           lease_until = now() + make_interval(secs => p_lease_seconds),
           started_at = coalesce(i.started_at, now()), attempts = i.attempts + 1
     where (i.tenant_id, i.id) = (select j.tenant_id, j.id from contact_import j
                                   where j.status = 'QUEUED' or (j.status = 'RUNNING' and j.lease_until < now())
                                   order by j.queued_at nulls last
                                   limit 1 for update skip locked)
    returning i.tenant_id, i.id
$$;
revoke all on function archipel_claim_contact_import(text, int) from public;
grant execute on function archipel_claim_contact_import(text, int) to ${app_role};
