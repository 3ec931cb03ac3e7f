-- One brand kit per tenant: logo, colours, fonts, sender defaults, legal footer and social links.
create table brand_kit (
    tenant_id          uuid         primary key references tenant (id) on delete cascade,
    logo_asset_id      uuid,
    primary_color      varchar(7)   not null,
    secondary_color    varchar(7)   not null,
    text_color         varchar(7)   not null,
    background_color   varchar(7)   not null,
    heading_font       varchar(120) not null,
    body_font          varchar(120) not null,
    sender_name        varchar(120) not null,
    sender_email       varchar(254) not null,
    reply_to_rule      varchar(20)  not null,
    reply_to_address   varchar(254),
    legal_footer_html  text         not null default '',
    social_facebook    varchar(500),
    social_instagram   varchar(500),
    social_linkedin    varchar(500),
    social_x           varchar(500),
    social_youtube     varchar(500),
    social_tiktok      varchar(500),
    social_website     varchar(500),
    updated_at         timestamptz  not null default now(),
    version            bigint       not null default 1,
    constraint brand_kit_colors check (primary_color ~ '^#[0-9a-f]{6}$' and secondary_color ~ '^#[0-9a-f]{6}$'
        and text_color ~ '^#[0-9a-f]{6}$' and background_color ~ '^#[0-9a-f]{6}$'),
    constraint brand_kit_reply_to check (reply_to_rule in ('BRANCH_EMAIL', 'FIXED', 'NONE')
        and (reply_to_rule <> 'FIXED' or reply_to_address is not null))
);

do $$
declare t text;
begin
    foreach t in array array['brand_kit'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
