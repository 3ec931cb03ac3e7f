-- The network gallery (issue 5): HQ features a SENT campaign of a branch with a note on why it worked; every branch of
-- the network may read featured campaigns (only through the gallery) and reuse them as a draft of its own.
create table gallery_entry (
    tenant_id    uuid          not null references tenant (id),
    campaign_id  uuid          not null,
    note         varchar(1000),
    featured_at  timestamptz   not null default now(),
    featured_by  varchar(254)  not null,
    updated_at   timestamptz   not null default now(),
    updated_by   varchar(254)  not null,
    primary key (tenant_id, campaign_id),
    foreign key (tenant_id, campaign_id) references campaign (tenant_id, id) on delete cascade
);
create index gallery_entry_featured_idx on gallery_entry (tenant_id, featured_at desc);

do $$
declare t text;
begin
    foreach t in array array['gallery_entry'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
