-- Imports and audiences at scale (issue 4 benchmarks).

-- Imports grow the contact table by thousands of rows per batch. Until autovacuum next analyzes it (up to a minute
-- later), the planner believes a freshly filled table is nearly empty and turns the batch's per-row index probes
-- into sequential scans: one 5,000-row batch took 31 s instead of 50 ms in the import benchmark. The import refreshes
-- the statistics itself when it has changed a large share of the table; ANALYZE needs the table owner, so this
-- narrow function (no argument, fixed tables) runs it with the owner's rights.
create function archipel_refresh_audience_statistics()
    returns void
    language plpgsql volatile security definer set search_path = public
as $$
begin
    analyze contact;
    analyze consent_event;
end $$;
revoke all on function archipel_refresh_audience_statistics() from public;
grant execute on function archipel_refresh_audience_statistics() to ${app_role};

-- A contact's branch (tenant_id, branch_id) already references a branch of the same tenant, which references the
-- tenant: the separate reference to the tenant was a second integrity check on every contact insert for nothing.
alter table contact drop constraint contact_tenant_id_fkey;

-- The statement-level consent trigger (V9, V10) re-derives each touched contact's current state from its latest
-- event. An import writes that state with the contact and inserts the matching events right after, in the same
-- transaction; it says so with a transaction-local setting just for that statement, and the trigger then skips a
-- verification that costs two index probes per event. Everyone else is served exactly as before.
create or replace function contact_consent_state() returns trigger language plpgsql as $$
begin
    if current_setting('archipel.consent_state_written', true) = 'on' then
        return null;
    end if;
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

-- "Suppressed" (the contact's address or number is on the tenant's suppression list) is kept on the contact row, like
-- the consent state. Audience queries then filter one column instead of anti-joining the suppression list. The
-- anti-join was fast with good estimates, but under row-level security the planner does not use column statistics
-- with operators that are not leakproof (numeric and date comparisons, lower(...) LIKE): it estimates "1 row" for a
-- few rules and picked a nested loop that read the whole suppression list once per contact — a network count at 10M
-- contacts did not finish in 10 minutes. Kept by the contact row trigger (on insert, or a change of e-mail or mobile)
-- and by statement triggers on the suppression list.
alter table contact add column suppressed boolean not null default false;

create or replace function contact_hashes() returns trigger language plpgsql as $$
begin
    new.email_hash := case when new.email is null then null
                           else encode(sha256(convert_to(lower(btrim(new.email)), 'UTF8')), 'hex') end;
    new.phone_hash := case when new.mobile is null then null
                           else encode(sha256(convert_to(btrim(new.mobile), 'UTF8')), 'hex') end;
    new.suppressed := (new.email_hash is not null and exists (select 1 from suppression s
                           where s.tenant_id = new.tenant_id and s.email_hash = new.email_hash))
                   or (new.phone_hash is not null and exists (select 1 from suppression s
                           where s.tenant_id = new.tenant_id and s.phone_hash = new.phone_hash));
    return new;
end $$;

create function suppression_marks_contacts() returns trigger language plpgsql as $$
begin
    update contact c set suppressed = true
      from changed n where c.tenant_id = n.tenant_id and c.email_hash = n.email_hash and not c.suppressed;
    update contact c set suppressed = true
      from changed n where c.tenant_id = n.tenant_id and c.phone_hash = n.phone_hash and not c.suppressed;
    return null;
end $$;
create trigger suppression_added after insert on suppression
    referencing new table as changed for each statement execute function suppression_marks_contacts();

-- Nothing in the app removes a suppression; maintenance may. The contacts it named are re-derived.
create function suppression_unmarks_contacts() returns trigger language plpgsql as $$
begin
    update contact c set suppressed =
           (c.email_hash is not null and exists (select 1 from suppression s
                where s.tenant_id = c.tenant_id and s.email_hash = c.email_hash))
        or (c.phone_hash is not null and exists (select 1 from suppression s
                where s.tenant_id = c.tenant_id and s.phone_hash = c.phone_hash))
      from changed o where c.tenant_id = o.tenant_id and (c.email_hash = o.email_hash or c.phone_hash = o.phone_hash);
    return null;
end $$;
create trigger suppression_removed after delete on suppression
    referencing old table as changed for each statement execute function suppression_unmarks_contacts();

update contact c set suppressed = true
 where exists (select 1 from suppression s where s.tenant_id = c.tenant_id
                and (s.email_hash = c.email_hash or s.phone_hash = c.phone_hash));

-- The audience indexes now leave suppressed contacts out too.
drop index contact_email_audience_idx;
drop index contact_sms_audience_idx;
create index contact_email_audience_idx on contact (tenant_id, branch_id)
    where erased_at is null and email is not null and email_consent = 'GRANTED' and not suppressed;
create index contact_sms_audience_idx on contact (tenant_id, branch_id)
    where erased_at is null and mobile is not null and sms_consent = 'GRANTED' and not suppressed;
