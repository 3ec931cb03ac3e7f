package io.archipel.insights.dashboard;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.archipel.campaign.CampaignResultsSource;
import io.archipel.campaign.Gallery;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives the network gallery the real results of featured campaigns: messages delivered, unique opens, unique clicks,
 * all time (a featured campaign's results keep growing after the dashboard's period).
 */
@Component
class GalleryResults implements CampaignResultsSource {

    private final MetricsSource source;

    GalleryResults(MetricsSource source) {
        this.source = source;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Gallery.Results> results(Collection<UUID> campaignIds) {
        Map<UUID, Gallery.Results> out = new LinkedHashMap<>();
        source.byCampaign(campaignIds).forEach((id, m) -> {
            if (m.sent() > 0) {
                out.put(id, new Gallery.Results(m.delivered(), m.uniqueOpens(), m.uniqueClicks()));
            }
        });
        return out;
    }
}
