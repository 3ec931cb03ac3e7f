-- Insights rollups (issue 7, docs/insights-rollups.md): pre-aggregated delivery and tracking figures that the
-- dashboards read instead of scanning tracking_event. Kept by triggers IN THE SAME TRANSACTION as the raw writes
-- (campaign_send counters, tracking_event batches), so they cannot drift from the raw tables.
--
-- Attribution: every figure of a campaign (sends and everything recipients did later) belongs to the day its send
-- started, in the branch's time zone. "Open rate in March" therefore means "of the campaigns sent in March", the
-- usual convention of campaign reporting (an event-day attribution would divide April's opens of March campaigns by
-- April's sends).

-- One row per sent campaign: its totals, with what the dashboards filter on carried along.
create table insights_campaign_rollup (
    tenant_id           uuid         not null references tenant (id),
    campaign_id         uuid         not null,
    branch_id           uuid         not null,
    channel             varchar(10)  not null,
    template_id         uuid,
    kit_id              uuid,
    day                 date         not null,
    recipients          int          not null default 0,
    sent                int          not null default 0,
    failed              int          not null default 0,
    skipped             int          not null default 0,
    opens               bigint       not null default 0,
    unique_opens        int          not null default 0,
    machine_opens       bigint       not null default 0,
    human_unique_opens  int          not null default 0,
    clicks              bigint       not null default 0,
    unique_clicks       int          not null default 0,
    unsubscribes        int          not null default 0,
    bounces             int          not null default 0,
    complaints          int          not null default 0,
    primary key (tenant_id, campaign_id)
);
create index insights_campaign_rollup_day_idx on insights_campaign_rollup (tenant_id, day);
create index insights_campaign_rollup_branch_idx on insights_campaign_rollup (tenant_id, branch_id, day);
create index insights_campaign_rollup_template_idx on insights_campaign_rollup (tenant_id, template_id, day);
create index insights_campaign_rollup_kit_idx on insights_campaign_rollup (tenant_id, kit_id, day) where kit_id is not null;

-- The same sums per branch, calendar month (first day) and channel, so that a territory over months reads one row per
-- branch and month instead of one per campaign. campaigns = sends started that month.
create table insights_branch_month (
    tenant_id           uuid         not null references tenant (id),
    branch_id           uuid         not null,
    month               date         not null,
    channel             varchar(10)  not null,
    campaigns           int          not null default 0,
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
    primary key (tenant_id, month, branch_id, channel)
);
create index insights_branch_month_branch_idx on insights_branch_month (tenant_id, branch_id, month);

-- The contact base of each branch at the end of a day (snapshot job, not the import hot path): contacts not erased,
-- and those consenting per channel.
create table insights_contact_day (
    tenant_id        uuid    not null references tenant (id),
    day              date    not null,
    branch_id        uuid    not null,
    contacts         int     not null default 0,
    email_consented  int     not null default 0,
    sms_consented    int     not null default 0,
    primary key (tenant_id, day, branch_id)
);
create index insights_contact_day_branch_idx on insights_contact_day (tenant_id, branch_id, day);

do $$
declare t text;
begin
    foreach t in array array['insights_campaign_rollup', 'insights_branch_month', 'insights_contact_day'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- ---------------------------------------------------------------------------------------------------------------
-- Backfill from what is already there (before the triggers exist).
insert into insights_campaign_rollup (tenant_id, campaign_id, branch_id, channel, template_id, kit_id, day,
                                      recipients, sent, failed, skipped)
select s.tenant_id, s.campaign_id, s.branch_id, s.channel, c.template_id, c.kit_id,
       (s.started_at at time zone coalesce(b.time_zone, 'Europe/Paris'))::date,
       s.recipient_count, s.sent_count, s.failed_count, s.skipped_count
  from campaign_send s
  join campaign c on c.tenant_id = s.tenant_id and c.id = s.campaign_id
  left join branch b on b.tenant_id = s.tenant_id and b.id = s.branch_id;

update insights_campaign_rollup r
   set opens = e.opens, unique_opens = e.unique_opens, machine_opens = e.machine_opens,
       human_unique_opens = e.human_unique_opens, clicks = e.clicks, unique_clicks = e.unique_clicks,
       unsubscribes = e.unsubscribes, bounces = e.bounces, complaints = e.complaints
  from (select tenant_id, campaign_id,
               count(*) filter (where kind = 'OPEN') as opens,
               count(*) filter (where kind = 'OPEN' and first_of_kind) as unique_opens,
               count(*) filter (where kind = 'OPEN' and machine_suspected) as machine_opens,
               count(distinct recipient_id) filter (where kind = 'OPEN' and not machine_suspected) as human_unique_opens,
               count(*) filter (where kind = 'CLICK') as clicks,
               count(*) filter (where kind = 'CLICK' and first_of_kind) as unique_clicks,
               count(distinct recipient_id) filter (where kind = 'UNSUBSCRIBE') as unsubscribes,
               count(*) filter (where kind = 'BOUNCE') as bounces,
               count(distinct recipient_id) filter (where kind = 'COMPLAINT') as complaints
          from tracking_event group by tenant_id, campaign_id) e
 where r.tenant_id = e.tenant_id and r.campaign_id = e.campaign_id;

insert into insights_branch_month (tenant_id, branch_id, month, channel, campaigns, recipients, sent, failed, skipped,
                                   opens, unique_opens, machine_opens, human_unique_opens, clicks, unique_clicks,
                                   unsubscribes, bounces, complaints)
select tenant_id, branch_id, date_trunc('month', day)::date, channel, count(*), sum(recipients), sum(sent),
       sum(failed), sum(skipped), sum(opens), sum(unique_opens), sum(machine_opens), sum(human_unique_opens),
       sum(clicks), sum(unique_clicks), sum(unsubscribes), sum(bounces), sum(complaints)
  from insights_campaign_rollup
 group by tenant_id, branch_id, date_trunc('month', day)::date, channel;

-- ---------------------------------------------------------------------------------------------------------------
-- Upkeep.

-- A send starts: its row (with the campaign's template and kit and the branch's day), and one more campaign in the
-- branch's month.
create function insights_send_started() returns trigger language plpgsql as $$
declare
    v_day date;
    v_template uuid;
    v_kit uuid;
begin
    select (new.started_at at time zone coalesce(b.time_zone, 'Europe/Paris'))::date into v_day
      from branch b where b.tenant_id = new.tenant_id and b.id = new.branch_id;
    v_day := coalesce(v_day, (new.started_at at time zone 'Europe/Paris')::date);
    select c.template_id, c.kit_id into v_template, v_kit
      from campaign c where c.tenant_id = new.tenant_id and c.id = new.campaign_id;
    insert into insights_campaign_rollup (tenant_id, campaign_id, branch_id, channel, template_id, kit_id, day,
                                          recipients, sent, failed, skipped)
    values (new.tenant_id, new.campaign_id, new.branch_id, new.channel, v_template, v_kit, v_day,
            new.recipient_count, new.sent_count, new.failed_count, new.skipped_count);
    insert into insights_branch_month as m (tenant_id, branch_id, month, channel, campaigns, recipients, sent, failed,
                                            skipped)
    values (new.tenant_id, new.branch_id, date_trunc('month', v_day)::date, new.channel, 1, new.recipient_count,
            new.sent_count, new.failed_count, new.skipped_count)
    on conflict (tenant_id, month, branch_id, channel) do update
       set campaigns = m.campaigns + 1, recipients = m.recipients + excluded.recipients, sent = m.sent + excluded.sent,
           failed = m.failed + excluded.failed, skipped = m.skipped + excluded.skipped;
    return null;
end $$;

-- The workers move the counters once per batch: add the deltas.
create function insights_send_counted() returns trigger language plpgsql as $$
declare
    d_recipients int := new.recipient_count - old.recipient_count;
    d_sent int := new.sent_count - old.sent_count;
    d_failed int := new.failed_count - old.failed_count;
    d_skipped int := new.skipped_count - old.skipped_count;
    v_day date;
begin
    if d_recipients = 0 and d_sent = 0 and d_failed = 0 and d_skipped = 0 then
        return null;
    end if;
    update insights_campaign_rollup
       set recipients = recipients + d_recipients, sent = sent + d_sent, failed = failed + d_failed,
           skipped = skipped + d_skipped
     where tenant_id = new.tenant_id and campaign_id = new.campaign_id
    returning day into v_day;
    if v_day is not null then
        update insights_branch_month
           set recipients = recipients + d_recipients, sent = sent + d_sent, failed = failed + d_failed,
               skipped = skipped + d_skipped
         where tenant_id = new.tenant_id and month = date_trunc('month', v_day)::date and branch_id = new.branch_id
           and channel = new.channel;
    end if;
    return null;
end $$;

-- A send removed (not done by the application today): its figures leave the month too.
create function insights_send_removed() returns trigger language plpgsql as $$
declare r insights_campaign_rollup;
begin
    delete from insights_campaign_rollup where tenant_id = old.tenant_id and campaign_id = old.campaign_id
    returning * into r;
    if r.campaign_id is not null then
        update insights_branch_month
           set campaigns = campaigns - 1, recipients = recipients - r.recipients, sent = sent - r.sent,
               failed = failed - r.failed, skipped = skipped - r.skipped, opens = opens - r.opens,
               unique_opens = unique_opens - r.unique_opens, machine_opens = machine_opens - r.machine_opens,
               human_unique_opens = human_unique_opens - r.human_unique_opens, clicks = clicks - r.clicks,
               unique_clicks = unique_clicks - r.unique_clicks, unsubscribes = unsubscribes - r.unsubscribes,
               bounces = bounces - r.bounces, complaints = complaints - r.complaints
         where tenant_id = r.tenant_id and month = date_trunc('month', r.day)::date and branch_id = r.branch_id
           and channel = r.channel;
    end if;
    return null;
end $$;

create trigger insights_send_started after insert on campaign_send
    for each row execute function insights_send_started();
create trigger insights_send_counted after update of recipient_count, sent_count, failed_count, skipped_count
    on campaign_send for each row execute function insights_send_counted();
create trigger insights_send_removed after delete on campaign_send
    for each row execute function insights_send_removed();

-- A batch of tracking events (the writer's multi-row insert, the webhook's batch, a single unsubscribe): ONE
-- aggregate over the inserted rows, one update per campaign touched and per branch month. The distinct-recipient
-- counts (human opens, unsubscribes, complaints) count a recipient once: only when no earlier event of theirs of that
-- kind exists (the writer's flushes of a tenant are serialised by an advisory lock, so "earlier" is "smaller id").
create function insights_events_added() returns trigger language plpgsql as $$
begin
    with firsts as (
        select n.tenant_id, n.campaign_id, n.recipient_id, n.kind, min(n.id) as first_id
          from new_events n
         where n.kind in ('UNSUBSCRIBE', 'COMPLAINT') or (n.kind = 'OPEN' and not n.machine_suspected)
         group by n.tenant_id, n.campaign_id, n.recipient_id, n.kind
    ), distinct_new as (
        select f.tenant_id, f.campaign_id,
               count(*) filter (where f.kind = 'OPEN') as human_unique_opens,
               count(*) filter (where f.kind = 'UNSUBSCRIBE') as unsubscribes,
               count(*) filter (where f.kind = 'COMPLAINT') as complaints
          from firsts f
         where not exists (select 1 from tracking_event t
                            where t.tenant_id = f.tenant_id and t.recipient_id = f.recipient_id and t.kind = f.kind
                              and t.id < f.first_id
                              and (f.kind <> 'OPEN' or not t.machine_suspected))
         group by f.tenant_id, f.campaign_id
    ), counted as (
        select n.tenant_id, n.campaign_id,
               count(*) filter (where n.kind = 'OPEN') as opens,
               count(*) filter (where n.kind = 'OPEN' and n.first_of_kind) as unique_opens,
               count(*) filter (where n.kind = 'OPEN' and n.machine_suspected) as machine_opens,
               count(*) filter (where n.kind = 'CLICK') as clicks,
               count(*) filter (where n.kind = 'CLICK' and n.first_of_kind) as unique_clicks,
               count(*) filter (where n.kind = 'BOUNCE') as bounces
          from new_events n
         group by n.tenant_id, n.campaign_id
    ), delta as (
        select c.*, coalesce(d.human_unique_opens, 0) as human_unique_opens,
               coalesce(d.unsubscribes, 0) as unsubscribes, coalesce(d.complaints, 0) as complaints
          from counted c
          left join distinct_new d on d.tenant_id = c.tenant_id and d.campaign_id = c.campaign_id
    ), campaigns as (
        update insights_campaign_rollup r
           set opens = r.opens + d.opens, unique_opens = r.unique_opens + d.unique_opens,
               machine_opens = r.machine_opens + d.machine_opens,
               human_unique_opens = r.human_unique_opens + d.human_unique_opens, clicks = r.clicks + d.clicks,
               unique_clicks = r.unique_clicks + d.unique_clicks, unsubscribes = r.unsubscribes + d.unsubscribes,
               bounces = r.bounces + d.bounces, complaints = r.complaints + d.complaints
          from delta d
         where r.tenant_id = d.tenant_id and r.campaign_id = d.campaign_id
        returning r.tenant_id, r.branch_id, date_trunc('month', r.day)::date as month, r.channel, d.opens,
                  d.unique_opens, d.machine_opens, d.human_unique_opens, d.clicks, d.unique_clicks, d.unsubscribes,
                  d.bounces, d.complaints
    )
    update insights_branch_month m
       set opens = m.opens + x.opens, unique_opens = m.unique_opens + x.unique_opens,
           machine_opens = m.machine_opens + x.machine_opens,
           human_unique_opens = m.human_unique_opens + x.human_unique_opens, clicks = m.clicks + x.clicks,
           unique_clicks = m.unique_clicks + x.unique_clicks, unsubscribes = m.unsubscribes + x.unsubscribes,
           bounces = m.bounces + x.bounces, complaints = m.complaints + x.complaints
      from (select tenant_id, branch_id, month, channel, sum(opens) as opens, sum(unique_opens) as unique_opens,
                   sum(machine_opens) as machine_opens, sum(human_unique_opens) as human_unique_opens,
                   sum(clicks) as clicks, sum(unique_clicks) as unique_clicks, sum(unsubscribes) as unsubscribes,
                   sum(bounces) as bounces, sum(complaints) as complaints
              from campaigns group by tenant_id, branch_id, month, channel) x
     where m.tenant_id = x.tenant_id and m.month = x.month and m.branch_id = x.branch_id and m.channel = x.channel;
    return null;
end $$;

create trigger insights_events_added after insert on tracking_event
    referencing new table as new_events
    for each statement execute function insights_events_added();

-- The contact base of the current tenant's branches at the end of each day of [p_from, p_to]: contacts created by
-- then and not erased by then; consent as it stands now (the snapshot job runs daily, so each day's row records the
-- consent of that day; days filled in later take today's consent). Returns the rows written.
create function insights_snapshot_contacts(p_from date, p_to date) returns bigint language plpgsql as $$
declare n bigint;
begin
    insert into insights_contact_day as d (tenant_id, day, branch_id, contacts, email_consented, sms_consented)
    select c.tenant_id, g.day::date, c.branch_id,
           count(*),
           count(*) filter (where c.email_consent = 'GRANTED' and c.email is not null),
           count(*) filter (where c.sms_consent = 'GRANTED' and c.mobile is not null)
      from generate_series(p_from, p_to, interval '1 day') g(day)
      join contact c on c.tenant_id = archipel_current_tenant()
                    and c.created_at < (g.day::date + 1)::timestamp at time zone 'Europe/Paris'
                    and (c.erased_at is null or c.erased_at >= (g.day::date + 1)::timestamp at time zone 'Europe/Paris')
     group by c.tenant_id, g.day, c.branch_id
    on conflict (tenant_id, day, branch_id) do update
       set contacts = excluded.contacts, email_consented = excluded.email_consented,
           sms_consented = excluded.sms_consented;
    get diagnostics n = row_count;
    return n;
end $$;
