package io.archipel.campaign.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Locale;

import io.archipel.campaign.CampaignDates;
import io.archipel.campaign.CampaignStatus;

/**
 * Dates and statuses as the branch portal shows them: every instant in the BRANCH's time zone (a campaign is sent at
 * the branch's local time, whoever looks at it), in the reader's language.
 */
public final class PortalCampaignViews {

    private final ZoneId zone;
    private final Locale locale;

    PortalCampaignViews(String timeZone, Locale locale) {
        this.zone = zone(timeZone);
        this.locale = locale;
    }

    static ZoneId zone(String timeZone) {
        return CampaignDates.zone(timeZone);
    }

    public ZoneId zoneId() {
        return zone;
    }

    /** "Europe/Paris (Central European Time)". */
    public String zoneLabel() {
        return zone.getId() + " (" + zone.getDisplayName(TextStyle.FULL, locale) + ")";
    }

    public String dateTime(Instant at) {
        if (at == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(at.atZone(zone));
    }

    /** "Tuesday 12 January 2027". */
    public String longDate(Instant at) {
        if (at == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(at.atZone(zone));
    }

    public String time(Instant at) {
        if (at == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(at.atZone(zone));
    }

    /** A date of the list: the time only when today, else a short date and time. */
    public String when(Instant at) {
        if (at == null) {
            return "";
        }
        ZonedDateTime local = at.atZone(zone);
        if (local.toLocalDate().equals(LocalDate.now(zone))) {
            return time(at);
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).format(local);
    }

    /** The value of a date input ({@code yyyy-MM-dd}) for an instant, in the branch's zone. */
    public String inputDate(Instant at) {
        return at == null ? "" : at.atZone(zone).toLocalDate().toString();
    }

    /** The value of a time input ({@code HH:mm}). */
    public String inputTime(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofPattern("HH:mm").format(at.atZone(zone));
    }

    public String today() {
        return LocalDate.now(zone).toString();
    }

    /** The CSS modifier of a status badge. */
    public static String statusClass(CampaignStatus status) {
        if (status == null) {
            return "campaign-status-draft";
        }
        return switch (status) {
            case DRAFT -> "campaign-status-draft";
            case IN_REVIEW -> "campaign-status-review";
            case CHANGES_REQUESTED -> "campaign-status-changes";
            case APPROVED, SCHEDULED -> "campaign-status-approved";
            case SENDING, SENT -> "campaign-status-sent";
            case CANCELLED -> "campaign-status-cancelled";
        };
    }

    public static String statusIcon(CampaignStatus status) {
        if (status == null) {
            return "bi-pencil";
        }
        return switch (status) {
            case DRAFT -> "bi-pencil";
            case IN_REVIEW -> "bi-hourglass-split";
            case CHANGES_REQUESTED -> "bi-arrow-return-left";
            case APPROVED -> "bi-check2-circle";
            case SCHEDULED -> "bi-calendar-check";
            case SENDING -> "bi-send";
            case SENT -> "bi-send-check";
            case CANCELLED -> "bi-x-circle";
        };
    }
}
