package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

class CampaignDatesTest {

    private final StaticMessageSource messages = new StaticMessageSource();

    CampaignDatesTest() {
        messages.addMessage("review.dateTimePattern", Locale.FRENCH, "d MMM yyyy, HH:mm");
        messages.addMessage("review.dateTimePattern", Locale.ENGLISH, "MMM d, yyyy, h:mm a");
    }

    @Test
    void aSendDateOverseasIsShownAtTheBranchsOwnTimeAndNamesItsZone() {
        Instant tenAmInGuadeloupe = Instant.parse("2026-12-01T14:00:00Z");
        assertThat(CampaignDates.format(tenAmInGuadeloupe, ZoneId.of("America/Guadeloupe"), messages, Locale.FRENCH))
                .startsWith("1 déc. 2026, 10:00 (").endsWith(")");
        assertThat(CampaignDates.format(tenAmInGuadeloupe, ZoneId.of("America/Guadeloupe"), messages, Locale.ENGLISH))
                .startsWith("Dec 1, 2026, 10:00 AM (Atlantic");
    }

    @Test
    void aBranchOnTheNetworksClockNeedsNoZoneName() {
        Instant at = Instant.parse("2026-12-01T09:00:00Z");
        assertThat(CampaignDates.format(at, ZoneId.of("Europe/Paris"), messages, Locale.FRENCH))
                .isEqualTo("1 déc. 2026, 10:00");
        assertThat(CampaignDates.format(at, ZoneId.of("Europe/Brussels"), messages, Locale.FRENCH))
                .isEqualTo("1 déc. 2026, 10:00");
        assertThat(CampaignDates.zone("Not/AZone")).isEqualTo(CampaignDates.NETWORK_ZONE);
        assertThat(CampaignDates.format(null, messages, Locale.FRENCH)).isEmpty();
    }
}
