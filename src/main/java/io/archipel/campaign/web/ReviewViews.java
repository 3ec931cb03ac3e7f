package io.archipel.campaign.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.archipel.campaign.CampaignDates;
import io.archipel.campaign.Campaigns;
import org.jsoup.Jsoup;
import org.springframework.context.MessageSource;

/** What the review pages show, computed from the engine's read models (no data access here). */
public final class ReviewViews {

    /** A deadline is "soon" (amber) when less than this is left. */
    static final Duration SOON = Duration.ofHours(4);

    private ReviewViews() {
    }

    // ------------------------------------------------------------------------------------------------ the diff

    /** One changed value with its word diff; {@code rich} when the value is HTML (compared as text). */
    public record ChangeView(String path, String label, String before, String after, List<WordDiff.Segment> segments,
            boolean rich) {
    }

    /** The changes with their labels in the reader's language (the engine gives message keys). */
    static List<ChangeView> changes(List<Campaigns.Change> changes, MessageSource messages, Locale locale) {
        List<ChangeView> out = new ArrayList<>();
        if (changes == null) {
            return out;
        }
        for (Campaigns.Change c : changes) {
            boolean rich = looksLikeHtml(c.before()) || looksLikeHtml(c.after());
            String before = rich ? text(c.before()) : nz(c.before());
            String after = rich ? text(c.after()) : nz(c.after());
            String label = c.label() == null ? c.path() : messages.getMessage(c.label(), null, c.path(), locale);
            out.add(new ChangeView(c.path(), label, before, after, WordDiff.diff(before, after), rich));
        }
        return out;
    }

    private static boolean looksLikeHtml(String s) {
        return s != null && s.contains("<") && s.contains(">");
    }

    /** HTML as the words a reader sees (paragraphs separated by a blank line). */
    static String text(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        var doc = Jsoup.parseBodyFragment(html);
        doc.select("br").append("\\n");
        doc.select("p, li, h1, h2, h3, div").prepend("\\n\\n");
        String text = doc.body().text().replace("\\n", "\n");
        return text.replaceAll("[ \\t]*\\n[ \\t]*", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // --------------------------------------------------------------------------------------------- deadlines

    /** A review deadline as the inbox shows it: "in 5 h", "2 h late", with its state for the colour. */
    public record Deadline(Instant due, String label, String full, boolean overdue, boolean soon) {
    }

    static Deadline deadline(Instant due, Instant now, MessageSource messages, Locale locale) {
        if (due == null) {
            return new Deadline(null, messages.getMessage("review.deadline.none", null, locale), "", false, false);
        }
        Duration left = Duration.between(now, due);
        boolean overdue = left.isNegative();
        String amount = duration(overdue ? left.negated() : left, messages, locale);
        String label = messages.getMessage(overdue ? "review.deadline.late" : "review.deadline.in",
                new Object[] {amount}, locale);
        return new Deadline(due, label, dateTime(due, messages, locale), overdue, !overdue && left.compareTo(SOON) < 0);
    }

    /** "45 min", "5 h", "3 days" (rounded down, at least a minute). */
    static String duration(Duration d, MessageSource messages, Locale locale) {
        long minutes = Math.max(1, d.toMinutes());
        if (minutes < 60) {
            return messages.getMessage("review.duration.minutes", new Object[] {minutes}, locale);
        }
        long hours = d.toHours();
        if (hours < 48) {
            return messages.getMessage("review.duration.hours", new Object[] {hours}, locale);
        }
        return messages.getMessage("review.duration.days", new Object[] {d.toDays()}, locale);
    }

    static String dateTime(Instant at, MessageSource messages, Locale locale) {
        return CampaignDates.format(at, messages, locale);
    }
}
