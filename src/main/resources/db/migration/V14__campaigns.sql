-- Campaigns (issue 5): a branch's campaign pins a published template version and keeps only the branch's values of
-- the editable parts; every status change is an immutable transition; reviewers and the branch talk in comments.
-- Autonomy policies: a network default, a template's own policy, and per-territory overrides (nullable = inherit).

create table campaign (
    tenant_id            uuid          not null references tenant (id),
    id                   uuid          not null,
    branch_id            uuid          not null,
    template_id          uuid          not null,
    template_version_id  uuid          not null,
    channel              varchar(10)   not null check (channel in ('EMAIL', 'SMS')),
    name                 varchar(120)  not null,
    status               varchar(20)   not null check (status in ('DRAFT', 'IN_REVIEW', 'CHANGES_REQUESTED',
                                           'APPROVED', 'SCHEDULED', 'SENDING', 'SENT', 'CANCELLED')),
    -- the branch's values only: {"subject": .., "preheader": .., "blocks": {id: {field: value}}, "smsParts": {id: text}}
    content              jsonb         not null default '{}',
    segment_id           uuid,
    send_at              timestamptz,
    review_due_at        timestamptz,
    escalated_at         timestamptz,
    submitted_at         timestamptz,
    approved_at          timestamptz,
    created_at           timestamptz   not null default now(),
    created_by           varchar(254)  not null,
    updated_at           timestamptz   not null default now(),
    updated_by           varchar(254)  not null,
    version              bigint        not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, branch_id) references branch (tenant_id, id),
    foreign key (tenant_id, template_id) references template (tenant_id, id),
    foreign key (tenant_id, template_version_id) references template_version (tenant_id, id),
    -- a deleted segment leaves the campaign without audience (only the segment column is cleared)
    foreign key (tenant_id, segment_id) references segment (tenant_id, id) on delete set null (segment_id)
);
create index campaign_branch_idx on campaign (tenant_id, branch_id, updated_at desc);
create index campaign_review_idx on campaign (tenant_id, review_due_at) where status = 'IN_REVIEW';
-- the weekly sending limit counts a branch's approved campaigns by send date
create index campaign_branch_send_idx on campaign (tenant_id, branch_id, send_at)
    where status in ('APPROVED', 'SCHEDULED', 'SENDING', 'SENT');
create index campaign_segment_idx on campaign (tenant_id, segment_id) where segment_id is not null;

-- Append-only: who moved the campaign from what to what, when, and why.
create table campaign_transition (
    tenant_id    uuid          not null,
    id           uuid          not null,
    campaign_id  uuid          not null,
    from_status  varchar(20),
    to_status    varchar(20)   not null,
    at           timestamptz   not null default clock_timestamp(),
    actor        varchar(254)  not null,
    actor_name   varchar(200)  not null,
    comment      varchar(4000),
    primary key (tenant_id, id),
    foreign key (tenant_id, campaign_id) references campaign (tenant_id, id) on delete cascade
);
create index campaign_transition_campaign_idx on campaign_transition (tenant_id, campaign_id, at);

-- A transition never changes and is never deleted on its own; it goes only with its campaign (cascade = depth 2).
create function campaign_transition_immutable() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
        return old;
    end if;
    raise exception 'a campaign transition is immutable';
end $$;
create trigger campaign_transition_no_change before update or delete on campaign_transition
    for each row execute function campaign_transition_immutable();

create table campaign_comment (
    tenant_id      uuid          not null,
    id             uuid          not null,
    campaign_id    uuid          not null,
    at             timestamptz   not null default clock_timestamp(),
    author         varchar(254)  not null,
    author_name    varchar(200)  not null,
    from_reviewer  boolean       not null,
    text           varchar(4000) not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, campaign_id) references campaign (tenant_id, id) on delete cascade
);
create index campaign_comment_campaign_idx on campaign_comment (tenant_id, campaign_id, at);

-- Autonomy policies. One row per level: network default (no template, no territory), a template's own policy
-- (template, no territory), a territory override of a template's policy (both; every value nullable = inherit).
create table autonomy_policy (
    tenant_id           uuid          not null references tenant (id),
    id                  uuid          not null,
    template_id         uuid,
    territory_id        uuid,
    review_mode         varchar(30)   check (review_mode in ('NEVER', 'ALWAYS', 'WHEN_FREE_TEXT_CHANGED')),
    reviewer            varchar(30)   check (reviewer in ('HQ', 'TERRITORY_VALIDATORS')),
    deadline_hours      int           check (deadline_hours between 1 and 720),
    on_expiry           varchar(30)   check (on_expiry in ('ESCALATE_TO_HQ', 'AUTO_APPROVE')),
    -- null = no limit (default, template) or inherit (override); 0 in an override = explicitly no limit
    max_sends_per_week  int           check (max_sends_per_week between 0 and 100),
    channels            text[],
    updated_at          timestamptz   not null default now(),
    updated_by          varchar(254)  not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, template_id) references template (tenant_id, id) on delete cascade,
    foreign key (tenant_id, territory_id) references territory (tenant_id, id) on delete cascade,
    -- an override belongs to a template; levels other than overrides are complete
    check (territory_id is null or template_id is not null),
    check (territory_id is not null or (review_mode is not null and reviewer is not null
        and deadline_hours is not null and on_expiry is not null and channels is not null))
);
create unique index autonomy_policy_level_uk on autonomy_policy (tenant_id,
    coalesce(template_id, '00000000-0000-0000-0000-000000000000'::uuid),
    coalesce(territory_id, '00000000-0000-0000-0000-000000000000'::uuid));

do $$
declare t text;
begin
    foreach t in array array['campaign', 'campaign_transition', 'campaign_comment', 'autonomy_policy'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- The review-expiry sweep runs without a tenant: this narrow function is its only cross-tenant read (ids only).
-- Each campaign is then handled in its own tenant's transaction, locked with FOR UPDATE SKIP LOCKED.
create function archipel_expired_campaign_reviews(p_limit int)
    returns table (tenant_id uuid, campaign_id uuid)
    language sql stable security definer set search_path = public
as $$
    select c.tenant_id, c.id from campaign c
     where c.status = 'IN_REVIEW' and c.review_due_at < now() and c.escalated_at is null
     order by c.review_due_at
     limit p_limit
$$;
