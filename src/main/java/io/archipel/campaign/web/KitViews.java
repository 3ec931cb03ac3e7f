package io.archipel.campaign.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import io.archipel.campaign.Kits;

/**
 * Dates, states and progress of HQ kits as the HQ pages show them (instants in HQ's zone, Europe/Paris; window days
 * are calendar days, the same for every branch).
 */
public final class KitViews {

    private final Locale locale;
    private final PortalCampaignViews instants;

    KitViews(Locale locale) {
        this.locale = locale;
        this.instants = new PortalCampaignViews("Europe/Paris", locale);
    }

    /** "12 Jan 2027". */
    public String date(LocalDate day) {
        return day == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(day);
    }

    public String dateTime(Instant at) {
        return instants.dateTime(at);
    }

    public String when(Instant at) {
        return instants.when(at);
    }

    /** The share of {@code part} in {@code total}, in whole percent (0 when nothing is targeted). */
    public static int percent(int part, int total) {
        return total <= 0 ? 0 : (int) Math.round(part * 100.0 / total);
    }

    public static String statusClass(Kits.Status status) {
        return switch (status) {
            case DRAFT -> "kit-status-draft";
            case PUSHED -> "kit-status-pushed";
            case ARCHIVED -> "kit-status-archived";
        };
    }

    public static String statusIcon(Kits.Status status) {
        return switch (status) {
            case DRAFT -> "bi-pencil";
            case PUSHED -> "bi-send-check";
            case ARCHIVED -> "bi-archive";
        };
    }

    public static String stateClass(Kits.BranchState state) {
        return switch (state) {
            case PENDING -> "kit-state-pending";
            case USED -> "kit-state-used";
            case IGNORED -> "kit-state-ignored";
        };
    }

    public static String stateIcon(Kits.BranchState state) {
        return switch (state) {
            case PENDING -> "bi-hourglass-split";
            case USED -> "bi-check-circle-fill";
            case IGNORED -> "bi-dash-circle";
        };
    }
}
