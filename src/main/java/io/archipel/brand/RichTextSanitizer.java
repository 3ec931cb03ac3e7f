package io.archipel.brand;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.springframework.stereotype.Component;

/**
 * Allow-list sanitizer for the rich text users type (editable template blocks, the brand kit's legal footer), built on
 * the OWASP Java HTML Sanitizer. Only {@code p, br, strong/b, em/i, u, ul, ol, li, a} survive, without any style, class
 * or event-handler attribute. Links must be absolute {@code https} URLs (plus {@code mailto:}/{@code tel:} when the
 * options allow contact links), optionally restricted to some domains; they always get
 * {@code rel="noopener noreferrer"} and {@code target="_blank"}. Everything else is dropped (dangerous elements such as
 * script or style with their content, other elements keep their text). Text is never interpreted: template syntax like
 * {@code ${...}} stays literal, escaped text.
 */
@Component
public class RichTextSanitizer {

    /** What a block allows. Paragraphs and line breaks are always allowed. */
    public record Options(boolean bold, boolean italic, boolean underline, boolean links, boolean lists,
            boolean contactLinks, Set<String> allowedLinkDomains) {

        public Options {
            Set<String> domains = new LinkedHashSet<>();
            if (allowedLinkDomains != null) {
                for (String d : allowedLinkDomains) {
                    if (d != null && !d.isBlank()) {
                        domains.add(d.trim().toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""));
                    }
                }
            }
            allowedLinkDomains = Set.copyOf(domains);
        }

        /** Everything the sanitizer can allow, https links to any domain. */
        public static Options richText() {
            return new Options(true, true, true, true, true, false, Set.of());
        }

        /** The legal footer: all formatting, https links and mailto:/tel: contact links. */
        public static Options footer() {
            return new Options(true, true, true, true, true, true, Set.of());
        }

        /** Plain paragraphs only. */
        public static Options plain() {
            return new Options(false, false, false, false, false, false, Set.of());
        }

        public Options withAllowedLinkDomains(Set<String> domains) {
            return new Options(bold, italic, underline, links, lists, contactLinks, domains);
        }
    }

    /**
     * Something the sanitizer removed: an element, an attribute of an element, or a refused link (detail = its URL, or
     * empty when the URL's scheme itself was forbidden).
     */
    public record Violation(Kind kind, String element, String detail) {
        public enum Kind { ELEMENT, ATTRIBUTE, LINK }
    }

    /** The cleaned HTML and what was removed to get it. */
    public record Result(String html, List<Violation> violations) {
        public boolean changed() {
            return !violations.isEmpty();
        }
    }

    private final Map<Options, PolicyFactory> policies = new ConcurrentHashMap<>();

    /** Refused link URLs of the current {@link #check} call (the href policy runs inside it, on this thread). */
    private static final ThreadLocal<List<String>> REFUSED_LINKS = new ThreadLocal<>();

    /** The safe HTML for the given input (null → empty). */
    public String sanitize(String html, Options options) {
        return check(html, options).html();
    }

    /** What sanitizing the input removes (empty when the input is already safe). */
    public List<Violation> violations(String html, Options options) {
        return check(html, options).violations();
    }

    /** Sanitizes and reports what was removed, so that a form can explain it. */
    public Result check(String html, Options options) {
        if (html == null || html.isBlank()) {
            return new Result("", List.of());
        }
        List<Violation> found = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        REFUSED_LINKS.set(refused);
        String out;
        try {
            out = policy(options).sanitize(html, new HtmlChangeListener<List<Violation>>() {
                @Override
                public void discardedTag(List<Violation> ctx, String elementName) {
                    if ("a".equals(elementName) && options.links()) {
                        // a link is only dropped for lack of an acceptable URL: our href policy recorded the URL
                        // it refused; one with a forbidden scheme (javascript:, data:…) was refused earlier by
                        // the protocol filter, without telling us its value
                        String url = refused.isEmpty() ? "" : refused.remove(0);
                        add(ctx, new Violation(Violation.Kind.LINK, "a", url));
                        return;
                    }
                    add(ctx, new Violation(Violation.Kind.ELEMENT, elementName, elementName));
                }

                @Override
                public void discardedAttributes(List<Violation> ctx, String tagName, String... attributeNames) {
                    for (String attribute : attributeNames) {
                        add(ctx, new Violation(Violation.Kind.ATTRIBUTE, tagName, attribute));
                    }
                }
            }, found);
        } finally {
            REFUSED_LINKS.remove();
        }
        return new Result(out.strip(), List.copyOf(found));
    }

    private static void add(List<Violation> list, Violation v) {
        if (!list.contains(v)) {
            list.add(v);
        }
    }

    private PolicyFactory policy(Options options) {
        return policies.computeIfAbsent(options, RichTextSanitizer::build);
    }

    private static PolicyFactory build(Options o) {
        HtmlPolicyBuilder b = new HtmlPolicyBuilder().allowElements("p", "br");
        if (o.bold()) {
            b.allowElements("strong", "b");
        }
        if (o.italic()) {
            b.allowElements("em", "i");
        }
        if (o.underline()) {
            b.allowElements("u");
        }
        if (o.lists()) {
            b.allowElements("ul", "ol", "li");
        }
        if (o.links()) {
            if (o.contactLinks()) {
                b.allowUrlProtocols("https", "mailto", "tel");
            } else {
                b.allowUrlProtocols("https");
            }
            b.allowAttributes("href").matching((element, attribute, value) -> {
                if (isAllowedLink(value, o)) {
                    return value.strip();
                }
                List<String> refused = REFUSED_LINKS.get();
                if (refused != null) {
                    refused.add(value);
                }
                return null;
            }).onElements("a");
            // a link that lost its href is dropped (its text stays); a kept link always opens safely in a new tab
            b.allowElements((element, attrs) -> {
                if (!attrs.contains("href")) {
                    return null;
                }
                for (int i = attrs.size() - 2; i >= 0; i -= 2) {
                    if ("target".equals(attrs.get(i))) {
                        attrs.remove(i + 1);
                        attrs.remove(i);
                    }
                }
                attrs.add("target");
                attrs.add("_blank");
                return element;
            }, "a");
            b.allowAttributes("target").onElements("a"); // replaced by _blank above
            b.requireRelsOnLinks("noopener", "noreferrer");
        }
        return b.toFactory();
    }

    /**
     * Absolute https URL with a host (on an allowed domain when the options name some), or mailto:/tel: when contact
     * links are allowed. Relative, protocol-relative, javascript:, data:, vbscript: and malformed URLs are refused.
     */
    public static boolean isAllowedLink(String value, Options options) {
        if (value == null) {
            return false;
        }
        String v = value.strip();
        if (v.isEmpty() || v.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("mailto") || scheme.equals("tel")) {
            return options.contactLinks() && uri.getSchemeSpecificPart() != null
                    && !uri.getSchemeSpecificPart().isBlank();
        }
        if (!scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        return isAllowedHost(uri.getHost(), options.allowedLinkDomains());
    }

    static boolean isAllowedHost(String host, Set<String> domains) {
        if (domains.isEmpty()) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return domains.stream().anyMatch(d -> h.equals(d) || h.endsWith("." + d));
    }
}
