package io.archipel.campaign.compliance;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.brand.BlockField;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.MergeField;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplateProblem;
import io.archipel.campaign.Compliance.Finding;
import io.archipel.campaign.Compliance.Rule;
import io.archipel.campaign.Compliance.RuleKind;
import io.archipel.campaign.Compliance.Severity;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * Checks content against the enabled rules of a network, without Spring or a database: the rules and what the
 * brand kit adds (its legal footer, typical merge values) come in, findings come out, each tied to the place it
 * concerns. Rules that are switched off are left out by the caller.
 */
public final class ComplianceChecker {

    /** Findings keys (bundle {@code messages/compliance}); the rule's note is always the last argument. */
    static final String WORD = "compliance.finding.word";
    static final String PATTERN = "compliance.finding.pattern";
    static final String PATTERN_UNCHECKED = "compliance.finding.patternUnchecked";
    static final String LINK = "compliance.finding.link";
    static final String FOOTER_MISSING = "compliance.finding.footerMissing";
    static final String FOOTER_EMPTY = "compliance.finding.footerEmpty";
    static final String ALT = "compliance.finding.alt";
    static final String SUBJECT_LENGTH = "compliance.finding.subjectLength";
    static final String FALLBACK = "compliance.finding.fallback";

    /** What a check needs besides the rules: the kit's legal footer as text, and typical merge values. */
    public record Context(String legalFooterText, Map<MergeField, String> typicalValues) {
        public Context {
            legalFooterText = legalFooterText == null ? "" : legalFooterText;
            typicalValues = typicalValues == null ? Map.of() : Map.copyOf(typicalValues);
        }
    }

    /** Reads allowed per text and pattern, and the time a pattern may take on one text. */
    static final long PATTERN_READS = 2_000_000;
    static final long PATTERN_MILLIS = 500;
    private static final int MAX_QUOTED = 60;
    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"']+");

    private record WordRule(Rule rule, String word, Pattern pattern) {
    }

    private record PatternRule(Rule rule, Pattern pattern) {
    }

    private final List<WordRule> words = new ArrayList<>();
    private final List<PatternRule> patterns = new ArrayList<>();
    private final List<Rule> linkRules = new ArrayList<>();
    private final List<String> allowedDomains = new ArrayList<>();
    private final List<Rule> footerRules = new ArrayList<>();
    private final List<Rule> altRules = new ArrayList<>();
    private final List<Rule> subjectRules = new ArrayList<>();
    private final List<Rule> fallbackRules = new ArrayList<>();
    private final Context context;

    public ComplianceChecker(List<Rule> rules, Context context) {
        this.context = context == null ? new Context("", Map.of()) : context;
        for (Rule rule : rules) {
            if (!rule.enabled()) {
                continue;
            }
            switch (rule.kind()) {
                case RESTRICTED_WORD -> rule.words().forEach(w -> {
                    Pattern p = TextFolding.wordPattern(w);
                    if (p != null) {
                        words.add(new WordRule(rule, w.strip(), p));
                    }
                });
                case RESTRICTED_PATTERN -> {
                    Pattern p = RulePatterns.compileOrNull(rule.pattern());
                    if (p != null) {
                        patterns.add(new PatternRule(rule, p));
                    }
                }
                case LINK_DOMAIN -> {
                    linkRules.add(rule);
                    rule.domains().forEach(d -> allowedDomains.add(d.toLowerCase(Locale.ROOT)));
                }
                case LEGAL_FOOTER -> footerRules.add(rule);
                case IMAGE_ALT -> altRules.add(rule);
                case SUBJECT_LENGTH -> {
                    if (rule.maxLength() != null && rule.maxLength() > 0) {
                        subjectRules.add(rule);
                    }
                }
                case MERGE_FALLBACK -> fallbackRules.add(rule);
            }
        }
    }

    /** The findings of an e-mail's resolved content (template version with the branch's values). */
    public List<Finding> check(EmailTemplateContent content) {
        Set<Finding> out = new LinkedHashSet<>();
        subject(content.subject().text(), "subject", true, out);
        text(content.preheader().text(), "preheader", true, out);
        boolean footerSeen = false;
        for (TemplateBlock block : content.blocks()) {
            for (BlockField field : block.type().fields()) {
                String value = block.value(field);
                String path = path(block, field);
                switch (field.kind()) {
                    case TEXT -> text(value, path, true, out);
                    case RICH_TEXT -> richText(value, path, out);
                    case URL -> link(value, path, out);
                    case ASSET -> {
                        if (!value.isBlank() && block.value(BlockField.ALT).isBlank()) {
                            for (Rule rule : altRules) {
                                out.add(finding(path(block, BlockField.ALT), rule, ALT));
                            }
                        }
                    }
                }
            }
            if (block.type() == BlockType.LEGAL_FOOTER) {
                footerSeen = true;
                if (context.legalFooterText().isBlank()) {
                    for (Rule rule : footerRules) {
                        out.add(finding(TemplateProblem.blockPath(block.id(), null), rule, FOOTER_EMPTY));
                    }
                }
            }
        }
        if (!footerSeen) {
            for (Rule rule : footerRules) {
                out.add(finding("blocks", rule, FOOTER_MISSING));
            }
        }
        return List.copyOf(out);
    }

    /** The findings of an SMS's resolved content: every part, and the opt-out mention. */
    public List<Finding> check(SmsTemplateContent content) {
        Set<Finding> out = new LinkedHashSet<>();
        for (SmsTemplateContent.Part part : content.parts()) {
            text(part.text(), "parts[" + part.id() + "]", false, out);
            linksInText(part.text(), "parts[" + part.id() + "]", out);
        }
        text(content.optOut(), "optOut", false, out);
        return List.copyOf(out);
    }

    /**
     * The "try a text" box: a sample subject (path {@code subject}) and a sample plain text (path {@code text}), with
     * the addresses typed in the text checked like links.
     */
    public List<Finding> checkSample(String subject, String text) {
        Set<Finding> out = new LinkedHashSet<>();
        subject(subject == null ? "" : subject, "subject", true, out);
        text(text == null ? "" : text, "text", true, out);
        linksInText(text, "text", out);
        return List.copyOf(out);
    }

    private void subject(String subject, String path, boolean email, Set<Finding> out) {
        text(subject, path, email, out);
        if (subject.isBlank()) {
            return;
        }
        String typical = TemplatePreviewer.fill(subject, context.typicalValues()).strip();
        int length = typical.codePointCount(0, typical.length());
        for (Rule rule : subjectRules) {
            if (length > rule.maxLength()) {
                out.add(finding(path, rule, SUBJECT_LENGTH, String.valueOf(length), String.valueOf(rule.maxLength()),
                        quote(typical)));
            }
        }
    }

    private void richText(String html, String path, Set<Finding> out) {
        if (html == null || html.isBlank()) {
            return;
        }
        Document doc = Jsoup.parseBodyFragment(html);
        // one line per paragraph, list item or line break, so that a phrase never runs from one into the next
        doc.body().select("p, li, br, h1, h2, h3, h4, div, blockquote").forEach(e -> e.after(new TextNode("\n")));
        String text = doc.body().wholeText();
        text(text, path, true, out);
        for (Element a : doc.select("a[href]")) {
            link(a.attr("href"), path, out);
        }
    }

    private void text(String text, String path, boolean email, Set<Finding> out) {
        if (text == null || text.isBlank()) {
            return;
        }
        if (!words.isEmpty()) {
            String folded = TextFolding.fold(text);
            for (WordRule w : words) {
                if (w.pattern().matcher(folded).find()) {
                    out.add(finding(path, w.rule(), WORD, w.word()));
                }
            }
        }
        for (PatternRule p : patterns) {
            try {
                Matcher m = p.pattern().matcher(new GuardedText(text,
                        new GuardedText.Budget(PATTERN_READS, PATTERN_MILLIS)));
                if (m.find()) {
                    out.add(finding(path, p.rule(), PATTERN, quote(m.group())));
                }
            } catch (GuardedText.TooSlowException | StackOverflowError e) {
                // the text could not be checked in reasonable time: said so, never blocking on HQ's pattern alone
                out.add(new Finding(path, RuleKind.RESTRICTED_PATTERN, Severity.WARNING, PATTERN_UNCHECKED,
                        List.of(note(p.rule()))));
            }
        }
        if (!fallbackRules.isEmpty()) {
            Matcher m = MergeField.TOKEN.matcher(text);
            while (m.find()) {
                MergeField field = MergeField.ofKey(m.group(1)).orElse(null);
                if (field != null && needsFallback(field, email) && MergeField.fallback(m) == null) {
                    for (Rule rule : fallbackRules) {
                        out.add(finding(path, rule, FALLBACK, field.token(), "{{" + field.key() + "|…}}"));
                    }
                }
            }
        }
    }

    /** Contact values may be missing; an e-mail's recipient always has an address, an SMS's may not. */
    private static boolean needsFallback(MergeField field, boolean email) {
        return switch (field) {
            case CONTACT_FIRST_NAME, CONTACT_LAST_NAME -> true;
            case CONTACT_EMAIL -> !email;
            default -> false;
        };
    }

    private void linksInText(String text, String path, Set<Finding> out) {
        if (text == null || linkRules.isEmpty()) {
            return;
        }
        Matcher m = URL_IN_TEXT.matcher(text);
        while (m.find()) {
            String url = m.group().replaceAll("[.,;:!?)]+$", "");
            link(url.regionMatches(true, 0, "www.", 0, 4) ? "https://" + url : url, path, out);
        }
    }

    private void link(String url, String path, Set<Finding> out) {
        if (linkRules.isEmpty() || url == null || url.isBlank()) {
            return;
        }
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mailto:") || lower.startsWith("tel:") || lower.startsWith("sms:")) {
            return;
        }
        Matcher token = MergeField.TOKEN.matcher(u);
        if (token.matches() && MergeField.ofKey(token.group(1)).isPresent()) {
            return; // the app's own addresses (unsubscribe, view online)
        }
        String host = host(u);
        if (host != null && allowed(host, allowedDomains)) {
            return;
        }
        Rule strictest = linkRules.stream().filter(r -> r.severity() == Severity.BLOCKING).findFirst()
                .orElse(linkRules.get(0));
        out.add(finding(path, strictest, LINK, quote(host == null ? u : host), String.join(", ", allowedDomains)));
    }

    /** The lower-case host of an absolute http(s) address, or null when it is not one. */
    static String host(String url) {
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
                return null;
            }
            String host = uri.getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The host is one of the domains or a subdomain of one. */
    static boolean allowed(String host, List<String> domains) {
        for (String d : domains) {
            if (host.equals(d) || host.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    private static String path(TemplateBlock block, BlockField field) {
        return TemplateProblem.blockPath(block.id(), field.key());
    }

    private static Finding finding(String path, Rule rule, String key, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(note(rule));
        return new Finding(path, rule.kind(), rule.severity(), key, all);
    }

    /** The note of HQ, ready to follow a sentence ("" when none). */
    private static String note(Rule rule) {
        return rule.note() == null || rule.note().isBlank() ? "" : " " + rule.note().strip();
    }

    private static String quote(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > MAX_QUOTED ? one.substring(0, MAX_QUOTED - 1) + "…" : one;
    }
}
