package io.archipel.campaign;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Where the gallery finds the results of sent campaigns. Implemented by the insights module (campaign never depends
 * on it); without an implementation the gallery shows no figure. Called inside a read transaction of the tenant.
 */
public interface CampaignResultsSource {

    /** The results of those of these campaigns that were sent (the others are absent from the map). */
    Map<UUID, Gallery.Results> results(Collection<UUID> campaignIds);
}
