-- Templates (e-mail and SMS): a working draft per template, immutable published versions, availability (whole
-- network or a pilot group of territories/branches, optional dates) and a history of what happened to them.
create table template (
    tenant_id        uuid          not null references tenant (id) on delete cascade,
    id               uuid          not null,
    channel          varchar(10)   not null check (channel in ('EMAIL', 'SMS')),
    name             varchar(120)  not null,
    description      varchar(500)  not null default '',
    category         varchar(20)   not null,
    draft            jsonb         not null,
    draft_updated_at timestamptz   not null default now(),
    draft_updated_by varchar(120)  not null,
    created_at       timestamptz   not null default now(),
    created_by       varchar(120)  not null,
    archived         boolean       not null default false,
    audience         varchar(10)   not null default 'NETWORK' check (audience in ('NETWORK', 'PILOT')),
    available_from   date,
    available_until  date,
    version          bigint        not null default 1,
    primary key (tenant_id, id),
    constraint template_dates check (available_until is null or available_from is null
        or available_until >= available_from)
);
create unique index template_name_idx on template (tenant_id, lower(name));

create table template_pilot_territory (
    tenant_id    uuid not null,
    template_id  uuid not null,
    territory_id uuid not null,
    primary key (tenant_id, template_id, territory_id),
    foreign key (tenant_id, template_id) references template (tenant_id, id) on delete cascade,
    foreign key (tenant_id, territory_id) references territory (tenant_id, id) on delete cascade
);

create table template_pilot_branch (
    tenant_id   uuid not null,
    template_id uuid not null,
    branch_id   uuid not null,
    primary key (tenant_id, template_id, branch_id),
    foreign key (tenant_id, template_id) references template (tenant_id, id) on delete cascade,
    foreign key (tenant_id, branch_id) references branch (tenant_id, id) on delete cascade
);

-- A published version never changes (campaigns pin it): the trigger below refuses updates.
create table template_version (
    tenant_id    uuid         not null,
    id           uuid         not null,
    template_id  uuid         not null,
    number       int          not null,
    content      jsonb        not null,
    published_at timestamptz  not null default now(),
    published_by varchar(120) not null,
    changes      jsonb        not null default '[]',
    primary key (tenant_id, id),
    unique (tenant_id, template_id, number),
    foreign key (tenant_id, template_id) references template (tenant_id, id) on delete cascade
);

create function template_version_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'a published template version is immutable';
end $$;
create trigger template_version_no_update before update on template_version
    for each row execute function template_version_immutable();

-- What happened to a template: created, published (with the version), availability changed, archived, restored.
create table template_event (
    tenant_id   uuid         not null,
    id          uuid         not null,
    template_id uuid         not null,
    kind        varchar(30)  not null,
    at          timestamptz  not null default now(),
    actor       varchar(120) not null,
    version_number int,
    details     jsonb        not null default '[]',
    primary key (tenant_id, id),
    foreign key (tenant_id, template_id) references template (tenant_id, id) on delete cascade
);
create index template_event_template_idx on template_event (tenant_id, template_id, at desc);

do $$
declare t text;
begin
    foreach t in array array['template', 'template_pilot_territory', 'template_pilot_branch', 'template_version',
                             'template_event'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
