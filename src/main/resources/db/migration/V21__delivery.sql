-- Delivery: one send per campaign, one row per recipient (materialised at send time), the campaign's tracked links
-- (stored at approval) and the tracking events (written in batches). See docs/delivery.md.

-- A campaign being sent: the frozen recipient count, whether it runs or is paused (by whom, why) and its counters,
-- kept by the workers in the same transaction as the recipient rows they change.
create table campaign_send (
    tenant_id        uuid          not null references tenant (id),
    campaign_id      uuid          not null,
    branch_id        uuid          not null,
    channel          varchar(10)   not null check (channel in ('EMAIL', 'SMS')),
    state            varchar(10)   not null default 'RUNNING'
                                   check (state in ('RUNNING', 'PAUSED', 'FINISHED', 'CANCELLED')),
    pause_reason     varchar(12)   check (pause_reason in ('USER', 'ERROR_RATE')),
    paused_by        varchar(254),
    paused_at        timestamptz,
    recipient_count  int           not null,
    sent_count       int           not null default 0,
    failed_count     int           not null default 0,
    skipped_count    int           not null default 0,
    started_at       timestamptz   not null default now(),
    finished_at      timestamptz,
    updated_at       timestamptz   not null default now(),
    primary key (tenant_id, campaign_id),
    foreign key (tenant_id, campaign_id) references campaign (tenant_id, id)
);
create index campaign_send_running_idx on campaign_send (state) where state = 'RUNNING';

-- One row per recipient of a send, unique per campaign and contact. QUEUED → CLAIMED (under a lease) → SENT | FAILED |
-- SKIPPED (unsubscribed, suppressed or no longer consenting when its turn came). A worker changes a row only while
-- it holds the lease (lease_owner); an expired lease may be taken over by any instance.
create table campaign_recipient (
    tenant_id        uuid          not null references tenant (id),
    id               bigint        generated always as identity,
    campaign_id      uuid          not null,
    contact_id       uuid          not null,
    -- the e-mail address or E.164 mobile number at materialisation
    address          varchar(254)  not null,
    status           varchar(10)   not null default 'QUEUED'
                                   check (status in ('QUEUED', 'CLAIMED', 'SENT', 'FAILED', 'SKIPPED')),
    attempts         smallint      not null default 0,
    next_attempt_at  timestamptz   not null default now(),
    lease_owner      varchar(100),
    lease_until      timestamptz,
    message_id       varchar(250),
    last_error       varchar(1000),
    sent_at          timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, campaign_id) references campaign_send (tenant_id, campaign_id),
    unique (tenant_id, campaign_id, contact_id)
);
create index campaign_recipient_queued_idx on campaign_recipient (tenant_id, campaign_id, next_attempt_at, id)
    where status = 'QUEUED';
create index campaign_recipient_claimed_idx on campaign_recipient (tenant_id, campaign_id, lease_until)
    where status = 'CLAIMED';
create index campaign_recipient_contact_idx on campaign_recipient (tenant_id, contact_id);

-- The campaign's link targets, numbered in order of appearance, stored when the campaign is approved: a click only
-- ever redirects to one of these.
create table tracked_link (
    tenant_id    uuid           not null references tenant (id),
    campaign_id  uuid           not null,
    link_no      smallint       not null,
    url          varchar(2048)  not null,
    primary key (tenant_id, campaign_id, link_no),
    foreign key (tenant_id, campaign_id) references campaign (tenant_id, id)
);

-- What recipients did (and what their mail servers reported), written in batches. Machine opens (mail privacy
-- proxies, security scanners) are kept but flagged, so that rates can leave them out.
create table tracking_event (
    tenant_id          uuid          not null references tenant (id),
    id                 bigint        generated always as identity,
    campaign_id        uuid          not null,
    recipient_id       bigint        not null,
    kind               varchar(12)   not null
                                     check (kind in ('OPEN', 'CLICK', 'UNSUBSCRIBE', 'BOUNCE', 'COMPLAINT')),
    link_no            smallint,
    occurred_at        timestamptz   not null default now(),
    -- the first event of this kind for this recipient (unique opens / clicks), set by the batch writer
    first_of_kind      boolean       not null default false,
    machine_suspected  boolean       not null default false,
    detail             varchar(500),
    primary key (tenant_id, id)
);
create index tracking_event_campaign_idx on tracking_event (tenant_id, campaign_id, kind, occurred_at);
create index tracking_event_recipient_idx on tracking_event (tenant_id, recipient_id, kind);

do $$
declare t text;
begin
    foreach t in array array['campaign_send', 'campaign_recipient', 'tracked_link', 'tracking_event'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;

-- The sends that have work, across tenants (ids only), so that a worker finds them without visiting every tenant;
-- the worker then reads and changes the rows inside the tenant (row-level security applies).
create function archipel_running_sends()
    returns table (tenant_id uuid, campaign_id uuid)
    language sql stable security definer set search_path = public
as $$
    select s.tenant_id, s.campaign_id from campaign_send s where s.state = 'RUNNING' order by s.started_at
$$;
revoke all on function archipel_running_sends() from public;
grant execute on function archipel_running_sends() to ${app_role};

-- identity columns: the application role draws their numbers
grant usage on all sequences in schema public to ${app_role};
alter default privileges in schema public grant usage on sequences to ${app_role};

-- Application-wide secrets generated at first start when configuration gives none (e.g. the key of the tracking
-- tokens), so that every instance signs and checks alike and links in sent mail stay valid across restarts.
create table platform_secret (
    name        varchar(60)   primary key,
    value       bytea         not null,
    created_at  timestamptz   not null default now()
);

-- HQ's sending settings per tenant: the SMTP relay (empty host: the platform's spring.mail.* default), the rate and
-- connection count, the DKIM key of the tenant's sending domain and the secret that authenticates its webhooks
-- (bounces, complaints, SMS replies), kept as the hex SHA-256 of the secret shown once to HQ.
create table sending_settings (
    tenant_id                 uuid          not null references tenant (id) primary key,
    relay_host                varchar(255),
    relay_port                int           check (relay_port between 1 and 65535),
    relay_security            varchar(10)   not null default 'STARTTLS' check (relay_security in ('NONE', 'STARTTLS', 'TLS')),
    relay_username            varchar(255),
    relay_password_encrypted  bytea,
    max_per_second            int           not null default 100 check (max_per_second between 1 and 100000),
    connections               int           not null default 4 check (connections between 1 and 32),
    dkim_domain               varchar(255),
    dkim_selector             varchar(63),
    dkim_private_key_encrypted bytea,
    webhook_secret_hash       varchar(64),
    updated_at                timestamptz   not null default now(),
    updated_by                varchar(254),
    version                   bigint        not null default 0
);
alter table sending_settings enable row level security;
alter table sending_settings force row level security;
create policy tenant_isolation on sending_settings using (tenant_id = archipel_current_tenant())
    with check (tenant_id = archipel_current_tenant());
create policy owner_maintenance on sending_settings to current_user using (true) with check (true);
