package io.archipel.campaign.compliance;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.archipel.campaign.Compliance;
import io.archipel.campaign.Compliance.InvalidRuleException;

/**
 * The regular expressions of RESTRICTED_PATTERN rules: Java syntax, matched ignoring case. A pattern is checked when
 * saved: it must compile, must not match an empty text (it would flag everything), and must give its answer on
 * a few long repetitive probes within a small budget (nested repetitions such as {@code (x+x+)+y} do not).
 */
public final class RulePatterns {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    /**
     * Reads allowed per probe: deterministic (the deadline is only a backstop), so a pattern is refused for how it
     * scales, not for how busy the server is. On 200-character probes, patterns that backtrack cubically or worse
     * (about 8 million reads for {@code (x+x+)+y}) are refused; ordinary ones need a few thousand.
     */
    private static final long PROBE_READS = 1_000_000;
    private static final long PROBE_MILLIS = 2_000;
    private static final int PROBE_LENGTH = 200;

    private RulePatterns() {
    }

    /** The compiled pattern, or null when it does not compile (a rule saved before a syntax change: ignored). */
    static Pattern compileOrNull(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return null;
        }
        try {
            return Pattern.compile(pattern, FLAGS);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    /** Refuses a pattern that cannot be used, on field {@code pattern}; returns it trimmed. */
    public static String validate(String raw) {
        String pattern = raw == null ? "" : raw.strip();
        if (pattern.isEmpty()) {
            throw new InvalidRuleException("pattern", "validation.required");
        }
        if (pattern.length() > Compliance.MAX_PATTERN_LENGTH) {
            throw new InvalidRuleException("pattern", "compliance.rule.pattern.tooLong", Compliance.MAX_PATTERN_LENGTH);
        }
        Pattern p;
        try {
            p = Pattern.compile(pattern, FLAGS);
        } catch (PatternSyntaxException e) {
            throw new InvalidRuleException("pattern", "compliance.rule.pattern.invalid",
                    Math.max(1, e.getIndex() + 1));
        }
        try {
            if (p.matcher(new GuardedText("", new GuardedText.Budget(PROBE_READS, PROBE_MILLIS))).find()) {
                throw new InvalidRuleException("pattern", "compliance.rule.pattern.matchesEmpty");
            }
            for (String probe : probes(pattern)) {
                p.matcher(new GuardedText(probe, new GuardedText.Budget(PROBE_READS, PROBE_MILLIS))).find();
            }
        } catch (GuardedText.TooSlowException | StackOverflowError e) {
            throw new InvalidRuleException("pattern", "compliance.rule.pattern.tooSlow");
        }
        return pattern;
    }

    /** Long runs of each letter, digit or space the pattern names (and of a few usual ones), then a stray end. */
    private static Set<String> probes(String pattern) {
        Set<Character> chars = new LinkedHashSet<>();
        for (char c : pattern.toCharArray()) {
            if (Character.isLetterOrDigit(c) && chars.size() < 12) {
                chars.add(Character.toLowerCase(c));
            }
        }
        chars.add('a');
        chars.add('1');
        chars.add(' ');
        Set<String> probes = new LinkedHashSet<>();
        for (char c : chars) {
            probes.add(String.valueOf(c).repeat(PROBE_LENGTH) + "\u0001");
            probes.add(String.valueOf(c).repeat(PROBE_LENGTH));
        }
        probes.add("ab".repeat(PROBE_LENGTH / 2) + "\u0001");
        return probes;
    }
}
