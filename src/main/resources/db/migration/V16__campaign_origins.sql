-- Where a campaign came from (issue 5): an HQ kit it was started from, or a gallery campaign it reuses. The kit
-- table and its foreign key come with the kits migration; a reused campaign may be deleted later (set null).
alter table campaign add column kit_id uuid;
alter table campaign add column source_campaign_id uuid;
alter table campaign add constraint campaign_source_fk foreign key (tenant_id, source_campaign_id)
    references campaign (tenant_id, id) on delete set null (source_campaign_id);
create index campaign_kit_idx on campaign (tenant_id, kit_id) where kit_id is not null;
create index campaign_source_idx on campaign (tenant_id, source_campaign_id) where source_campaign_id is not null;
