-- SMS channel (issue 6): the tenant's SMS provider settings and the development provider's sandbox.
-- See docs/delivery-ui-sms.md.

-- HQ's choice of SMS provider: DEVELOPMENT (the default: messages are kept in the SMS sandbox below and shown in the
-- app, nothing leaves the server) or HTTP (a generic JSON provider: POST {to, text, reference} to http_url with a bearer
-- token). The token is stored encrypted (AES-GCM under a key kept in platform_secret) and never shown back.
create table sms_settings (
    tenant_id              uuid          not null references tenant (id) primary key,
    provider               varchar(12)   not null default 'DEVELOPMENT' check (provider in ('DEVELOPMENT', 'HTTP')),
    http_url               varchar(2048),
    http_token_encrypted   bytea,
    sender_name            varchar(11),
    updated_at             timestamptz   not null default now(),
    updated_by             varchar(254),
    version                bigint        not null default 0
);

-- The development provider's inbox: every SMS Archipel "sent" (OUT) and every reply simulated or received for the
-- tenant (IN), newest kept (archipel.sms.sandbox.keep per tenant), shown to HQ as conversations per phone number.
create table sms_sandbox_message (
    tenant_id      uuid          not null references tenant (id) on delete cascade,
    id             uuid          not null,
    at             timestamptz   not null default now(),
    direction      varchar(3)    not null check (direction in ('OUT', 'IN')),
    -- the other party: the recipient of an OUT message, the sender of an IN one (E.164)
    phone          varchar(20)   not null,
    sender_name    varchar(11),
    text           varchar(2000) not null,
    encoding       varchar(5)    not null check (encoding in ('GSM_7', 'UCS_2')),
    segments       smallint      not null,
    -- the campaign_recipient row of a campaign SMS (null for test SMS and replies)
    recipient_id   bigint,
    -- for replies: what Archipel did with it (e.g. STOP → consent withdrawn for 2 contacts)
    outcome        varchar(200),
    primary key (tenant_id, id)
);
create index sms_sandbox_message_recent on sms_sandbox_message (tenant_id, at desc);
create index sms_sandbox_message_phone on sms_sandbox_message (tenant_id, phone, at);

do $$
declare t text;
begin
    foreach t in array array['sms_settings', 'sms_sandbox_message'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
