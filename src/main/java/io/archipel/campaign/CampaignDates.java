package io.archipel.campaign;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * Dates of the campaign workflow as people read them ({@code review.dateTimePattern}). The network's own time is
 * Europe/Paris; a send date belongs to its branch, so it is shown in the branch's zone, named when that zone's clock
 * differs from the network's at that moment (a branch overseas sends at its own 10:00).
 */
public final class CampaignDates {

    /** The network's time zone (French networks for now, as elsewhere in the app). */
    public static final ZoneId NETWORK_ZONE = ZoneId.of("Europe/Paris");

    private CampaignDates() {
    }

    /** In the network's zone ("" for null). */
    public static String format(Instant at, MessageSource messages, Locale locale) {
        return format(at, NETWORK_ZONE, messages, locale);
    }

    /** In {@code zone}, followed by the zone's name when its clock differs from the network's ("" for null). */
    public static String format(Instant at, ZoneId zone, MessageSource messages, Locale locale) {
        if (at == null) {
            return "";
        }
        String text = DateTimeFormatter.ofPattern(messages.getMessage("review.dateTimePattern", null, locale), locale)
                .format(at.atZone(zone));
        boolean sameClock = zone.getRules().getOffset(at).equals(NETWORK_ZONE.getRules().getOffset(at));
        return sameClock ? text : text + " (" + zone.getDisplayName(TextStyle.FULL, locale) + ")";
    }

    /** A branch's time zone id, or the network's when missing or unknown. */
    public static ZoneId zone(String timeZone) {
        try {
            return timeZone == null || timeZone.isBlank() ? NETWORK_ZONE : ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return NETWORK_ZONE;
        }
    }
}
