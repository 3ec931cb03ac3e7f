-- Sending speed (issue 6): a send's recipients are materialised in chunks of contacts in id order, each chunk its own
-- transaction, and the workers send the first chunks while the next ones are written (one statement for the whole
-- audience kept the workers idle for ~4 s per 100,000 recipients). materialising: chunks are still to come (the send
-- cannot finish, its recipient_count still grows); materialised_after: the last contact id materialised. A
-- materialisation interrupted by a crash is taken up again by the next start sweep of any instance (one at a time:
-- a transaction-level advisory lock per send).
alter table campaign_send add column materialising boolean not null default false;
alter table campaign_send add column materialised_after uuid;

-- The running or paused sends whose recipients are still being materialised, across tenants (ids only).
create function archipel_materialising_sends()
    returns table (tenant_id uuid, campaign_id uuid)
    language sql stable security definer set search_path = public
as $$
    select s.tenant_id, s.campaign_id from campaign_send s
     where s.materialising and s.state in ('RUNNING', 'PAUSED') order by s.started_at
$$;
revoke all on function archipel_materialising_sends() from public;
grant execute on function archipel_materialising_sends() to ${app_role};
