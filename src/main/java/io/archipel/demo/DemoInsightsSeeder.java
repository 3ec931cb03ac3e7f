package io.archipel.demo;

import io.archipel.tenancy.TenantService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Six months of plausible history for the demo network's dashboards, written through the RAW tables (contacts and
 * their consent events, campaigns, campaign_send, campaign_recipient, tracking_event), so that the insights rollups
 * fill through the same triggers as real sends do: each branch gets a contact base that grew over the last eight
 * months, and sent campaigns of the published templates (some from HQ kits) with recipients, opens (some by machines),
 * clicks, unsubscribes (with their consent withdrawal), bounces and complaints. Branches differ on purpose: some send
 * every fortnight, one has stopped sending two months ago, one hardly ever sends.
 *
 * <p>Runs after the other demo seeders, once (its campaigns are marked {@code created_by = 'demo-history'}), only when
 * demo campaigns are on ({@code archipel.demo-data.campaigns.enabled}, off in tests) and
 * {@code archipel.demo-data.insights.enabled} is not false. Set-based SQL: about a second.
 */
@Component
@Order(30)
class DemoInsightsSeeder implements ApplicationRunner {

    static final String MARKER = "demo-history";

    private static final Log log = LogFactory.getLog(DemoInsightsSeeder.class);

    private final Environment env;
    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    DemoInsightsSeeder(Environment env, TenantService tenants, JdbcTemplate jdbc,
            PlatformTransactionManager transactions) {
        this.env = env;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoSeeding.inDemoNetwork(env, tenants, log, "insights history", this::seedOnce, "campaigns", "insights");
    }

    private void seedOnce() {
        transaction.executeWithoutResult(status -> {
            Integer done = jdbc.queryForObject("select count(*) from campaign where created_by = ?", Integer.class,
                    MARKER);
            if (done != null && done > 0) {
                return;
            }
            long started = System.nanoTime();
            jdbc.queryForList("select setseed(0.4242)");
            // how much each branch sends (campaigns over six months) and how well its audience reacts
            jdbc.execute("""
                    create temporary table demo_branch_profile on commit drop as
                    select b.id as branch_id, b.code, b.name,
                           case b.code when 'ANN-01' then 5 when 'BOU-01' then 2 when 'VIL-01' then 7
                                       when 'LYO-01' then 13 when 'NCE-01' then 12 when 'PAR-01' then 14
                                       else 6 + (abs(hashtext(b.code)) % 6) end as campaigns,
                           case b.code when 'ANN-01' then 60 else 0 end as quiet_days,
                           0.16 + (abs(hashtext(b.code || 'o')) % 20) / 100.0 as open_p,
                           0.12 + (abs(hashtext(b.code || 'c')) % 14) / 100.0 as click_p,
                           140 + (abs(hashtext(b.code || 'n')) % 280) as contacts
                      from branch b where b.active
                    """);
            // a base that existed before the period (45 %) and grew steadily since; random() per row (in the
            // select list: an uncorrelated LATERAL would be evaluated once)
            int contacts = jdbc.update("""
                    insert into contact (tenant_id, id, branch_id, email, mobile, first_name, last_name, city,
                                         loyalty_tier, tags, created_at, updated_at)
                    select archipel_current_tenant(), gen_random_uuid(), x.branch_id,
                           lower(translate(x.first_name || '.' || x.last_name, 'éèëçï ', 'eeeci-')) || '.'
                               || lower(x.code) || '.' || x.g || '@example.net',
                           case when x.r1 < 0.45 then '+336' || lpad((abs(hashtext(x.code || x.g)) % 100000000)::text, 8, '0') end,
                           x.first_name, x.last_name, x.city,
                           case when x.r2 < 0.2 then 'Or' when x.r2 < 0.5 then 'Argent' end,
                           case when x.r3 < 0.3 then array['fidele'] else '{}'::text[] end,
                           x.ts, x.ts
                      from (select p.branch_id, p.code, b.city, g, random() as r1, random() as r2, random() as r3,
                                   case when random() < 0.45
                                        then now() - interval '181 days' - (interval '1 day') * (random() * 60)
                                        else now() - (interval '1 day') * (random() * 180) end as ts,
                                   (array['Camille','Léa','Hugo','Louis','Chloé','Emma','Jules','Manon','Lucas','Inès',
                                          'Arthur','Zoé','Nathan','Sarah','Paul','Alice','Théo','Julie'])
                                       [1 + (abs(hashtext(p.code || g || 'f')) % 18)] as first_name,
                                   (array['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand',
                                          'Leroy','Moreau','Simon','Laurent','Lefebvre','Michel','Garcia','Roux',
                                          'Fournier','Girard'])[1 + (abs(hashtext(p.code || g || 'l')) % 18)] as last_name
                              from demo_branch_profile p
                              join branch b on b.tenant_id = archipel_current_tenant() and b.id = p.branch_id
                              cross join lateral generate_series(1, p.contacts) g) x
                    """);
            jdbc.update("""
                    insert into consent_event (tenant_id, id, contact_id, channel, state, source, at, actor, proof)
                    select c.tenant_id, gen_random_uuid(), c.id, 'EMAIL', 'GRANTED', 'FORM', c.created_at,
                           'demo', 'Demo: in-store loyalty form'
                      from contact c join demo_branch_profile p on p.branch_id = c.branch_id
                     where c.email like '%@example.net' and random() < 0.88
                    union all
                    select c.tenant_id, gen_random_uuid(), c.id, 'SMS', 'GRANTED', 'FORM', c.created_at,
                           'demo', 'Demo: in-store loyalty form'
                      from contact c join demo_branch_profile p on p.branch_id = c.branch_id
                     where c.email like '%@example.net' and c.mobile is not null and random() < 0.8
                    """);
            // the campaigns: published templates (latest version), a fifth from HQ kits when there are kits
            jdbc.execute("""
                    create temporary table demo_campaign on commit drop as
                    with templates as (
                        select t.id as template_id, t.name, t.channel, v.id as version_id,
                               row_number() over (order by t.name) as n, count(*) over () as total
                          from template t
                          join lateral (select id from template_version v where v.tenant_id = t.tenant_id
                                          and v.template_id = t.id order by number desc limit 1) v on true
                    ), kits as (
                        select k.id as kit_id, k.template_id, k.template_version_id, t.name, t.channel,
                               row_number() over (order by k.name) as n, count(*) over () as total
                          from campaign_kit k join template t on t.tenant_id = k.tenant_id and t.id = k.template_id
                    ), slots as (
                        select p.*, g as slot,
                               (now() - interval '3 days' - (interval '1 day') * p.quiet_days
                                - (interval '1 day') * ((180 - p.quiet_days) * (g - 1 + random() * 0.8) / p.campaigns)
                                + interval '10 hours' + (interval '1 minute') * floor(random() * 300)) as started_at,
                               random() as pick, random() as kit_pick
                          from demo_branch_profile p cross join lateral generate_series(1, p.campaigns) g
                    )
                    select gen_random_uuid() as campaign_id, s.branch_id, s.code, s.name as branch_name,
                           s.started_at, s.open_p, s.click_p,
                           coalesce(k.template_id, t.template_id) as template_id,
                           coalesce(k.template_version_id, t.version_id) as version_id,
                           coalesce(k.channel, t.channel) as channel,
                           coalesce(k.name, t.name) as template_name, k.kit_id
                      from slots s
                      join templates t on t.n = 1 + floor(s.pick * t.total)
                      left join kits k on s.kit_pick < 0.2 and k.n = 1 + floor(s.pick * k.total)
                    """);
            int campaigns = jdbc.update("""
                    insert into campaign (tenant_id, id, branch_id, template_id, template_version_id, channel, name,
                                          status, content, send_at, submitted_at, approved_at, created_at,
                                          created_by, updated_at, updated_by, kit_id)
                    select archipel_current_tenant(), c.campaign_id, c.branch_id, c.template_id, c.version_id,
                           c.channel, left(c.template_name || ' – ' || c.branch_name || ' ('
                               || to_char(c.started_at at time zone 'Europe/Paris', 'DD/MM') || ')', 120),
                           'SENT', '{}', c.started_at, c.started_at - interval '2 days',
                           c.started_at - interval '1 day', c.started_at - interval '3 days', ?,
                           c.started_at, ?, c.kit_id
                      from demo_campaign c
                    """, MARKER, MARKER);
            jdbc.update("""
                    insert into campaign_send (tenant_id, campaign_id, branch_id, channel, state, recipient_count,
                                               started_at, finished_at, updated_at)
                    select archipel_current_tenant(), c.campaign_id, c.branch_id, c.channel, 'FINISHED', 0,
                           c.started_at, c.started_at + interval '20 minutes', c.started_at + interval '20 minutes'
                      from demo_campaign c
                    """);
            int recipients = jdbc.update("""
                    insert into campaign_recipient (tenant_id, campaign_id, contact_id, address, status, attempts,
                                                    next_attempt_at, sent_at, message_id)
                    select archipel_current_tenant(), x.campaign_id, x.contact_id, x.address,
                           case when x.r < 0.006 then 'FAILED' when x.r < 0.016 then 'SKIPPED' else 'SENT' end, 1,
                           x.started_at, case when x.r >= 0.016 then x.started_at + (interval '1 second') * floor(x.r * 1200) end,
                           '<' || x.campaign_id || '.' || x.contact_id || '@archipel.demo>'
                      from (select c.campaign_id, c.started_at, ct.id as contact_id, random() as r,
                                   case when c.channel = 'SMS' then ct.mobile else ct.email end as address
                              from demo_campaign c
                              join contact ct on ct.tenant_id = archipel_current_tenant() and ct.branch_id = c.branch_id
                                             and ct.created_at < c.started_at and ct.erased_at is null
                                             and ((c.channel = 'EMAIL' and ct.email_consent = 'GRANTED')
                                                  or (c.channel = 'SMS' and ct.sms_consent = 'GRANTED'
                                                      and ct.mobile is not null))
                             where random() < 0.9) x
                    """);
            // the workers' counters, as their batches would move them
            jdbc.update("""
                    update campaign_send s
                       set recipient_count = r.total, sent_count = r.sent, failed_count = r.failed,
                           skipped_count = r.skipped
                      from (select campaign_id, count(*) as total, count(*) filter (where status = 'SENT') as sent,
                                   count(*) filter (where status = 'FAILED') as failed,
                                   count(*) filter (where status = 'SKIPPED') as skipped
                              from campaign_recipient where campaign_id in (select campaign_id from demo_campaign)
                             group by campaign_id) r
                     where s.tenant_id = archipel_current_tenant() and s.campaign_id = r.campaign_id
                    """);
            // what recipients did: one multi-row insert (the rollup trigger aggregates it once)
            int events = jdbc.update("""
                    insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, link_no, occurred_at,
                                                first_of_kind, machine_suspected, detail)
                    with sent as (
                        select r.id, r.campaign_id, r.sent_at, c.channel, c.open_p, c.click_p,
                               random() as a, random() as b, random() as m, random() as u
                          from campaign_recipient r join demo_campaign c on c.campaign_id = r.campaign_id
                         where r.tenant_id = archipel_current_tenant() and r.status = 'SENT'
                    ), raw as (
                        -- a machine open right after delivery (privacy proxies), for 12 % of e-mails
                        select campaign_id, id, 'OPEN' as kind, null::smallint as link_no,
                               sent_at + interval '2 seconds' as at, true as machine, null as detail
                          from sent where channel = 'EMAIL' and m < 0.12 and b >= 0.012
                        union all
                        -- people opening, once to three times within five days
                        select s.campaign_id, s.id, 'OPEN', null, s.sent_at + (interval '1 minute') * (20 + k * 600 * s.b + s.a * 4000),
                               false, null
                          from sent s cross join lateral generate_series(1, 1 + floor(s.m * 3)::int) k
                         where s.channel = 'EMAIL' and s.a < s.open_p and s.b >= 0.012
                        union all
                        -- clicks: a share of the openers (e-mail), a few of the SMS recipients
                        select s.campaign_id, s.id, 'CLICK', (floor(s.u * 2))::smallint,
                               s.sent_at + (interval '1 minute') * (25 + s.a * 4000 + k * 3), false, null
                          from sent s cross join lateral generate_series(1, 1 + floor(s.u * 1.6)::int) k
                         where (s.channel = 'EMAIL' and s.a < s.open_p * s.click_p and s.b >= 0.012)
                            or (s.channel = 'SMS' and s.a < 0.06)
                        union all
                        select campaign_id, id, 'UNSUBSCRIBE', null, sent_at + (interval '1 minute') * (60 + a * 3000),
                               false, null
                          from sent where u > 0.995
                        union all
                        select campaign_id, id, 'BOUNCE', null, sent_at + interval '30 seconds', false,
                               'Demo: 550 5.1.1 mailbox unavailable'
                          from sent where channel = 'EMAIL' and b < 0.012
                        union all
                        select campaign_id, id, 'COMPLAINT', null, sent_at + interval '2 hours', false, null
                          from sent where channel = 'EMAIL' and u between 0.9945 and 0.995
                    )
                    select archipel_current_tenant(), campaign_id, id, kind, link_no, at,
                           kind in ('OPEN', 'CLICK') and row_number() over (partition by id, kind order by at) = 1,
                           machine, detail
                      from raw order by at
                    """);
            // an unsubscribe through the mail withdraws the consent of its channel
            jdbc.update("""
                    insert into consent_event (tenant_id, id, contact_id, channel, state, source, at, actor, proof)
                    select e.tenant_id, gen_random_uuid(), r.contact_id, c.channel, 'WITHDRAWN', 'UNSUBSCRIBE_LINK',
                           e.occurred_at, 'demo', 'Demo: unsubscribe link'
                      from tracking_event e
                      join campaign_recipient r on r.tenant_id = e.tenant_id and r.id = e.recipient_id
                      join demo_campaign c on c.campaign_id = e.campaign_id
                     where e.tenant_id = archipel_current_tenant() and e.kind = 'UNSUBSCRIBE'
                    """);
            // the contact snapshots are recomputed from the new history when the application is ready
            jdbc.update("delete from insights_contact_day where tenant_id = archipel_current_tenant()");
            log.info("Demo insights history seeded: " + contacts + " contacts, " + campaigns + " campaigns, "
                    + recipients + " recipients, " + events + " tracking events in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        });
    }
}
