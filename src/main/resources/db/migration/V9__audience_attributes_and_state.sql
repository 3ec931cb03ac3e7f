-- Audience, second step: custom attributes HQ declares, the current consent state and the suppression hashes kept
-- on the contact row (so segments, imports and sends read one row, not the latest event), and trigram search.

-- Contact attributes declared by HQ for the whole network; values live in contact.attributes under their key.
create table custom_attribute (
    tenant_id       uuid         not null references tenant (id),
    key             varchar(40)  not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label           varchar(80)  not null,
    type            varchar(10)  not null check (type in ('TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'CHOICE')),
    allowed_values  text[]       not null default '{}',
    position        integer      not null default 0,
    created_at      timestamptz  not null default now(),
    version         bigint       not null default 0,
    primary key (tenant_id, key),
    check (type <> 'CHOICE' or cardinality(allowed_values) > 0)
);

alter table contact
    add column email_consent varchar(10) check (email_consent in ('GRANTED', 'WITHDRAWN')),
    add column sms_consent   varchar(10) check (sms_consent in ('GRANTED', 'WITHDRAWN')),
    add column email_hash    varchar(64),
    add column phone_hash    varchar(64);

-- The hashes use the same normalisation as the suppression list (ContactService.emailHash: trimmed, lower case;
-- the mobile number in E.164), so "is this contact suppressed?" is an indexed equality.
create function contact_hashes() returns trigger language plpgsql as $$
begin
    new.email_hash := case when new.email is null then null
                           else encode(sha256(convert_to(lower(btrim(new.email)), 'UTF8')), 'hex') end;
    new.phone_hash := case when new.mobile is null then null
                           else encode(sha256(convert_to(btrim(new.mobile), 'UTF8')), 'hex') end;
    return new;
end $$;
create trigger contact_hashes before insert or update of email, mobile on contact
    for each row execute function contact_hashes();
update contact set email = email;

-- The current consent per channel is the state of the channel's latest event. One statement-level trigger keeps it,
-- so bulk inserts (imports) pay one UPDATE per statement, not one per row.
create function contact_consent_state() returns trigger language plpgsql as $$
begin
    update contact c set email_consent = (select e.state from consent_event e
            where e.tenant_id = c.tenant_id and e.contact_id = c.id and e.channel = 'EMAIL'
            order by e.at desc, e.id desc limit 1)
        where (c.tenant_id, c.id) in (select n.tenant_id, n.contact_id from inserted n where n.channel = 'EMAIL');
    update contact c set sms_consent = (select e.state from consent_event e
            where e.tenant_id = c.tenant_id and e.contact_id = c.id and e.channel = 'SMS'
            order by e.at desc, e.id desc limit 1)
        where (c.tenant_id, c.id) in (select n.tenant_id, n.contact_id from inserted n where n.channel = 'SMS');
    return null;
end $$;
create trigger consent_event_state after insert on consent_event
    referencing new table as inserted for each statement execute function contact_consent_state();

update contact c set
    email_consent = (select e.state from consent_event e where e.tenant_id = c.tenant_id and e.contact_id = c.id
                     and e.channel = 'EMAIL' order by e.at desc, e.id desc limit 1),
    sms_consent   = (select e.state from consent_event e where e.tenant_id = c.tenant_id and e.contact_id = c.id
                     and e.channel = 'SMS' order by e.at desc, e.id desc limit 1);

create index contact_email_hash_idx on contact (tenant_id, email_hash) where email_hash is not null;
create index contact_phone_hash_idx on contact (tenant_id, phone_hash) where phone_hash is not null;

-- Contains-search over names, e-mail and city stays an index scan at a million contacts.
create extension if not exists pg_trgm;
create index contact_search_trgm_idx on contact using gin (
    (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' '
           || coalesce(city, ''))) gin_trgm_ops);

do $$
declare t text;
begin
    foreach t in array array['custom_attribute'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
