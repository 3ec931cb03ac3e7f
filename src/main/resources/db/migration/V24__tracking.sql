-- Tracking, unsubscribe and webhooks (helper T, docs/delivery-tracking.md).

-- The recipient's own preference page (/u/{token}/preferences) records consent with its own source, so that a
-- contact's history tells "unsubscribed through the link in a mail" from "changed their preferences".
alter table consent_event drop constraint consent_event_source_check;
alter table consent_event add constraint consent_event_source_check
    check (source in ('FORM', 'IMPORT', 'API', 'UNSUBSCRIBE_LINK', 'HQ', 'PREFERENCE_CENTER'));

-- The bounce / complaint webhook finds the recipient row by the Message-ID it sent, else by the latest row of the
-- address (tenant first, as every key).
create index campaign_recipient_message_idx on campaign_recipient (tenant_id, message_id) where message_id is not null;
create index campaign_recipient_address_idx on campaign_recipient (tenant_id, lower(address), id);
