-- The development mail sink's inbox: every e-mail the embedded SMTP server receives, kept per tenant (the tenant comes
-- from the X-Archipel-Tenant header the app adds to every outgoing mail) so that the HQ sees its own mails in the app.
-- Only the newest messages are kept (archipel.mail.sandbox.keep per tenant).
create table mail_sandbox_message (
    tenant_id    uuid          not null references tenant (id) on delete cascade,
    id           uuid          not null,
    received_at  timestamptz   not null default now(),
    sender       varchar(1000) not null default '',
    recipients   varchar(4000) not null default '',
    reply_to     varchar(1000),
    subject      varchar(2000) not null default '',
    html         text,
    text         text,
    headers      text          not null default '',
    -- the message as received (RFC 822), for download; null when it was too large to keep
    source       bytea,
    size_bytes   int           not null default 0,
    primary key (tenant_id, id)
);
create index mail_sandbox_message_recent on mail_sandbox_message (tenant_id, received_at desc);

do $$
declare t text;
begin
    foreach t in array array['mail_sandbox_message'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
