package io.archipel.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.campaign.CampaignService;
import io.archipel.delivery.TrackingService;
import io.archipel.delivery.TrackingStats;
import io.archipel.delivery.tracking.TrackingEvent;
import io.archipel.delivery.tracking.TrackingEvent.Kind;
import io.archipel.delivery.tracking.TrackingEventWriter;
import io.archipel.delivery.tracking.TrackingFixture;
import io.archipel.insights.Insights.CampaignFigures;
import io.archipel.insights.Insights.Figures;
import io.archipel.insights.Insights.Filter;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A scripted campaign with known sends, opens (some machine), clicks, unsubscribes, bounces and complaints, written
 * through the real raw paths (the batch writer, the workers' counter updates, the webhook's insert): the rollup
 * figures equal the raw counts and {@link TrackingService#stats}; and over the whole tenant, the rollups equal a raw
 * GROUP BY of campaign_send and tracking_event.
 */
@ArchipelTest
class InsightsRollupConsistencyTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    InsightsQueries insights;
    @Autowired
    TrackingService tracking;
    @Autowired
    TrackingEventWriter writer;
    @Autowired
    Personas personas;
    @Autowired
    CampaignService campaigns;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    TrackingFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = TrackingFixture.of(context);
    }

    private void offer(UUID tenant, long recipient, Kind kind, int link, boolean machine) {
        assertThat(writer.offer(new TrackingEvent(tenant, recipient, kind, link, Instant.now(), machine, null)))
                .isTrue();
    }

    @Test
    void aScriptedCampaignsRollupEqualsItsRawCountsAndTrackingStats() {
        Filter today = Filter.lastDays(1, LocalDate.now(ZoneId.of("Europe/Paris")));
        UUID lyon = fixture.branch(fixture.demoTenant(), "LYO-01");
        Figures before = personas.callAs(Personas.HQ_ADMIN, () -> insights.branchFigures(lyon, today)).figures();
        TrackingFixture.Sent sent = fixture.sent(10, false);
        UUID t = sent.tenantId();
        List<TrackingFixture.Recipient> r = sent.recipients();

        // the workers' per-batch counter updates: 10 recipients frozen, 8 sent, 1 failed, 1 skipped (the fixture
        // inserted the send with sent_count = 10; move it as batches would)
        fixture.update(t, "update campaign_send set sent_count = sent_count - 2, failed_count = failed_count + 1, "
                + "skipped_count = skipped_count + 1, updated_at = now() where tenant_id = ? and campaign_id = ?", t,
                sent.campaignId());
        // opens: recipient 0 opens three times (human), 1 once by a privacy proxy then once as a person, 2 only by a
        // machine (twice), 3 once: human unique opens = 3 (0, 1, 3), unique opens = 4
        offer(t, r.get(0).id(), Kind.OPEN, -1, false);
        offer(t, r.get(0).id(), Kind.OPEN, -1, false);
        offer(t, r.get(1).id(), Kind.OPEN, -1, true);
        offer(t, r.get(2).id(), Kind.OPEN, -1, true);
        writer.flush();
        offer(t, r.get(0).id(), Kind.OPEN, -1, false);
        offer(t, r.get(1).id(), Kind.OPEN, -1, false);
        offer(t, r.get(2).id(), Kind.OPEN, -1, true);
        offer(t, r.get(3).id(), Kind.OPEN, -1, false);
        // clicks: recipient 0 twice on link 0, recipient 3 once: 3 clicks, 2 unique
        offer(t, r.get(0).id(), Kind.CLICK, 0, false);
        offer(t, r.get(3).id(), Kind.CLICK, 0, false);
        writer.flush();
        offer(t, r.get(0).id(), Kind.CLICK, 0, false);
        // unsubscribes: recipient 4 twice (the page, then one-click): counted once; recipient 5 once
        offer(t, r.get(4).id(), Kind.UNSUBSCRIBE, -1, false);
        offer(t, r.get(5).id(), Kind.UNSUBSCRIBE, -1, false);
        writer.flush();
        offer(t, r.get(4).id(), Kind.UNSUBSCRIBE, -1, false);
        writer.flush();
        // the bounce webhook's own insert: recipients 6 and 7 bounce; 8 complains
        for (int i : new int[] {6, 7}) {
            fixture.update(t, "insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, detail) "
                    + "values (?, ?, ?, 'BOUNCE', 'hard')", t, sent.campaignId(), r.get(i).id());
        }
        fixture.update(t, "insert into tracking_event (tenant_id, campaign_id, recipient_id, kind) "
                + "values (?, ?, ?, 'COMPLAINT')", t, sent.campaignId(), r.get(8).id());

        TrackingStats stats = personas.callAs(Personas.HQ_ADMIN, () -> tracking.stats(sent.campaignId()));
        CampaignFigures campaign = personas.callAs(Personas.HQ_ADMIN,
                () -> insights.branchCampaigns(sent.branchId(), today)).stream()
                .filter(c -> c.campaignId().equals(sent.campaignId())).findFirst().orElseThrow();
        Figures f = campaign.figures();

        // what the script did
        assertThat(f.recipients()).isEqualTo(10);
        assertThat(f.sent()).isEqualTo(8);
        assertThat(f.failed()).isEqualTo(1);
        assertThat(f.skipped()).isEqualTo(1);
        assertThat(f.opens()).isEqualTo(8);
        assertThat(f.uniqueOpens()).isEqualTo(4);
        assertThat(f.machineOpens()).isEqualTo(3);
        assertThat(f.humanUniqueOpens()).isEqualTo(3);
        assertThat(f.clicks()).isEqualTo(3);
        assertThat(f.uniqueClicks()).isEqualTo(2);
        assertThat(f.unsubscribes()).isEqualTo(2);
        assertThat(f.bounces()).isEqualTo(2);
        assertThat(f.complaints()).isEqualTo(1);
        assertThat(f.delivered()).isEqualTo(6);
        assertThat(f.openRate()).isEqualTo(3 / 6.0);
        assertThat(f.clickRate()).isEqualTo(2 / 6.0);
        assertThat(f.bounceRate()).isEqualTo(2 / 8.0);

        // the same as the campaign page's raw counts
        assertThat(f.opens()).isEqualTo(stats.opens());
        assertThat(f.uniqueOpens()).isEqualTo(stats.uniqueOpens());
        assertThat(f.machineOpens()).isEqualTo(stats.machineOpens());
        assertThat(f.humanUniqueOpens()).isEqualTo(stats.humanUniqueOpens());
        assertThat(f.clicks()).isEqualTo(stats.clicks());
        assertThat(f.uniqueClicks()).isEqualTo(stats.uniqueClicks());
        assertThat(f.unsubscribes()).isEqualTo(stats.unsubscribes());
        assertThat(f.bounces()).isEqualTo(stats.bounces());
        assertThat(f.complaints()).isEqualTo(stats.complaints());

        // and the branch's totals moved by exactly this campaign
        Figures after = personas.callAs(Personas.HQ_ADMIN, () -> insights.branchFigures(sent.branchId(), today))
                .figures();
        assertThat(after.campaigns() - before.campaigns()).isEqualTo(1);
        assertThat(after.sent() - before.sent()).isEqualTo(8);
        assertThat(after.humanUniqueOpens() - before.humanUniqueOpens()).isEqualTo(3);
        assertThat(after.uniqueClicks() - before.uniqueClicks()).isEqualTo(2);
        assertThat(after.unsubscribes() - before.unsubscribes()).isEqualTo(2);
    }

    @Test
    void overTheWholeTenantTheRollupsEqualARawGroupBy() {
        fixture.sent(3, false);
        UUID t = fixture.demoTenant();
        Map<String, Object>[] raw = new Map[1];
        Map<String, Object>[] campaignsRollup = new Map[1];
        Map<String, Object>[] monthsRollup = new Map[1];
        TenantContext.runAsSystem(t, () -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
            raw[0] = jdbc.queryForMap("""
                    select (select count(*) from campaign_send) as campaigns,
                           (select coalesce(sum(sent_count), 0) from campaign_send) as sent,
                           (select coalesce(sum(recipient_count), 0) from campaign_send) as recipients,
                           (select count(*) from tracking_event where kind = 'OPEN') as opens,
                           (select count(*) from tracking_event where kind = 'OPEN' and first_of_kind) as unique_opens,
                           (select count(*) from (select distinct recipient_id from tracking_event
                                                   where kind = 'OPEN' and not machine_suspected) x) as human,
                           (select count(*) from tracking_event where kind = 'CLICK' and first_of_kind) as unique_clicks,
                           (select count(*) from tracking_event where kind = 'BOUNCE') as bounces
                    """);
            String sums = "count(*) as campaigns, sum(sent) as sent, sum(recipients) as recipients, sum(opens) as opens, "
                    + "sum(unique_opens) as unique_opens, sum(human_unique_opens) as human, "
                    + "sum(unique_clicks) as unique_clicks, sum(bounces) as bounces";
            campaignsRollup[0] = jdbc.queryForMap("select " + sums + " from insights_campaign_rollup");
            monthsRollup[0] = jdbc.queryForMap("select " + sums.replace("count(*)", "sum(campaigns)")
                    + " from insights_branch_month");
        }));
        for (String k : raw[0].keySet()) {
            long expected = ((Number) raw[0].get(k)).longValue();
            assertThat(((Number) campaignsRollup[0].get(k)).longValue()).as("campaign rollup " + k).isEqualTo(expected);
            assertThat(((Number) monthsRollup[0].get(k)).longValue()).as("monthly rollup " + k).isEqualTo(expected);
        }
    }
}
