package io.archipel.insights.dashboard;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;

/**
 * Draws a trend as a self-contained SVG (colours as presentation attributes, no script, no external style), so the
 * same markup is shown in the page, downloaded as an .svg file and turned into a PNG by the browser: bars for the
 * messages sent (or delivered) per bucket (left axis), lines for the open and click rates (right axis, in %). The
 * {@code /insights} dashboards and the branch results page ({@code /portal/results}) both draw with it, and show the
 * same {@link Point}s as a table (fragment {@code insights/fragments :: trend-table}).
 */
public final class TrendChart {

    static final int WIDTH = 760;
    static final int HEIGHT = 280;
    private static final int LEFT = 56;
    private static final int RIGHT = 52;
    private static final int TOP = 40;
    private static final int BOTTOM = 44;
    static final String BAR = "#93b4f5";
    static final String OPEN = "#1d4ed8";
    static final String CLICK = "#b45309";
    private static final String INK = "#334155";
    private static final String GRID = "#e2e8f0";

    private TrendChart() {
    }

    /**
     * The labels the chart prints, in the reader's language; {@code sent} names the bars. A description, when given,
     * goes into the SVG's {@code <desc>} for screen readers.
     */
    public record Labels(String title, String sent, String openRate, String clickRate, String description) {

        public Labels(String title, String sent, String openRate, String clickRate) {
            this(title, sent, openRate, clickRate, null);
        }
    }

    /**
     * One bucket of a trend as the chart and the trend table show it.
     *
     * @param volume the bar: messages sent (dashboards) or delivered (branch results)
     */
    public record Point(LocalDate start, long campaigns, long volume, Double openRate, Double clickRate) {

        /** The dashboards' buckets: bars are the messages sent. */
        public static List<Point> sent(List<Dashboards.TrendPoint> points) {
            return points.stream().map(p -> new Point(p.start(), p.metrics().campaigns(), p.metrics().sent(),
                    p.metrics().openRate(), p.metrics().clickRate())).toList();
        }

        /** The branch results' buckets: bars are the messages delivered, the open rate is over e-mails only. */
        public static List<Point> delivered(List<io.archipel.insights.Insights.TrendPoint> points) {
            return points.stream().map(p -> new Point(p.start(), p.figures().campaigns(), p.figures().delivered(),
                    p.figures().openRate(), p.figures().clickRate())).toList();
        }
    }

    public static String svg(List<Dashboards.TrendPoint> points, DashboardFilter.Granularity granularity,
            Labels labels, Locale locale) {
        return draw(Point.sent(points), granularity == DashboardFilter.Granularity.MONTH, labels, locale);
    }

    /** The chart of {@code points}, labelled by month ("Nov 26") when {@code monthly}, else by the bucket's day. */
    public static String draw(List<Point> points, boolean monthly, Labels labels, Locale locale) {
        NumberFormat count = NumberFormat.getIntegerInstance(locale);
        NumberFormat pct = NumberFormat.getPercentInstance(locale);
        pct.setMaximumFractionDigits(1);
        DateTimeFormatter dayFormat = monthly
                ? DateTimeFormatter.ofPattern("MMM yy", locale)
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale);
        int n = Math.max(1, points.size());
        long maxSent = Math.max(1, points.stream().mapToLong(Point::volume).max().orElse(0));
        double maxRate = points.stream().flatMap(p -> java.util.stream.Stream.of(p.openRate(),
                p.clickRate())).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max()
                .orElse(0);
        double rateTop = 1.0;
        for (double top : new double[] {0.04, 0.08, 0.12, 0.2, 0.4, 0.6, 0.8, 1.0}) {
            if (maxRate <= top) {
                rateTop = top;
                break;
            }
        }
        long sentTop = niceCeiling(maxSent);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double step = plotW / n;

        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\" "
                        + "font-size=\"11\" role=\"img\" aria-label=\"").append(esc(labels.title())).append("\">");
        if (labels.description() != null) {
            s.append("<title>").append(esc(labels.title())).append("</title><desc>")
                    .append(esc(labels.description())).append("</desc>");
        }
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        // legend
        s.append("<rect x=\"").append(LEFT).append("\" y=\"12\" width=\"12\" height=\"12\" fill=\"").append(BAR)
                .append("\"/><text x=\"").append(LEFT + 16).append("\" y=\"22\" fill=\"").append(INK).append("\">")
                .append(esc(labels.sent())).append("</text>");
        int lx = LEFT + 40 + labels.sent().length() * 6;
        s.append(legendLine(lx, OPEN, false)).append("<text x=\"").append(lx + 22).append("\" y=\"22\" fill=\"")
                .append(INK).append("\">").append(esc(labels.openRate())).append("</text>");
        lx += 50 + labels.openRate().length() * 6;
        s.append(legendLine(lx, CLICK, true)).append("<text x=\"").append(lx + 22).append("\" y=\"22\" fill=\"")
                .append(INK).append("\">").append(esc(labels.clickRate())).append("</text>");
        // grid and axes
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - plotH * i / 4;
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\" stroke=\"").append(GRID).append("\"/>");
            s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"").append(INK).append("\">")
                    .append(esc(count.format(sentTop * i / 4))).append("</text>");
            s.append("<text x=\"").append(WIDTH - RIGHT + 6).append("\" y=\"").append(f(y + 4)).append("\" fill=\"")
                    .append(INK).append("\">").append(esc(pct.format(rateTop * i / 4))).append("</text>");
        }
        // bars
        int labelEvery = Math.max(1, (int) Math.ceil(n / 10.0));
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double h = plotH * p.volume() / sentTop;
            double x = LEFT + step * i + step * 0.15;
            s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(TOP + plotH - h)).append("\" width=\"")
                    .append(f(step * 0.7)).append("\" height=\"").append(f(h)).append("\" fill=\"").append(BAR)
                    .append("\"><title>").append(esc(dayFormat.format(p.start()) + " · " + labels.sent() + ": "
                            + count.format(p.volume()))).append("</title></rect>");
            if (i % labelEvery == 0) {
                s.append("<text x=\"").append(f(LEFT + step * i + step / 2)).append("\" y=\"")
                        .append(HEIGHT - BOTTOM + 16).append("\" text-anchor=\"middle\" fill=\"").append(INK)
                        .append("\">").append(esc(dayFormat.format(p.start()))).append("</text>");
            }
        }
        s.append(line(points, step, plotH, rateTop, true, pct, dayFormat, labels.openRate()));
        s.append(line(points, step, plotH, rateTop, false, pct, dayFormat, labels.clickRate()));
        s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(f(TOP + plotH)).append("\" y2=\"").append(f(TOP + plotH)).append("\" stroke=\"").append(INK)
                .append("\"/>");
        s.append("</svg>");
        return s.toString();
    }

    private static String line(List<Point> points, double step, double plotH, double rateTop,
            boolean open, NumberFormat pct, DateTimeFormatter dayFormat, String label) {
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        String colour = open ? OPEN : CLICK;
        boolean pen = false;
        for (int i = 0; i < points.size(); i++) {
            Double r = open ? points.get(i).openRate() : points.get(i).clickRate();
            if (r == null) {
                pen = false;
                continue;
            }
            double x = LEFT + step * i + step / 2;
            double y = TOP + plotH - plotH * Math.min(r, rateTop) / rateTop;
            path.append(pen ? " L" : " M").append(f(x)).append(' ').append(f(y));
            pen = true;
            dots.append(open ? "<circle cx=\"" + f(x) + "\" cy=\"" + f(y) + "\" r=\"3.5\""
                    : "<rect x=\"" + f(x - 3.5) + "\" y=\"" + f(y - 3.5) + "\" width=\"7\" height=\"7\"")
                    .append(" fill=\"").append(colour).append("\"><title>")
                    .append(esc(dayFormat.format(points.get(i).start()) + " · " + label + ": " + pct.format(r)))
                    .append("</title>").append(open ? "</circle>" : "</rect>");
        }
        if (path.isEmpty()) {
            return "";
        }
        return "<path d=\"" + path.toString().trim() + "\" fill=\"none\" stroke=\"" + colour
                + "\" stroke-width=\"2\"" + (open ? "" : " stroke-dasharray=\"6 3\"") + "/>" + dots;
    }

    private static String legendLine(int x, String colour, boolean dashed) {
        return "<line x1=\"" + x + "\" x2=\"" + (x + 18) + "\" y1=\"18\" y2=\"18\" stroke=\"" + colour
                + "\" stroke-width=\"2\"" + (dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>";
    }

    static long niceCeiling(long v) {
        long magnitude = 1;
        while (magnitude * 10 <= v) {
            magnitude *= 10;
        }
        for (long m : new long[] {1, 2, 4, 5, 10}) {
            if (m * magnitude >= v) {
                return Math.max(4, m * magnitude);
            }
        }
        return v;
    }

    private static String f(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
