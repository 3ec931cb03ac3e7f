package io.archipel.insights.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the dashboards read their figures from, always for an explicit set of branches the caller may see (the
 * scope is decided by {@link DashboardService} before calling). Runs inside the caller's read-only transaction.
 */
public interface MetricsSource {

    /** Results per branch of the sends started in the period (branches without a send are absent). */
    Map<UUID, Metrics> byBranch(DashboardFilter filter, Collection<UUID> branchIds);

    /** Contact base per branch over the period (channel, template and kit do not apply). */
    Map<UUID, ContactGrowth> contactsByBranch(DashboardFilter filter, Collection<UUID> branchIds);

    /** Results per bucket (start day of the week or month), in order; empty buckets may be absent. */
    Map<LocalDate, Metrics> trend(DashboardFilter filter, Collection<UUID> branchIds);

    /** The sends of the period, one row per campaign, most recent first, at most {@code limit}. */
    List<CampaignResult> campaigns(DashboardFilter filter, Collection<UUID> branchIds, int limit);

    /** Results per template used by the period's sends. */
    List<GroupResult> byTemplate(DashboardFilter filter, Collection<UUID> branchIds);

    /** Results per kit whose campaigns were sent in the period. */
    List<GroupResult> byKit(DashboardFilter filter, Collection<UUID> branchIds);

    /**
     * The period's sends with at least {@code minRecipients} delivered, best click rate first then open rate, at
     * most {@code limit}.
     */
    List<CampaignResult> best(DashboardFilter filter, Collection<UUID> branchIds, long minDelivered, int limit);

    /** All-time results of these campaigns (those never sent are absent). */
    Map<UUID, Metrics> byCampaign(Collection<UUID> campaignIds);

    /** Templates and kits used by sends of these branches, for the filter lists. */
    List<Option> templateOptions(Collection<UUID> branchIds);

    List<Option> kitOptions(Collection<UUID> branchIds);

    record CampaignResult(UUID campaignId, String name, UUID branchId, String channel, UUID templateId,
            String templateName, UUID kitId, String kitName, Instant startedAt, boolean featured, Metrics metrics) {
    }

    record GroupResult(UUID id, String name, String channel, long branches, Metrics metrics) {
    }

    record Option(UUID id, String name, String channel) {
    }
}
