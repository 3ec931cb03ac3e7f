-- HQ campaign kits (issue 5, "campagnes clé en main"): HQ prepares a template version + pre-filled content + a
-- suggested segment + a date window + a brief, and pushes it to the network or a pilot group of territories and
-- branches. A branch uses a kit (a campaign with kit_id) or dismisses it ("not for us"); the window ending without
-- either counts as ignored.
create table campaign_kit (
    tenant_id            uuid          not null references tenant (id),
    id                   uuid          not null,
    name                 varchar(120)  not null,
    brief                varchar(2000) not null default '',
    template_id          uuid          not null,
    -- the version the content was written for (branches get it carried over onto their latest version)
    template_version_id  uuid          not null,
    -- same shape as campaign.content: {"subject": .., "preheader": .., "blocks": {id: {field: value}}, "smsParts": {..}}
    content              jsonb         not null default '{}',
    segment_id           uuid,
    window_start         date,
    window_end           date,
    -- who it is (or will be) pushed to; frozen at push
    audience             varchar(10)   not null default 'NETWORK' check (audience in ('NETWORK', 'PILOT')),
    target_territory_ids uuid[]        not null default '{}',
    target_branch_ids    uuid[]        not null default '{}',
    status               varchar(10)   not null default 'DRAFT' check (status in ('DRAFT', 'PUSHED', 'ARCHIVED')),
    pushed_at            timestamptz,
    pushed_by            varchar(254),
    created_at           timestamptz   not null default now(),
    created_by           varchar(254)  not null,
    updated_at           timestamptz   not null default now(),
    updated_by           varchar(254)  not null,
    version              bigint        not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, template_id) references template (tenant_id, id),
    foreign key (tenant_id, template_version_id) references template_version (tenant_id, id),
    foreign key (tenant_id, segment_id) references segment (tenant_id, id) on delete set null (segment_id),
    constraint campaign_kit_window check (window_end is null or window_start is null or window_end >= window_start),
    constraint campaign_kit_pushed check (status <> 'PUSHED' or pushed_at is not null)
);
-- HQ list (active / archived, most recently updated first) and branch offers (pushed kits by window end)
create index campaign_kit_status_idx on campaign_kit (tenant_id, status, updated_at desc);
create index campaign_kit_offer_idx on campaign_kit (tenant_id, window_end) where status = 'PUSHED';
create index campaign_kit_segment_idx on campaign_kit (tenant_id, segment_id) where segment_id is not null;

-- A branch saying "not for us" to a pushed kit (once per kit and branch).
create table campaign_kit_dismissal (
    tenant_id  uuid          not null,
    kit_id     uuid          not null,
    branch_id  uuid          not null,
    at         timestamptz   not null default now(),
    by_user    varchar(254)  not null,
    reason     varchar(500),
    primary key (tenant_id, kit_id, branch_id),
    foreign key (tenant_id, kit_id) references campaign_kit (tenant_id, id) on delete cascade,
    foreign key (tenant_id, branch_id) references branch (tenant_id, id) on delete cascade
);
create index campaign_kit_dismissal_branch_idx on campaign_kit_dismissal (tenant_id, branch_id);

-- A campaign started from a kit keeps existing when the kit goes (only its kit_id is cleared).
alter table campaign add constraint campaign_kit_fk foreign key (tenant_id, kit_id)
    references campaign_kit (tenant_id, id) on delete set null (kit_id);

do $$
declare t text;
begin
    foreach t in array array['campaign_kit', 'campaign_kit_dismissal'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
