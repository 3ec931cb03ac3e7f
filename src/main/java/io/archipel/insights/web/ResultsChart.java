package io.archipel.insights.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.archipel.insights.Insights.Bucket;
import io.archipel.insights.Insights.TrendPoint;

/**
 * A server-rendered SVG combo chart of a trend: bars for the messages delivered per bucket (left axis), a line for the
 * open rate (right axis, 0 to the rounded-up maximum; broken where a bucket has no e-mail). Coordinates are computed here so the template only draws; the
 * page shows the same figures in a table for screen readers.
 */
public record ResultsChart(int width, int height, List<Bar> bars, List<String> rateLines, List<Dot> dots,
        List<Tick> leftTicks, List<Tick> rightTicks, int plotLeft, int plotRight, int plotTop, int plotBottom) {

    public record Bar(double x, double y, double width, double height, String label, boolean labelled,
            double labelX) {
    }

    public record Dot(double x, double y) {
    }

    public record Tick(double y, String label) {
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    static final int LEFT = 52;
    static final int RIGHT = 52;
    static final int TOP = 14;
    static final int BOTTOM = 34;

    static ResultsChart of(List<TrendPoint> points, Bucket bucket, Locale locale, ResultsFormat format) {
        int plotLeft = LEFT;
        int plotRight = WIDTH - RIGHT;
        int plotTop = TOP;
        int plotBottom = HEIGHT - BOTTOM;
        double plotHeight = plotBottom - plotTop;
        long maxDelivered = points.stream().mapToLong(p -> p.figures().delivered()).max().orElse(0);
        long top = niceCeiling(Math.max(maxDelivered, 1));
        double maxRate = points.stream().map(p -> p.figures().openRate()).filter(r -> r != null)
                .mapToDouble(Double::doubleValue).max().orElse(0);
        double rateTop = Math.max(0.1, Math.ceil(maxRate * 10) / 10.0);
        int n = Math.max(points.size(), 1);
        double slot = (double) (plotRight - plotLeft) / n;
        double barWidth = Math.max(2, slot * 0.62);
        int labelEvery = Math.max(1, (int) Math.ceil(n / 9.0));
        DateTimeFormatter fmt = bucket == Bucket.MONTH ? DateTimeFormatter.ofPattern("MMM yy", locale)
                : DateTimeFormatter.ofPattern("d MMM", locale);
        List<Bar> bars = new ArrayList<>();
        List<Dot> dots = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            TrendPoint p = points.get(i);
            double cx = plotLeft + slot * i + slot / 2;
            double h = plotHeight * p.figures().delivered() / top;
            bars.add(new Bar(round(cx - barWidth / 2), round(plotBottom - h), round(barWidth), round(h),
                    label(p.start(), fmt), i % labelEvery == 0, round(cx)));
            Double rate = p.figures().openRate();
            if (rate != null) {
                double y = plotBottom - plotHeight * rate / rateTop;
                line.append(line.isEmpty() ? "" : " ").append(round(cx)).append(',').append(round(y));
                dots.add(new Dot(round(cx), round(y)));
            } else if (!line.isEmpty()) {
                // no e-mail delivered in this bucket: the line breaks rather than dropping to zero
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        List<Tick> left = new ArrayList<>();
        List<Tick> right = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            double y = round(plotBottom - plotHeight * k / 4);
            left.add(new Tick(y, format.number(top * k / 4)));
            right.add(new Tick(y, format.percent(rateTop * k / 4, 0)));
        }
        return new ResultsChart(WIDTH, HEIGHT, bars, lines, dots, left, right, plotLeft, plotRight, plotTop,
                plotBottom);
    }

    private static String label(LocalDate d, DateTimeFormatter fmt) {
        return fmt.format(d).replace(".", "");
    }

    /** 1, 2, 5 × 10^k at or above {@code v}, divisible by 4 ticks when possible. */
    static long niceCeiling(long v) {
        long magnitude = 1;
        while (magnitude * 10 <= v) {
            magnitude *= 10;
        }
        for (long step : new long[] {1, 2, 4, 5, 8, 10}) {
            if (step * magnitude >= v) {
                return Math.max(4, step * magnitude);
            }
        }
        return 10 * magnitude;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
