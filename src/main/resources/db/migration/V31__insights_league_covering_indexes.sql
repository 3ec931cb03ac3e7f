-- A subtree's per-branch figures (a region's league of 1,000 branches) read by index only (issue 7,
-- docs/insights-rollups.md "League reads"):
--
-- * insights_contact_day carries its branch's territory, like the rollup rows since V29: a league reads the contact
--   bases at the period's two ends as one index range per territory of the subtree (~1,000 adjacent entries) instead
--   of one primary-key probe per branch (2 × 1,000 descents, a third of the league's time on 10,000 branches).
-- * The territory index of insights_branch_month holds the sums (INCLUDE), so the ~4,500 month rows of a region come
--   from ~100 leaf pages instead of one heap page each. The price: an update of those sums (tracking events, send
--   counters) is no longer a HOT update; measured with OpenPixelBenchmark (docs/benchmarks.md).

alter table insights_contact_day add column territory_id uuid;
update insights_contact_day c set territory_id = b.territory_id
  from branch b where b.tenant_id = c.tenant_id and b.id = c.branch_id;

-- the V29 fill (the branch's territory when the writer gives none), as for the rollup rows
create trigger insights_contact_day_territory before insert on insights_contact_day
    for each row execute function insights_fill_territory();

create index insights_contact_day_territory_idx on insights_contact_day (tenant_id, day, territory_id)
    include (branch_id, contacts, email_consented, sms_consented);

drop index insights_branch_month_territory_idx;
create index insights_branch_month_territory_idx on insights_branch_month (tenant_id, territory_id, month)
    include (branch_id, channel, campaigns, recipients, sent, failed, skipped, opens, unique_opens, machine_opens,
             human_unique_opens, clicks, unique_clicks, unsubscribes, bounces, complaints);

-- A branch that moves takes its contact snapshots along (as its rollup rows, V29); the rest unchanged.
create or replace function insights_branches_updated() returns trigger language plpgsql as $$
declare t uuid;
begin
    update insights_campaign_rollup r set territory_id = n.territory_id
      from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
     where n.territory_id is distinct from o.territory_id and r.tenant_id = n.tenant_id and r.branch_id = n.id;
    update insights_branch_month m set territory_id = n.territory_id
      from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
     where n.territory_id is distinct from o.territory_id and m.tenant_id = n.tenant_id and m.branch_id = n.id;
    update insights_contact_day c set territory_id = n.territory_id
      from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
     where n.territory_id is distinct from o.territory_id and c.tenant_id = n.tenant_id and c.branch_id = n.id;
    for t in select distinct n.tenant_id from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
              where n.territory_id is distinct from o.territory_id or n.active is distinct from o.active loop
        perform insights_rebuild_territory_rollups(t);
    end loop;
    return null;
end $$;

-- The snapshot job gives the territory itself (one join for the whole batch, not the fill trigger's look-up per row).
create or replace function insights_snapshot_contacts(p_from date, p_to date) returns bigint language plpgsql as $$
declare n bigint;
begin
    insert into insights_contact_day as d (tenant_id, day, branch_id, territory_id, contacts, email_consented,
                                           sms_consented)
    select c.tenant_id, g.day::date, c.branch_id, b.territory_id,
           count(*),
           count(*) filter (where c.email_consent = 'GRANTED' and c.email is not null),
           count(*) filter (where c.sms_consent = 'GRANTED' and c.mobile is not null)
      from generate_series(p_from, p_to, interval '1 day') g(day)
      join contact c on c.tenant_id = archipel_current_tenant()
                    and c.created_at < (g.day::date + 1)::timestamp at time zone 'Europe/Paris'
                    and (c.erased_at is null or c.erased_at >= (g.day::date + 1)::timestamp at time zone 'Europe/Paris')
      join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id
     group by c.tenant_id, g.day, c.branch_id, b.territory_id
    on conflict (tenant_id, day, branch_id) do update
       set territory_id = excluded.territory_id, contacts = excluded.contacts,
           email_consented = excluded.email_consented, sms_consented = excluded.sms_consented;
    get diagnostics n = row_count;
    return n;
end $$;
