-- Compliance rules of a network: what campaign content is checked against before a branch may submit it.
-- One row per rule; RESTRICTED_WORD (words), RESTRICTED_PATTERN (a Java regular expression), LINK_DOMAIN (allowed
-- domains, their subdomains included) and SUBJECT_LENGTH (max_length) carry parameters; LEGAL_FOOTER, IMAGE_ALT and
-- MERGE_FALLBACK have none and exist at most once per network (switched on or off).
create table compliance_rule (
    tenant_id   uuid          not null references tenant (id),
    id          uuid          not null,
    kind        varchar(30)   not null check (kind in ('RESTRICTED_WORD', 'RESTRICTED_PATTERN', 'LINK_DOMAIN',
                                                       'LEGAL_FOOTER', 'IMAGE_ALT', 'SUBJECT_LENGTH', 'MERGE_FALLBACK')),
    severity    varchar(10)   not null check (severity in ('BLOCKING', 'WARNING')),
    enabled     boolean       not null default true,
    words       text[]        not null default '{}',
    pattern     varchar(300),
    domains     text[]        not null default '{}',
    max_length  integer       check (max_length is null or max_length between 1 and 500),
    -- shown to branches next to each finding of the rule
    note        varchar(300),
    version     bigint        not null default 0,
    created_by  varchar(254)  not null,
    created_at  timestamptz   not null default now(),
    updated_by  varchar(254)  not null,
    updated_at  timestamptz   not null default now(),
    primary key (tenant_id, id)
);
create unique index compliance_rule_single_kind_uk on compliance_rule (tenant_id, kind)
    where kind in ('LEGAL_FOOTER', 'IMAGE_ALT', 'MERGE_FALLBACK');

do $$
declare t text;
begin
    foreach t in array array['compliance_rule'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = archipel_current_tenant()) '
                       || 'with check (tenant_id = archipel_current_tenant())', t);
        execute format('create policy owner_maintenance on %I to current_user using (true) with check (true)', t);
    end loop;
end $$;
