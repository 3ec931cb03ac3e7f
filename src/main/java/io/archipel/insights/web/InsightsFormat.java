package io.archipel.insights.web;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import io.archipel.insights.dashboard.DashboardFilter;
import io.archipel.insights.dashboard.DashboardRow;
import io.archipel.insights.dashboard.Metrics;

/** Numbers and dates of the dashboards as the reader writes them ({@code 12,5 %} in French); "—" for no value. */
public final class InsightsFormat {

    public static final String NONE = "—";

    private final Locale locale;

    InsightsFormat(Locale locale) {
        this.locale = locale;
    }

    public String count(long v) {
        return NumberFormat.getIntegerInstance(locale).format(v);
    }

    public String percent(Double v) {
        if (v == null) {
            return NONE;
        }
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        return f.format(v);
    }

    /** A change in percentage points or percent with its sign ({@code +2.1 %}). */
    public String signedPercent(Double v) {
        if (v == null) {
            return NONE;
        }
        String s = percent(Math.abs(v));
        return (v > 0.00049 ? "+" : v < -0.00049 ? "−" : "±") + s;
    }

    public String signedCount(long v) {
        return (v > 0 ? "+" : v < 0 ? "−" : "±") + count(Math.abs(v));
    }

    public String decimal(Double v) {
        if (v == null) {
            return NONE;
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        return f.format(v);
    }

    /** A column's value as shown in league and heat-map tables. */
    public String value(DashboardRow.Column column, Double v) {
        if (v == null) {
            return NONE;
        }
        if (column == DashboardRow.Column.CONTACT_GROWTH) {
            return signedPercent(v);
        }
        return column.percent() ? percent(v) : count(Math.round(v));
    }

    public String date(LocalDate d) {
        return d == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(d);
    }

    public String dateTime(Instant i) {
        return i == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                .format(i.atZone(DashboardFilter.ZONE));
    }

    /** The change between two periods' counts, relative to the earlier one; null when there was nothing before. */
    public Double change(long now, long before) {
        return before <= 0 ? null : (double) (now - before) / before;
    }

    /** A rate's difference in points between this period and the previous one. */
    public Double pointsChange(Double now, Double before) {
        return now == null || before == null ? null : now - before;
    }

    public Double openRateOf(Metrics m) {
        return m.openRate();
    }
}
