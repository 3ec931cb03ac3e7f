package io.archipel.campaign.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-by-word diff of two short texts (what a branch changed in a block against the template's default), as
 * segments a page highlights: kept, removed, added. Words, runs of white space and single punctuation marks are the
 * units, so "les soldes" → "nos soldes" shows one word replaced. Longest common subsequence over at most
 * {@value #MAX_TOKENS} units per side (editable blocks are short); beyond that the whole text is shown as replaced.
 * <p>
 * Written here rather than pulling a diff library in: the need is one small LCS over a few hundred words, and the
 * output (segments for Thymeleaf to escape) is specific to this page.
 */
public final class WordDiff {

    static final int MAX_TOKENS = 1500;

    private static final Pattern TOKEN = Pattern.compile("\\s+|[\\p{L}\\p{N}_'’-]+|[^\\s\\p{L}\\p{N}_]");

    public enum Kind { SAME, REMOVED, ADDED }

    /** A run of text of one kind; the page shows it escaped (th:text). */
    public record Segment(Kind kind, String text) {
        public boolean same() {
            return kind == Kind.SAME;
        }

        public boolean removed() {
            return kind == Kind.REMOVED;
        }

        public boolean added() {
            return kind == Kind.ADDED;
        }
    }

    private WordDiff() {
    }

    static List<Segment> diff(String before, String after) {
        List<String> a = tokens(before == null ? "" : before);
        List<String> b = tokens(after == null ? "" : after);
        List<Segment> out = new ArrayList<>();
        if (a.size() > MAX_TOKENS || b.size() > MAX_TOKENS) {
            add(out, Kind.REMOVED, String.join("", a));
            add(out, Kind.ADDED, String.join("", b));
            return out;
        }
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                add(out, Kind.SAME, a.get(i));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                add(out, Kind.REMOVED, a.get(i++));
            } else {
                add(out, Kind.ADDED, b.get(j++));
            }
        }
        while (i < n) {
            add(out, Kind.REMOVED, a.get(i++));
        }
        while (j < m) {
            add(out, Kind.ADDED, b.get(j++));
        }
        return tidy(out);
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                tokens.add(text.substring(last, m.start()));
            }
            tokens.add(m.group());
            last = m.end();
        }
        if (last < text.length()) {
            tokens.add(text.substring(last));
        }
        return tokens;
    }

    private static void add(List<Segment> out, Kind kind, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!out.isEmpty() && out.get(out.size() - 1).kind() == kind) {
            Segment last = out.remove(out.size() - 1);
            out.add(new Segment(kind, last.text() + text));
        } else {
            out.add(new Segment(kind, text));
        }
    }

    /**
     * A lone space kept between two changes ("old word" → "new text") reads better inside the change: it is folded
     * into the removed and added runs around it, so the page shows one replaced phrase instead of confetti.
     */
    private static List<Segment> tidy(List<Segment> segments) {
        List<Segment> out = new ArrayList<>();
        for (int k = 0; k < segments.size(); k++) {
            Segment s = segments.get(k);
            boolean between = k > 0 && k < segments.size() - 1 && s.same() && s.text().isBlank()
                    && !segments.get(k - 1).same() && !segments.get(k + 1).same();
            if (between) {
                // the space goes into both sides of the change
                out.add(new Segment(Kind.REMOVED, s.text()));
                out.add(new Segment(Kind.ADDED, s.text()));
                continue;
            }
            out.add(s);
        }
        // regroup: within a run of changes, all removed text first, then all added text
        List<Segment> regrouped = new ArrayList<>();
        StringBuilder removed = new StringBuilder();
        StringBuilder added = new StringBuilder();
        for (Segment s : out) {
            if (s.same()) {
                flush(regrouped, removed, added);
                add(regrouped, Kind.SAME, s.text());
            } else if (s.removed()) {
                removed.append(s.text());
            } else {
                added.append(s.text());
            }
        }
        flush(regrouped, removed, added);
        return regrouped;
    }

    /**
     * Emits one run of changes: removed text, then added text. White space both sides begin or end with is kept text
     * (shown plain around the change, not struck through and inserted again).
     */
    private static void flush(List<Segment> out, StringBuilder removed, StringBuilder added) {
        String r = removed.toString();
        String a = added.toString();
        removed.setLength(0);
        added.setLength(0);
        if (r.isEmpty() || a.isEmpty()) {
            add(out, Kind.REMOVED, r);
            add(out, Kind.ADDED, a);
            return;
        }
        int p = 0;
        while (p < r.length() && p < a.length() && r.charAt(p) == a.charAt(p) && Character.isWhitespace(r.charAt(p))) {
            p++;
        }
        String before = r.substring(0, p);
        r = r.substring(p);
        a = a.substring(p);
        int q = 0;
        while (q < r.length() && q < a.length() && r.charAt(r.length() - 1 - q) == a.charAt(a.length() - 1 - q)
                && Character.isWhitespace(r.charAt(r.length() - 1 - q))) {
            q++;
        }
        String after = r.substring(r.length() - q);
        r = r.substring(0, r.length() - q);
        a = a.substring(0, a.length() - q);
        add(out, Kind.SAME, before);
        add(out, Kind.REMOVED, r);
        add(out, Kind.ADDED, a);
        add(out, Kind.SAME, after);
    }
}
