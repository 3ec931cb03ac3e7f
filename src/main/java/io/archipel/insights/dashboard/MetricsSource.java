package io.archipel.insights.dashboard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the dashboards read besides the rollups of {@code insights.InsightsQueries}: the filter lists, the gallery flag
 * of campaigns and the all-time results of a few campaigns (for the gallery). Always for explicit ids the caller may
 * see (decided by {@link DashboardService} or, for the gallery, featured campaigns shown to the whole tenant).
 */
public interface MetricsSource {

    /** All-time results of these campaigns (those never sent are absent). */
    Map<UUID, Metrics> byCampaign(Collection<UUID> campaignIds);

    /** Those of these campaigns that are in the network gallery. */
    Set<UUID> featured(Collection<UUID> campaignIds);

    /** Templates and kits used by sends of these branches, for the filter lists. */
    List<Option> templateOptions(Collection<UUID> branchIds);

    List<Option> kitOptions(Collection<UUID> branchIds);

    record Option(UUID id, String name, String channel) {
    }
}
