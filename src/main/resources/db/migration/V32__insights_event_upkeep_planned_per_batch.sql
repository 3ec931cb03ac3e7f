-- The tracking-event rollup trigger (V27) made robust against plans made on stale statistics (issue 7,
-- docs/insights-rollups.md "Event upkeep: one probe per recipient").
--
-- Seen with OpenPixelBenchmark and auto_explain on a fresh database: flushes of 3,000 events took up to 17 s (32 M
-- buffer hits) and the open pixel lost a third of its throughput. The distinct-recipient look-up (NOT EXISTS, planned
-- as an anti join) read ALL the tenant's events for every recipient of the batch: the tenant was its only index
-- condition. Two causes, both mended here:
--
-- * PL/pgSQL keeps a statement without parameters on ONE generic plan per connection, made at its first batch, while
--   tracking_event may still be tiny and not yet analysed. EXECUTE plans each batch afresh (about a millisecond).
-- * Even planned afresh, the anti join was misjudged: the tenant condition spreads from the row-level-security policy
--   to the transition table, whose size is then guessed at 2 rows, and an unparameterised inner scan looks as cheap
--   as a probe. The look-up is now a correlated sub-select (LIMIT 1), which PostgreSQL cannot turn into a join: one
--   descent of tracking_event_recipient_idx (tenant, recipient, kind) per recipient and kind, whatever the estimates.
--
-- Otherwise the statement is V27's.
create or replace function insights_events_added() returns trigger language plpgsql as $$
begin
    execute $sql$
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
             where (select t.id from tracking_event t
                     where t.tenant_id = f.tenant_id and t.recipient_id = f.recipient_id and t.kind = f.kind
                       and t.id < f.first_id and (f.kind <> 'OPEN' or not t.machine_suspected)
                     limit 1) is null
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
         where m.tenant_id = x.tenant_id and m.month = x.month and m.branch_id = x.branch_id and m.channel = x.channel
    $sql$;
    return null;
end $$;
