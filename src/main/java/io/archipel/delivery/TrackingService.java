package io.archipel.delivery;

import java.util.UUID;

import io.archipel.campaign.CampaignService;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read side of tracking for the campaign pages and insights: the counts of a campaign's tracking events. The campaign
 * is checked through {@link CampaignService#get} (404 unknown or another tenant's, 403 outside the caller's scope).
 * Events reach the table in batches (every ~200 ms), so a count may lag an open by that much.
 */
@Service
public class TrackingService {

    private final JdbcTemplate jdbc;
    private final CampaignService campaigns;

    TrackingService(JdbcTemplate jdbc, CampaignService campaigns) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
    }

    @Transactional(readOnly = true)
    public TrackingStats stats(UUID campaignId) {
        campaigns.get(campaignId); // 404 / 403
        return jdbc.queryForObject("""
                select count(*) filter (where kind = 'OPEN') as opens,
                       count(*) filter (where kind = 'OPEN' and first_of_kind) as unique_opens,
                       count(*) filter (where kind = 'OPEN' and machine_suspected) as machine_opens,
                       count(distinct recipient_id) filter (where kind = 'OPEN' and not machine_suspected)
                           as human_unique_opens,
                       count(*) filter (where kind = 'CLICK') as clicks,
                       count(*) filter (where kind = 'CLICK' and first_of_kind) as unique_clicks,
                       count(distinct recipient_id) filter (where kind = 'UNSUBSCRIBE') as unsubscribes,
                       count(*) filter (where kind = 'BOUNCE') as bounces,
                       count(distinct recipient_id) filter (where kind = 'COMPLAINT') as complaints
                  from tracking_event where tenant_id = ? and campaign_id = ?
                """, (rs, i) -> new TrackingStats(rs.getLong("opens"), rs.getLong("unique_opens"),
                rs.getLong("machine_opens"), rs.getLong("human_unique_opens"), rs.getLong("clicks"),
                rs.getLong("unique_clicks"), rs.getLong("unsubscribes"), rs.getLong("bounces"),
                rs.getLong("complaints")), TenantContext.require(), campaignId);
    }
}
