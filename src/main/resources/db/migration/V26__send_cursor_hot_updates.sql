-- Sending speed (issue 6): a recipient row changes twice on the happy path (QUEUED → CLAIMED → SENT), and each change
-- should be a HOT update (heap only: no new entry in any index, far less WAL). An update is HOT only when no indexed
-- column changes (partial index predicates count) and the page has room. So:
-- 1. the indexes that name columns the engine changes go away: the queued / claimed / sent partial indexes. Workers
--    now claim in id order from a cursor kept on the send (campaign_send.claim_cursor) through the primary key;
--    retries and expired leases (behind the cursor) are found by a scan of the send's id range, not per batch;
--    progress counts scan the send's rows (once per poll);
-- 2. the Message-ID is derived from the row (<id.campaign-tag@domain>) and no longer stored: message_id keeps the
--    values of mails sent before this version (the webhook still finds them through campaign_recipient_message_idx,
--    whose column the engine no longer changes);
-- 3. pages keep room for the new versions of their rows (existing pages are not rewritten): a claim updates every
--    row of a page in one statement, and versions made by a transaction cannot be pruned until it ends, so a page
--    must hold a second version of each of its rows (~210 bytes with the lease owner); at fillfactor 50 a fifth of
--    the claims were not HOT in the benchmark, at 35 (~17 rows of ~160 bytes per page, 5 KB free) they fit.
drop index if exists campaign_recipient_queued_idx;
drop index if exists campaign_recipient_claimed_idx;
drop index if exists campaign_recipient_sent_idx;
alter table campaign_recipient set (fillfactor = 35);

-- the send's rows are materialised in one statement: [first_recipient_id, last_recipient_id] is their id range
-- (rows of other campaigns inside it are filtered out); claim_cursor is the last id handed out in order. Null for
-- sends started before this version: the first claim fills them in.
alter table campaign_send add column first_recipient_id bigint;
alter table campaign_send add column last_recipient_id bigint;
alter table campaign_send add column claim_cursor bigint;
