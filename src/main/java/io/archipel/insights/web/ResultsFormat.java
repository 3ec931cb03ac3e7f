package io.archipel.insights.web;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Locale-aware number, percentage and date formatting for the results pages ("—" for no data). */
public class ResultsFormat {

    public static final String NONE = "—";

    private final Locale locale;

    public ResultsFormat(Locale locale) {
        this.locale = locale;
    }

    public String number(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    /** The same as {@link #number}, under the name the shared trend table calls ({@link InsightsFormat#count}). */
    public String count(long n) {
        return number(n);
    }

    public String decimal(Double d) {
        if (d == null) {
            return NONE;
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(1);
        return f.format(d);
    }

    public String percent(Double ratio) {
        return percent(ratio, 1);
    }

    public String percent(Double ratio, int decimals) {
        if (ratio == null) {
            return NONE;
        }
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(ratio);
    }

    /** A signed count: "+12", "−3", "0". */
    public String signed(long n) {
        return n > 0 ? "+" + number(n) : n < 0 ? "−" + number(-n) : "0";
    }

    public String date(LocalDate d) {
        return d == null ? NONE : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(d);
    }

    /**
     * How a value compares with a median: "better", "worse" or "level" (within half a percentage point for rates),
     * null when either is missing. {@code higherIsBetter} is false for unsubscribes and bounces.
     */
    public String cue(Double mine, Double median, boolean higherIsBetter, double tolerance) {
        if (mine == null || median == null) {
            return null;
        }
        double diff = mine - median;
        if (Math.abs(diff) <= tolerance) {
            return "level";
        }
        return (diff > 0) == higherIsBetter ? "better" : "worse";
    }
}
