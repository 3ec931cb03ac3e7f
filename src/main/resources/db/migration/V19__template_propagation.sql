-- Locked-block propagation (issue 5): when HQ publishes a version whose locked parts or structure changed, campaigns
-- in progress on the template move to it (keeping the branch's values) or stay where they are with a reason. One row
-- per campaign and target version and outcome records what was done, so the listener and the sweep never do it twice.
-- UNCHANGED = the new version changed only editable defaults or constraints: the campaign stays, nobody is told.

create table campaign_template_update (
    tenant_id        uuid          not null references tenant (id),
    id               uuid          not null,
    campaign_id      uuid          not null,
    template_id      uuid          not null,
    from_version_id  uuid          not null,
    to_version_id    uuid          not null,
    outcome          varchar(10)   not null check (outcome in ('MOVED', 'KEPT', 'UNCHANGED')),
    -- the campaign's status when it was handled (statuses do not change here)
    campaign_status  varchar(20)   not null,
    -- the places whose branch value the new version no longer accepts: ["blocks[ab12].text", "subject", ...]
    dropped          jsonb         not null default '[]',
    -- why a campaign was KEPT: DROPPED, CONSTRAINTS, COMPLIANCE (null otherwise)
    reason           varchar(20)   check (reason in ('DROPPED', 'CONSTRAINTS', 'COMPLIANCE')),
    -- message keys + args of what explains the reason (problems, findings), shown to the branch and HQ
    reason_details   jsonb         not null default '[]',
    -- what changed in the template between the two versions (TemplateChange lines: messageKey + args)
    changes          jsonb         not null default '[]',
    at               timestamptz   not null default now(),
    acknowledged_at  timestamptz,
    acknowledged_by  varchar(254),
    primary key (tenant_id, id),
    unique (tenant_id, campaign_id, to_version_id, outcome),
    foreign key (tenant_id, campaign_id) references campaign (tenant_id, id) on delete cascade,
    foreign key (tenant_id, template_id) references template (tenant_id, id) on delete cascade,
    foreign key (tenant_id, from_version_id) references template_version (tenant_id, id),
    foreign key (tenant_id, to_version_id) references template_version (tenant_id, id)
);
create index campaign_template_update_campaign_idx on campaign_template_update (tenant_id, campaign_id, at desc);
create index campaign_template_update_template_idx on campaign_template_update (tenant_id, template_id, to_version_id);
-- the campaigns in progress of a template (propagation candidates)
create index campaign_template_active_idx on campaign (tenant_id, template_id)
    where status in ('DRAFT', 'CHANGES_REQUESTED', 'IN_REVIEW', 'APPROVED', 'SCHEDULED');

do $$
declare t text;
begin
    foreach t in array array['campaign_template_update'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- A campaign in progress that is not on its template's latest version and was not handled for it yet (or was KEPT
-- and is editable again: it moves now). The propagation sweep runs without a tenant: this narrow function is its only
-- cross-tenant read (ids only); each template is then handled in its own tenant's transactions.
create function archipel_pending_template_updates(p_limit int)
    returns table (tenant_id uuid, template_id uuid)
    language sql stable security definer set search_path = public
as $$
    select distinct c.tenant_id, c.template_id
      from campaign c
      join lateral (select v.id from template_version v
                     where v.tenant_id = c.tenant_id and v.template_id = c.template_id
                     order by v.number desc limit 1) latest on true
     where c.status in ('DRAFT', 'CHANGES_REQUESTED', 'IN_REVIEW', 'APPROVED', 'SCHEDULED')
       and c.template_version_id <> latest.id
       and not exists (select 1 from campaign_template_update u
                        where u.tenant_id = c.tenant_id and u.campaign_id = c.id and u.to_version_id = latest.id
                          and (u.outcome <> 'KEPT' or c.status not in ('DRAFT', 'CHANGES_REQUESTED')))
     limit p_limit
$$;
revoke all on function archipel_pending_template_updates(int) from public;
grant execute on function archipel_pending_template_updates(int) to ${app_role};
