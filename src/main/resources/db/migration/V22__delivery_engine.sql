-- The sending engine (delivery.send): which campaigns are due to start, across tenants (ids only), so that the
-- starter finds them without visiting every tenant; it then locks and starts each inside its tenant (row-level
-- security applies). APPROVED without a send date (or with one already past) and SCHEDULED whose date has come,
-- without a send yet.
create function archipel_due_campaign_sends(p_limit int)
    returns table (tenant_id uuid, campaign_id uuid)
    language sql stable security definer set search_path = public
as $$
    select c.tenant_id, c.id from campaign c
     where c.status in ('APPROVED', 'SCHEDULED') and (c.send_at is null or c.send_at <= now())
       and not exists (select 1 from campaign_send s where s.tenant_id = c.tenant_id and s.campaign_id = c.id)
     order by c.send_at nulls first, c.approved_at
     limit p_limit
$$;
revoke all on function archipel_due_campaign_sends(int) from public;
grant execute on function archipel_due_campaign_sends(int) to ${app_role};

create index campaign_due_idx on campaign (send_at) where status in ('APPROVED', 'SCHEDULED');
-- the rate of the last minute (progress) reads recent sends
create index campaign_recipient_sent_idx on campaign_recipient (tenant_id, campaign_id, sent_at) where status = 'SENT';
