-- Territory-level insights rollups (issue 7, helper Q; docs/insights-rollups.md "Territory rollups").
--
-- V27's rollups are per campaign and per branch-month: a territory dashboard at 10,000 branches still had to add up
-- ~65,000 branch-month rows and ~40,000 campaign rows per query, and to find "branches that sent" and contact bases
-- branch by branch. These tables hold the same figures per TERRITORY (every ancestor of the branch's territory,
-- itself included), so a territory reads a few hundred rows whatever the size of its subtree:
--
--   insights_territory_day        sums per (territory, dimension, day, channel); dimension 'B' = all campaigns,
--                                 'T' = per template, 'K' = per kit (dim_id = template / kit id)
--   insights_branch_last_send     per branch and (dimension, channel or '*'): the day of its latest send
--   insights_territory_last_send  per territory: how many (active / inactive) branches have their latest send on a
--                                 given day -> "branches that sent since D" = a sum over a few rows, exact whenever
--                                 the period ends on or after the latest send (the readers check, else fall back)
--   insights_territory_contact_day  insights_contact_day summed per territory
--   insights_territory_branches   active and all branches per territory
--
-- Upkeep: statement triggers on insights_campaign_rollup (kept by V27's triggers in the same transaction as the raw
-- writes) and insights_contact_day add the deltas to the ancestors; a branch that moves or is (de)activated, or a
-- territory whose path changes, rebuilds the tenant's territory rollups (insights_rebuild_territory_rollups), as the
-- figures follow the current tree. V27 never changes a campaign row's branch, day, channel, template or kit after its
-- insert; the update trigger relies on that.

-- The branch's territory on the branch-level rollup rows: a subtree (a region's league, a zone's campaigns) reads its
-- own rows by index instead of the whole tenant's. Filled on insert; rewritten when a branch moves (below).
alter table insights_campaign_rollup add column territory_id uuid;
alter table insights_branch_month add column territory_id uuid;
update insights_campaign_rollup r set territory_id = b.territory_id
  from branch b where b.tenant_id = r.tenant_id and b.id = r.branch_id;
update insights_branch_month m set territory_id = b.territory_id
  from branch b where b.tenant_id = m.tenant_id and b.id = m.branch_id;
create index insights_campaign_rollup_territory_idx on insights_campaign_rollup (tenant_id, territory_id, day);
create index insights_branch_month_territory_idx on insights_branch_month (tenant_id, territory_id, month);

-- A territory's own branches (drill-down rows, subtree leagues) without a scan of the tenant's branches.
create index branch_territory_idx on branch (tenant_id, territory_id);

create function insights_fill_territory() returns trigger language plpgsql as $$
begin
    if new.territory_id is null then
        select b.territory_id into new.territory_id from branch b
         where b.tenant_id = new.tenant_id and b.id = new.branch_id;
    end if;
    return new;
end $$;
create trigger insights_campaign_rollup_territory before insert on insights_campaign_rollup
    for each row execute function insights_fill_territory();
create trigger insights_branch_month_territory before insert on insights_branch_month
    for each row execute function insights_fill_territory();

create table insights_territory_day (
    tenant_id           uuid         not null references tenant (id),
    territory_id        uuid         not null,
    dim                 char(1)      not null,
    dim_id              uuid         not null,
    day                 date         not null,
    channel             varchar(10)  not null,
    campaigns           bigint       not null default 0,
    recipients          bigint       not null default 0,
    sent                bigint       not null default 0,
    failed              bigint       not null default 0,
    skipped             bigint       not null default 0,
    opens               bigint       not null default 0,
    unique_opens        bigint       not null default 0,
    machine_opens       bigint       not null default 0,
    human_unique_opens  bigint       not null default 0,
    clicks              bigint       not null default 0,
    unique_clicks       bigint       not null default 0,
    unsubscribes        bigint       not null default 0,
    bounces             bigint       not null default 0,
    complaints          bigint       not null default 0,
    primary key (tenant_id, territory_id, dim, dim_id, day, channel)
);
create index insights_territory_day_dim_idx on insights_territory_day (tenant_id, territory_id, dim, day);

-- The same sums per calendar month: a period's whole months read one row per month instead of ~30 day rows (the
-- partial months at its ends read the day rows).
create table insights_territory_month (
    tenant_id           uuid         not null references tenant (id),
    territory_id        uuid         not null,
    dim                 char(1)      not null,
    dim_id              uuid         not null,
    month               date         not null,
    channel             varchar(10)  not null,
    campaigns           bigint       not null default 0,
    recipients          bigint       not null default 0,
    sent                bigint       not null default 0,
    failed              bigint       not null default 0,
    skipped             bigint       not null default 0,
    opens               bigint       not null default 0,
    unique_opens        bigint       not null default 0,
    machine_opens       bigint       not null default 0,
    human_unique_opens  bigint       not null default 0,
    clicks              bigint       not null default 0,
    unique_clicks       bigint       not null default 0,
    unsubscribes        bigint       not null default 0,
    bounces             bigint       not null default 0,
    complaints          bigint       not null default 0,
    primary key (tenant_id, territory_id, dim, dim_id, month, channel)
);
create index insights_territory_month_dim_idx on insights_territory_month (tenant_id, territory_id, dim, month);

create table insights_branch_last_send (
    tenant_id   uuid         not null references tenant (id),
    branch_id   uuid         not null,
    dim         char(1)      not null,
    dim_id      uuid         not null,
    channel     varchar(10)  not null,
    last_day    date,
    primary key (tenant_id, branch_id, dim, dim_id, channel)
);

create table insights_territory_last_send (
    tenant_id     uuid         not null references tenant (id),
    territory_id  uuid         not null,
    dim           char(1)      not null,
    dim_id        uuid         not null,
    channel       varchar(10)  not null,
    active        boolean      not null,
    last_day      date         not null,
    branches      int          not null default 0,
    primary key (tenant_id, territory_id, dim, dim_id, channel, active, last_day)
);
create index insights_territory_last_send_dim_idx on insights_territory_last_send (tenant_id, territory_id, dim, channel, last_day);

create table insights_territory_contact_day (
    tenant_id        uuid    not null references tenant (id),
    territory_id     uuid    not null,
    day              date    not null,
    contacts         bigint  not null default 0,
    email_consented  bigint  not null default 0,
    sms_consented    bigint  not null default 0,
    primary key (tenant_id, territory_id, day)
);

create table insights_territory_branches (
    tenant_id        uuid    not null references tenant (id),
    territory_id     uuid    not null,
    active_branches  int     not null default 0,
    branches         int     not null default 0,
    primary key (tenant_id, territory_id)
);

do $$
declare t text;
begin
    foreach t in array array['insights_territory_day', 'insights_territory_month', 'insights_branch_last_send', 'insights_territory_last_send',
                             'insights_territory_contact_day', 'insights_territory_branches'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- A branch's territory and its ancestors, from the materialised path '/a/b/c/'.
create function insights_ancestors(p_path varchar) returns setof uuid language sql immutable as $$
    select unnest(string_to_array(trim(both '/' from p_path), '/'))::uuid
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Sums: campaign rows (or deltas of them) added to every ancestor, for all campaigns, per template and per kit.
-- p_campaigns: +1 per row inserted, -1 deleted, 0 updated; p_sign multiplies the sums.
create function insights_territory_apply(p_rows insights_campaign_rollup[], p_campaigns int, p_sign int)
    returns void language sql as $$
    insert into insights_territory_day as x (tenant_id, territory_id, dim, dim_id, day, channel, campaigns, recipients,
                                             sent, failed, skipped, opens, unique_opens, machine_opens,
                                             human_unique_opens, clicks, unique_clicks, unsubscribes, bounces, complaints)
    select r.tenant_id, a.territory_id, d.dim, d.dim_id, r.day, r.channel, p_campaigns * count(*),
           p_sign * sum(r.recipients), p_sign * sum(r.sent), p_sign * sum(r.failed), p_sign * sum(r.skipped),
           p_sign * sum(r.opens), p_sign * sum(r.unique_opens), p_sign * sum(r.machine_opens),
           p_sign * sum(r.human_unique_opens), p_sign * sum(r.clicks), p_sign * sum(r.unique_clicks),
           p_sign * sum(r.unsubscribes), p_sign * sum(r.bounces), p_sign * sum(r.complaints)
      from unnest(p_rows) r
      join branch b on b.tenant_id = r.tenant_id and b.id = r.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid), ('T', r.template_id),
                                ('K', r.kit_id)) d(dim, dim_id)
     where d.dim_id is not null
     group by r.tenant_id, a.territory_id, d.dim, d.dim_id, r.day, r.channel
     order by r.tenant_id, a.territory_id, d.dim, d.dim_id, r.day, r.channel
    on conflict (tenant_id, territory_id, dim, dim_id, day, channel) do update
       set campaigns = x.campaigns + excluded.campaigns, recipients = x.recipients + excluded.recipients,
           sent = x.sent + excluded.sent, failed = x.failed + excluded.failed, skipped = x.skipped + excluded.skipped,
           opens = x.opens + excluded.opens, unique_opens = x.unique_opens + excluded.unique_opens,
           machine_opens = x.machine_opens + excluded.machine_opens,
           human_unique_opens = x.human_unique_opens + excluded.human_unique_opens, clicks = x.clicks + excluded.clicks,
           unique_clicks = x.unique_clicks + excluded.unique_clicks, unsubscribes = x.unsubscribes + excluded.unsubscribes,
           bounces = x.bounces + excluded.bounces, complaints = x.complaints + excluded.complaints;
    insert into insights_territory_month as x (tenant_id, territory_id, dim, dim_id, month, channel, campaigns, recipients,
                                             sent, failed, skipped, opens, unique_opens, machine_opens,
                                             human_unique_opens, clicks, unique_clicks, unsubscribes, bounces, complaints)
    select r.tenant_id, a.territory_id, d.dim, d.dim_id, date_trunc('month', r.day)::date, r.channel, p_campaigns * count(*),
           p_sign * sum(r.recipients), p_sign * sum(r.sent), p_sign * sum(r.failed), p_sign * sum(r.skipped),
           p_sign * sum(r.opens), p_sign * sum(r.unique_opens), p_sign * sum(r.machine_opens),
           p_sign * sum(r.human_unique_opens), p_sign * sum(r.clicks), p_sign * sum(r.unique_clicks),
           p_sign * sum(r.unsubscribes), p_sign * sum(r.bounces), p_sign * sum(r.complaints)
      from unnest(p_rows) r
      join branch b on b.tenant_id = r.tenant_id and b.id = r.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid), ('T', r.template_id),
                                ('K', r.kit_id)) d(dim, dim_id)
     where d.dim_id is not null
     group by r.tenant_id, a.territory_id, d.dim, d.dim_id, date_trunc('month', r.day)::date, r.channel
     order by r.tenant_id, a.territory_id, d.dim, d.dim_id, date_trunc('month', r.day)::date, r.channel
    on conflict (tenant_id, territory_id, dim, dim_id, month, channel) do update
       set campaigns = x.campaigns + excluded.campaigns, recipients = x.recipients + excluded.recipients,
           sent = x.sent + excluded.sent, failed = x.failed + excluded.failed, skipped = x.skipped + excluded.skipped,
           opens = x.opens + excluded.opens, unique_opens = x.unique_opens + excluded.unique_opens,
           machine_opens = x.machine_opens + excluded.machine_opens,
           human_unique_opens = x.human_unique_opens + excluded.human_unique_opens, clicks = x.clicks + excluded.clicks,
           unique_clicks = x.unique_clicks + excluded.unique_clicks, unsubscribes = x.unsubscribes + excluded.unsubscribes,
           bounces = x.bounces + excluded.bounces, complaints = x.complaints + excluded.complaints
$$;

-- Latest send per branch and key; when it moves, the branch moves from one day to the other in its ancestors'
-- histograms. The state rows are locked (FOR UPDATE) before reading, so concurrent sends of a branch serialise.
create function insights_last_send_insert(p_rows insights_campaign_rollup[]) returns void language plpgsql as $$
begin
    insert into insights_branch_last_send (tenant_id, branch_id, dim, dim_id, channel, last_day)
    select distinct r.tenant_id, r.branch_id, d.dim, d.dim_id, c.channel, null::date
      from unnest(p_rows) r
     cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid), ('T', r.template_id),
                                ('K', r.kit_id)) d(dim, dim_id)
     cross join lateral (values (r.channel), ('*')) c(channel)
     where d.dim_id is not null
     order by 1, 2, 3, 4, 5
    on conflict do nothing;

    with k as (
        select r.tenant_id, r.branch_id, d.dim, d.dim_id, c.channel, max(r.day) as day
          from unnest(p_rows) r
         cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid), ('T', r.template_id),
                                    ('K', r.kit_id)) d(dim, dim_id)
         cross join lateral (values (r.channel), ('*')) c(channel)
         where d.dim_id is not null
         group by 1, 2, 3, 4, 5
    ), locked as (
        select s.tenant_id, s.branch_id, s.dim, s.dim_id, s.channel, s.last_day as old_day, k.day as new_day
          from insights_branch_last_send s
          join k on k.tenant_id = s.tenant_id and k.branch_id = s.branch_id and k.dim = s.dim
                and k.dim_id = s.dim_id and k.channel = s.channel
         order by s.tenant_id, s.branch_id, s.dim, s.dim_id, s.channel
           for update of s
    ), changed as (
        update insights_branch_last_send s
           set last_day = l.new_day
          from locked l
         where s.tenant_id = l.tenant_id and s.branch_id = l.branch_id and s.dim = l.dim and s.dim_id = l.dim_id
           and s.channel = l.channel and (l.old_day is null or l.new_day > l.old_day)
        returning s.tenant_id, s.branch_id, s.dim, s.dim_id, s.channel, l.old_day, l.new_day
    )
    insert into insights_territory_last_send as h (tenant_id, territory_id, dim, dim_id, channel, active, last_day,
                                                   branches)
    select c.tenant_id, a.territory_id, c.dim, c.dim_id, c.channel, b.active, v.day, sum(v.n)
      from changed c
      join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     cross join lateral (values (c.old_day, -1), (c.new_day, 1)) v(day, n)
     where v.day is not null
     group by 1, 2, 3, 4, 5, 6, 7
    having sum(v.n) <> 0
     order by 1, 2, 3, 4, 5, 6, 7
    on conflict (tenant_id, territory_id, dim, dim_id, channel, active, last_day) do update
       set branches = h.branches + excluded.branches;
end $$;

create function insights_campaign_rows_inserted() returns trigger language plpgsql as $$
begin
    perform insights_territory_apply(array(select row(n.*)::insights_campaign_rollup from new_rows n), 1, 1);
    perform insights_last_send_insert(array(select row(n.*)::insights_campaign_rollup from new_rows n));
    return null;
end $$;

-- Counters and events move: the differences (keys never change, see above).
create function insights_campaign_rows_updated() returns trigger language plpgsql as $$
begin
    perform insights_territory_apply(array(
        select row(n.tenant_id, n.campaign_id, n.branch_id, n.channel, n.template_id, n.kit_id, n.day,
                   n.recipients - o.recipients, n.sent - o.sent, n.failed - o.failed, n.skipped - o.skipped,
                   n.opens - o.opens, n.unique_opens - o.unique_opens, n.machine_opens - o.machine_opens,
                   n.human_unique_opens - o.human_unique_opens, n.clicks - o.clicks,
                   n.unique_clicks - o.unique_clicks, n.unsubscribes - o.unsubscribes, n.bounces - o.bounces,
                   n.complaints - o.complaints, n.territory_id)::insights_campaign_rollup
          from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.campaign_id = n.campaign_id
         -- a moved branch only rewrites territory_id (its territory sums are rebuilt)
         where (n.recipients, n.sent, n.failed, n.skipped, n.opens, n.unique_opens, n.machine_opens,
                n.human_unique_opens, n.clicks, n.unique_clicks, n.unsubscribes, n.bounces, n.complaints)
               is distinct from (o.recipients, o.sent, o.failed, o.skipped, o.opens, o.unique_opens, o.machine_opens,
                o.human_unique_opens, o.clicks, o.unique_clicks, o.unsubscribes, o.bounces, o.complaints)), 0, 1);
    return null;
end $$;

-- ---------------------------------------------------------------------------------------------------------------
-- Contact bases per territory.
create function insights_contact_apply(p_rows insights_contact_day[], p_sign int) returns void language sql as $$
    insert into insights_territory_contact_day as x (tenant_id, territory_id, day, contacts, email_consented,
                                                     sms_consented)
    select r.tenant_id, a.territory_id, r.day, p_sign * sum(r.contacts), p_sign * sum(r.email_consented),
           p_sign * sum(r.sms_consented)
      from unnest(p_rows) r
      join branch b on b.tenant_id = r.tenant_id and b.id = r.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     group by 1, 2, 3
     order by 1, 2, 3
    on conflict (tenant_id, territory_id, day) do update
       set contacts = x.contacts + excluded.contacts, email_consented = x.email_consented + excluded.email_consented,
           sms_consented = x.sms_consented + excluded.sms_consented
$$;

create function insights_contact_rows_inserted() returns trigger language plpgsql as $$
begin
    perform insights_contact_apply(array(select row(n.*)::insights_contact_day from new_rows n), 1);
    return null;
end $$;

create function insights_contact_rows_updated() returns trigger language plpgsql as $$
begin
    perform insights_contact_apply(array(select row(o.*)::insights_contact_day from old_rows o), -1);
    perform insights_contact_apply(array(select row(n.*)::insights_contact_day from new_rows n), 1);
    return null;
end $$;

create function insights_contact_rows_deleted() returns trigger language plpgsql as $$
begin
    perform insights_contact_apply(array(select row(o.*)::insights_contact_day from old_rows o), -1);
    return null;
end $$;

-- ---------------------------------------------------------------------------------------------------------------
-- Rebuilds (a tenant's tree changed; a campaign row deleted; the back-fill below).
create function insights_recount_branches(p_tenant uuid) returns void language sql as $$
    delete from insights_territory_branches where tenant_id = p_tenant;
    insert into insights_territory_branches (tenant_id, territory_id, active_branches, branches)
    select b.tenant_id, a.territory_id, count(*) filter (where b.active), count(*)
      from branch b
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     where b.tenant_id = p_tenant
     group by 1, 2;
$$;

create function insights_rebuild_territory_rollups(p_tenant uuid) returns void language plpgsql as $$
begin
    delete from insights_territory_day where tenant_id = p_tenant;
    delete from insights_territory_month where tenant_id = p_tenant;
    delete from insights_territory_last_send where tenant_id = p_tenant;
    delete from insights_branch_last_send where tenant_id = p_tenant;
    delete from insights_territory_contact_day where tenant_id = p_tenant;

    insert into insights_territory_day (tenant_id, territory_id, dim, dim_id, day, channel, campaigns, recipients,
                                        sent, failed, skipped, opens, unique_opens, machine_opens, human_unique_opens,
                                        clicks, unique_clicks, unsubscribes, bounces, complaints)
    select r.tenant_id, a.territory_id, d.dim, d.dim_id, r.day, r.channel, count(*), sum(r.recipients),
           sum(r.sent), sum(r.failed), sum(r.skipped), sum(r.opens), sum(r.unique_opens), sum(r.machine_opens),
           sum(r.human_unique_opens), sum(r.clicks), sum(r.unique_clicks), sum(r.unsubscribes), sum(r.bounces),
           sum(r.complaints)
      from insights_campaign_rollup r
      join branch b on b.tenant_id = r.tenant_id and b.id = r.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid), ('T', r.template_id),
                                ('K', r.kit_id)) d(dim, dim_id)
     where r.tenant_id = p_tenant and d.dim_id is not null
     group by 1, 2, 3, 4, 5, 6;

    insert into insights_territory_month (tenant_id, territory_id, dim, dim_id, month, channel, campaigns, recipients,
                                        sent, failed, skipped, opens, unique_opens, machine_opens, human_unique_opens,
                                        clicks, unique_clicks, unsubscribes, bounces, complaints)
    select r.tenant_id, a.territory_id, d.dim, d.dim_id, date_trunc('month', r.day)::date, r.channel, count(*), sum(r.recipients),
           sum(r.sent), sum(r.failed), sum(r.skipped), sum(r.opens), sum(r.unique_opens), sum(r.machine_opens),
           sum(r.human_unique_opens), sum(r.clicks), sum(r.unique_clicks), sum(r.unsubscribes), sum(r.bounces),
           sum(r.complaints)
      from insights_campaign_rollup r
      join branch b on b.tenant_id = r.tenant_id and b.id = r.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid), ('T', r.template_id),
                                ('K', r.kit_id)) d(dim, dim_id)
     where r.tenant_id = p_tenant and d.dim_id is not null
     group by 1, 2, 3, 4, 5, 6;

    insert into insights_branch_last_send (tenant_id, branch_id, dim, dim_id, channel, last_day)
    select r.tenant_id, r.branch_id, d.dim, d.dim_id, c.channel, max(r.day)
      from insights_campaign_rollup r
     cross join lateral (values ('B', '00000000-0000-0000-0000-000000000000'::uuid), ('T', r.template_id),
                                ('K', r.kit_id)) d(dim, dim_id)
     cross join lateral (values (r.channel), ('*')) c(channel)
     where r.tenant_id = p_tenant and d.dim_id is not null
     group by 1, 2, 3, 4, 5;

    insert into insights_territory_last_send (tenant_id, territory_id, dim, dim_id, channel, active, last_day, branches)
    select s.tenant_id, a.territory_id, s.dim, s.dim_id, s.channel, b.active, s.last_day, count(*)
      from insights_branch_last_send s
      join branch b on b.tenant_id = s.tenant_id and b.id = s.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     where s.tenant_id = p_tenant and s.last_day is not null
     group by 1, 2, 3, 4, 5, 6, 7;

    insert into insights_territory_contact_day (tenant_id, territory_id, day, contacts, email_consented, sms_consented)
    select c.tenant_id, a.territory_id, c.day, sum(c.contacts), sum(c.email_consented), sum(c.sms_consented)
      from insights_contact_day c
      join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id
      join territory t on t.tenant_id = b.tenant_id and t.id = b.territory_id
     cross join lateral insights_ancestors(t.path) a(territory_id)
     where c.tenant_id = p_tenant
     group by 1, 2, 3;

    perform insights_recount_branches(p_tenant);
end $$;

create function insights_campaign_rows_deleted() returns trigger language plpgsql as $$
declare t uuid;
begin
    for t in select distinct tenant_id from old_rows loop
        perform insights_rebuild_territory_rollups(t);
    end loop;
    return null;
end $$;

create trigger insights_territory_rows_inserted after insert on insights_campaign_rollup
    referencing new table as new_rows for each statement execute function insights_campaign_rows_inserted();
create trigger insights_territory_rows_updated after update on insights_campaign_rollup
    referencing old table as old_rows new table as new_rows
    for each statement execute function insights_campaign_rows_updated();
create trigger insights_territory_rows_deleted after delete on insights_campaign_rollup
    referencing old table as old_rows for each statement execute function insights_campaign_rows_deleted();

create trigger insights_territory_contacts_inserted after insert on insights_contact_day
    referencing new table as new_rows for each statement execute function insights_contact_rows_inserted();
create trigger insights_territory_contacts_updated after update on insights_contact_day
    referencing old table as old_rows new table as new_rows
    for each statement execute function insights_contact_rows_updated();
create trigger insights_territory_contacts_deleted after delete on insights_contact_day
    referencing old table as old_rows for each statement execute function insights_contact_rows_deleted();

-- The tree: new branches are counted; a branch moved, (de)activated or removed, or a territory whose path changed,
-- rebuilds the tenant's territory rollups.
create function insights_branches_inserted() returns trigger language plpgsql as $$
declare t uuid;
begin
    for t in select distinct tenant_id from new_rows loop
        perform insights_recount_branches(t);
    end loop;
    return null;
end $$;

create function insights_branches_updated() returns trigger language plpgsql as $$
declare t uuid;
begin
    update insights_campaign_rollup r set territory_id = n.territory_id
      from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
     where n.territory_id is distinct from o.territory_id and r.tenant_id = n.tenant_id and r.branch_id = n.id;
    update insights_branch_month m set territory_id = n.territory_id
      from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
     where n.territory_id is distinct from o.territory_id and m.tenant_id = n.tenant_id and m.branch_id = n.id;
    for t in select distinct n.tenant_id from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
              where n.territory_id is distinct from o.territory_id or n.active is distinct from o.active loop
        perform insights_rebuild_territory_rollups(t);
    end loop;
    return null;
end $$;

create function insights_branches_deleted() returns trigger language plpgsql as $$
declare t uuid;
begin
    for t in select distinct tenant_id from old_rows loop
        perform insights_rebuild_territory_rollups(t);
    end loop;
    return null;
end $$;

create function insights_territories_updated() returns trigger language plpgsql as $$
declare t uuid;
begin
    for t in select distinct n.tenant_id from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
              where n.path is distinct from o.path loop
        perform insights_rebuild_territory_rollups(t);
    end loop;
    return null;
end $$;

create trigger insights_branches_inserted after insert on branch
    referencing new table as new_rows for each statement execute function insights_branches_inserted();
create trigger insights_branches_updated after update on branch
    referencing old table as old_rows new table as new_rows
    for each statement execute function insights_branches_updated();
create trigger insights_branches_deleted after delete on branch
    referencing old table as old_rows for each statement execute function insights_branches_deleted();
create trigger insights_territories_updated after update on territory
    referencing old table as old_rows new table as new_rows
    for each statement execute function insights_territories_updated();

-- Back-fill every tenant.
select insights_rebuild_territory_rollups(id) from tenant;
