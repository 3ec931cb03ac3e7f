package io.archipel.brand;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An e-mail rendered once per campaign into literal segments and slots, so that personalising one recipient is only
 * appending strings: merge values (escaped once per recipient) and link URLs (e.g. tracked links from the delivery
 * module, escaped for an attribute). No template engine runs per recipient and no user text is ever evaluated.
 */
public final class PrecompiledEmail {

    /** Personalised output of one recipient. */
    public record Rendered(String subject, String html, String text) {
    }

    /**
     * One personalised body as its literal segments, the same {@code String} instances for every recipient, with
     * this recipient's values between them: {@code literals[0] values[0] literals[1] … literals[n]}. A caller can
     * prepare the literals once per campaign (the delivery module encodes them for MIME once) and only handle the
     * values per recipient.
     */
    public record Segments(List<String> literals, List<String> values) {
        public Segments {
            if (literals.size() != values.size() + 1) {
                throw new IllegalArgumentException("one more literal than values expected");
            }
        }

        /** The body as one string. */
        public String join() {
            int length = 0;
            for (String literal : literals) {
                length += literal.length();
            }
            for (String value : values) {
                length += value.length();
            }
            // sized exactly, so that the 20 KB of an e-mail are copied once into the builder and never regrown
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < literals.size(); i++) {
                out.append(literals.get(i));
                if (i < values.size()) {
                    out.append(values.get(i));
                }
            }
            return out.toString();
        }
    }

    /** Personalised output of one recipient with the bodies as {@link Segments}. */
    public record RenderedSegments(String subject, Segments html, Segments text) {
        public Rendered joined() {
            return new Rendered(subject, html.join(), text.join());
        }
    }

    private final Part subject;
    private final Part html;
    private final Part text;
    private final List<String> links;

    PrecompiledEmail(Part subject, Part html, Part text, List<String> links) {
        this.subject = subject;
        this.html = html;
        this.text = text;
        this.links = List.copyOf(links);
    }

    /** The link targets in order of appearance (stored at approval; tracked links point back to these). */
    public List<String> links() {
        return links;
    }

    /** Personalises with the given merge values; links keep their original URLs. */
    public Rendered render(Map<MergeField, String> values) {
        return render(values, links::get);
    }

    /** Personalises with the given merge values and a URL per link index (e.g. a signed tracking URL). */
    public Rendered render(Map<MergeField, String> values, IntFunction<String> linkUrl) {
        return renderSegments(values, linkUrl).joined();
    }

    /** The literal segments of the HTML body, shared by every recipient ({@link Segments#literals()}). */
    public List<String> htmlLiterals() {
        return html.literals;
    }

    /** The literal segments of the plain-text body, shared by every recipient ({@link Segments#literals()}). */
    public List<String> textLiterals() {
        return text.literals;
    }

    /** As {@link #render(Map, IntFunction)}, the bodies as literal segments and this recipient's values. */
    public RenderedSegments renderSegments(Map<MergeField, String> values, IntFunction<String> linkUrl) {
        MergeField[] fields = MergeField.values();
        String[] htmlValues = new String[fields.length];
        String[] textValues = new String[fields.length];
        for (MergeField field : fields) {
            String value = values.get(field);
            textValues[field.ordinal()] = value == null ? "" : value;
            htmlValues[field.ordinal()] = Html.escape(textValues[field.ordinal()]);
        }
        String[] htmlLinks = new String[links.size()];
        String[] textLinks = new String[links.size()];
        for (int i = 0; i < htmlLinks.length; i++) {
            textLinks[i] = linkUrl.apply(i);
            htmlLinks[i] = Html.escape(textLinks[i]);
        }
        String[] subjectValues = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            // a header line: no line breaks may reach it (header injection)
            subjectValues[i] = textValues[i].replace('\r', ' ').replace('\n', ' ');
        }
        return new RenderedSegments(subject.segments(subjectValues, textLinks).join(),
                html.segments(htmlValues, htmlLinks), text.segments(textValues, textLinks));
    }

    /**
     * Literal segments interleaved with slots: {@code literals[i]} then slot {@code slots[i]} (if any). A slot
     * {@code >= 0} is a merge field ordinal, {@code < 0} is link {@code -slot - 1}. {@code fallbacks[i]} (null when
     * none) replaces an empty merge value of slot {@code i}; it is already in the form of the part (escaped in HTML).
     */
    static final class Part {
        private final List<String> literals;
        private final int[] slots;
        private final String[] fallbacks;

        Part(List<String> literals, List<Integer> slots, List<String> fallbacks) {
            this.literals = List.copyOf(literals);
            this.slots = slots.stream().mapToInt(Integer::intValue).toArray();
            this.fallbacks = fallbacks.toArray(String[]::new);
        }

        private String slotValue(int i, String[] values, String[] linkValues) {
            int slot = slots[i];
            if (slot < 0) {
                return linkValues[-slot - 1];
            }
            String value = values[slot];
            return value.isEmpty() && fallbacks[i] != null ? fallbacks[i] : value;
        }

        Segments segments(String[] values, String[] linkValues) {
            String[] slotValues = new String[slots.length];
            for (int i = 0; i < slots.length; i++) {
                slotValues[i] = slotValue(i, values, linkValues);
            }
            return new Segments(literals, Collections.unmodifiableList(Arrays.asList(slotValues)));
        }
    }

    /** Accumulates a {@link Part}: literal text, merge-field slots and link slots. */
    static final class PartBuilder {
        private final List<String> literals = new ArrayList<>();
        private final List<Integer> slots = new ArrayList<>();
        private final List<String> fallbacks = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private final List<String> links;

        PartBuilder(List<String> links) {
            this.links = links;
        }

        PartBuilder literal(String s) {
            current.append(s);
            return this;
        }

        PartBuilder field(MergeField field) {
            return slot(field.ordinal(), null);
        }

        /** A merge-field slot; {@code fallback} (null: none) is written as it stands when the value is empty. */
        PartBuilder field(MergeField field, String fallback) {
            return slot(field.ordinal(), fallback == null || fallback.isEmpty() ? null : fallback);
        }

        /** A link slot; the same URL used twice is one link (one tracked target). */
        PartBuilder link(String url) {
            int index = links.indexOf(url);
            if (index < 0) {
                links.add(url);
                index = links.size() - 1;
            }
            return slot(-index - 1, null);
        }

        private PartBuilder slot(int slot, String fallback) {
            literals.add(current.toString());
            current.setLength(0);
            slots.add(slot);
            fallbacks.add(fallback);
            return this;
        }

        Part build() {
            List<String> allLiterals = new ArrayList<>(literals);
            allLiterals.add(current.toString());
            return new Part(allLiterals, slots, fallbacks);
        }
    }

    /** Minimal, complete HTML escaping for text and double- or single-quoted attribute values. */
    static final class Html {
        private Html() {
        }

        static String escape(String s) {
            StringBuilder out = null;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                String replacement = switch (c) {
                    case '&' -> "&amp;";
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '"' -> "&quot;";
                    case '\'' -> "&#39;";
                    default -> null;
                };
                if (replacement != null && out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (out != null) {
                    if (replacement != null) {
                        out.append(replacement);
                    } else {
                        out.append(c);
                    }
                }
            }
            return out == null ? s : out.toString();
        }
    }
}
