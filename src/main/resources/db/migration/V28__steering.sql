-- Steering (issue 7): objectives per territory and period, send budgets per branch and period with the tenant's
-- over-budget policy, and the record of adoption reminders sent to branch managers.

-- What the network aims at: a metric's target on a territory's subtree over a period, sponsored by an executive.
create table steering_objective (
    tenant_id     uuid           not null references tenant (id),
    id            uuid           not null,
    territory_id  uuid           not null,
    metric        varchar(20)    not null check (metric in ('CAMPAIGNS_SENT', 'RECIPIENTS', 'ADOPTION', 'OPEN_RATE',
                                     'CLICK_RATE', 'CONTACT_GROWTH')),
    target        numeric(14, 2) not null check (target > 0),
    period_start  date           not null,
    period_end    date           not null,
    sponsor_id    uuid,
    note          varchar(500),
    archived_at   timestamptz,
    created_at    timestamptz    not null default now(),
    created_by    varchar(254)   not null,
    updated_at    timestamptz    not null default now(),
    updated_by    varchar(254)   not null,
    version       bigint         not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, territory_id) references territory (tenant_id, id) on delete cascade,
    foreign key (tenant_id, sponsor_id) references app_user (tenant_id, id) on delete set null (sponsor_id),
    constraint steering_objective_period check (period_end >= period_start)
);
create index steering_objective_territory_idx on steering_objective (tenant_id, territory_id, period_start);

-- A branch's send budget for one calendar period: an amount (with unit costs per e-mail and per SMS) or a quota of
-- messages. Sends consume it by recipients when they start; approved or scheduled campaigns count as committed.
create table steering_budget (
    tenant_id       uuid           not null references tenant (id),
    id              uuid           not null,
    branch_id       uuid           not null,
    period_kind     varchar(10)    not null check (period_kind in ('MONTH', 'QUARTER', 'YEAR')),
    period_start    date           not null,
    kind            varchar(10)    not null check (kind in ('AMOUNT', 'QUOTA')),
    amount          numeric(12, 2) check (amount >= 0),
    email_unit_cost numeric(10, 4) check (email_unit_cost >= 0),
    sms_unit_cost   numeric(10, 4) check (sms_unit_cost >= 0),
    quota           integer        check (quota >= 0),
    created_at      timestamptz    not null default now(),
    created_by      varchar(254)   not null,
    updated_at      timestamptz    not null default now(),
    updated_by      varchar(254)   not null,
    version         bigint         not null default 0,
    primary key (tenant_id, id),
    unique (tenant_id, branch_id, period_kind, period_start),
    foreign key (tenant_id, branch_id) references branch (tenant_id, id) on delete cascade,
    constraint steering_budget_shape check ((kind = 'AMOUNT' and amount is not null and email_unit_cost is not null
        and sms_unit_cost is not null) or (kind = 'QUOTA' and quota is not null))
);

-- The tenant's budget policy: what happens when a submitted campaign would exceed its branch's budget.
create table steering_settings (
    tenant_id           uuid          not null references tenant (id),
    over_budget_policy  varchar(10)   not null default 'ASK_HQ' check (over_budget_policy in ('BLOCK', 'ASK_HQ')),
    currency            varchar(3)    not null default 'EUR',
    updated_at          timestamptz   not null default now(),
    updated_by          varchar(254)  not null,
    version             bigint        not null default 0,
    primary key (tenant_id)
);

-- Who was reminded of what, when: one mail per manager and day at most (the unique key stops a second one).
create table steering_reminder (
    tenant_id   uuid          not null references tenant (id),
    id          uuid          not null,
    user_id     uuid          not null,
    -- comma-separated INACTIVE, KIT_UNUSED, BUDGET_UNSPENT
    reasons     varchar(100)  not null,
    branch_ids  uuid[]        not null default '{}',
    kit_ids     uuid[]        not null default '{}',
    sent_on     date          not null,
    sent_at     timestamptz   not null default now(),
    sent_by     varchar(254)  not null,
    primary key (tenant_id, id),
    unique (tenant_id, user_id, sent_on),
    foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade
);
create index steering_reminder_sent_idx on steering_reminder (tenant_id, sent_at desc);

-- The reach a campaign was submitted with (budgets count approved, not yet sent campaigns by it).
alter table campaign add column estimated_reach integer;

do $$
declare t text;
begin
    foreach t in array array['steering_objective', 'steering_budget', 'steering_settings', 'steering_reminder'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
