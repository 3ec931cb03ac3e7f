package io.archipel.insights.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a dashboard shows: a period (a preset or custom dates, both days included), optionally one channel, one
 * template, one kit, and the granularity of trend charts. Built from the query string, so that every view is a
 * shareable URL; anything unreadable falls back to the default (last 30 days, everything, weekly).
 */
public record DashboardFilter(String preset, LocalDate from, LocalDate to, String channel, UUID templateId,
        UUID kitId, Granularity granularity) {

    /** Days are cut in the network's time zone. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /** The longest custom period, so that a typo cannot ask for a century of weeks. */
    static final long MAX_DAYS = 3 * 366;

    public enum Granularity { WEEK, MONTH }

    public static final String[] PRESETS = {"30d", "90d", "12m", "ytd", "custom"};

    public static DashboardFilter defaults() {
        return of(null, null, null, null, null, null, null, LocalDate.now(ZONE));
    }

    /** Reads request parameters leniently (an unknown value is ignored). {@code today} anchors the presets. */
    public static DashboardFilter of(String preset, String from, String to, String channel, String templateId,
            String kitId, String granularity, LocalDate today) {
        String p = preset == null || preset.isBlank() ? "30d" : preset.trim();
        LocalDate start;
        LocalDate end = today;
        switch (p) {
            case "90d" -> start = today.minusDays(89);
            case "12m" -> start = today.minusMonths(12).plusDays(1);
            case "ytd" -> start = today.withDayOfYear(1);
            case "custom" -> {
                LocalDate f = date(from);
                LocalDate t = date(to);
                if (f == null && t == null) {
                    p = "30d";
                    start = today.minusDays(29);
                } else {
                    end = t == null ? today : t;
                    start = f == null ? end.minusDays(29) : f;
                    if (start.isAfter(end)) {
                        LocalDate swap = start;
                        start = end;
                        end = swap;
                    }
                    if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) {
                        start = end.minusDays(MAX_DAYS);
                    }
                }
            }
            default -> {
                p = "30d";
                start = today.minusDays(29);
            }
        }
        String ch = "EMAIL".equalsIgnoreCase(channel) ? "EMAIL" : "SMS".equalsIgnoreCase(channel) ? "SMS" : null;
        Granularity g;
        if ("month".equalsIgnoreCase(granularity)) {
            g = Granularity.MONTH;
        } else if ("week".equalsIgnoreCase(granularity)) {
            g = Granularity.WEEK;
        } else {
            g = ChronoUnit.DAYS.between(start, end) > 120 ? Granularity.MONTH : Granularity.WEEK;
        }
        return new DashboardFilter(p, start, end, ch, uuid(templateId), uuid(kitId), g);
    }

    public Instant fromInstant() {
        return from.atStartOfDay(ZONE).toInstant();
    }

    /** The end of the period, exclusive (the day after {@link #to}). */
    public Instant toInstantExclusive() {
        return to.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    /** The same length of time just before this period (for "vs previous period"). */
    public DashboardFilter previous() {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return new DashboardFilter("custom", from.minusDays(days), from.minusDays(1), channel, templateId, kitId,
                granularity);
    }

    /** The same period and narrowing for the insights read API. */
    public io.archipel.insights.Insights.Filter toInsights() {
        return new io.archipel.insights.Insights.Filter(from, to,
                channel == null ? null : io.archipel.insights.Insights.Channel.valueOf(channel), templateId, kitId);
    }

    public boolean isCustom() {
        return "custom".equals(preset);
    }

    public boolean hasNarrowing() {
        return channel != null || templateId != null || kitId != null;
    }

    /** The query parameters that reproduce this filter (for links, exports and htmx requests). */
    public Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("period", preset);
        if (isCustom()) {
            m.put("from", from.toString());
            m.put("to", to.toString());
        }
        if (channel != null) {
            m.put("channel", channel);
        }
        if (templateId != null) {
            m.put("template", templateId.toString());
        }
        if (kitId != null) {
            m.put("kit", kitId.toString());
        }
        m.put("g", granularity.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    /** {@link #params()} as a query string starting with {@code ?}. */
    public String query() {
        StringBuilder sb = new StringBuilder();
        params().forEach((k, v) -> sb.append(sb.isEmpty() ? '?' : '&').append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /** A short label for file names: {@code 2026-10-25_2026-11-23}. */
    public String fileLabel() {
        return from + "_" + to;
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static UUID uuid(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(s.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
