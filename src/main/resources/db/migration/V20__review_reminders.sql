-- A review reminder is sent once per review round, whatever the number of instances: the sweep claims the campaign
-- by setting review_reminded_at (conditional update) before composing the mails; a new submission clears it.
alter table campaign add column review_reminded_at timestamptz;
create index campaign_review_reminder_idx on campaign (tenant_id, review_due_at)
    where status = 'IN_REVIEW' and review_reminded_at is null and escalated_at is null;
