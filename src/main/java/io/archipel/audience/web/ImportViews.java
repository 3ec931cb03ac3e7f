package io.archipel.audience.web;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.ContactImports.Target;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.audience.csv.CsvFormat;

/**
 * What the import pages show in plain words: the detected file format, sizes, dates, status badges and the choices of
 * the column selects. Message keys are resolved by the templates.
 */
record ImportViews(Locale locale, List<Definition> attributes, boolean multiBranch) {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /** One choice of a column select: its value, and either a message key or (custom attribute) a label. */
    public record Option(String value, String labelKey, String label) {
    }

    /** The message key naming the encoding ("Windows-1252 (Excel)", "UTF-8 with BOM"...). */
    public String encodingKey(CsvFormat format) {
        Charset cs = format.charset();
        String name = cs.name().toUpperCase(Locale.ROOT);
        if (name.equals("UTF-8")) {
            return format.bom() ? "import.page.encoding.utf8bom" : "import.page.encoding.utf8";
        }
        if (name.startsWith("UTF-16")) {
            return "import.page.encoding.utf16";
        }
        if (name.equals("WINDOWS-1252")) {
            return "import.page.encoding.windows1252";
        }
        if (name.equals("ISO-8859-1") || name.equals("ISO-8859-15")) {
            return "import.page.encoding.latin1";
        }
        return "import.page.encoding.other";
    }

    public String charsetName(CsvFormat format) {
        return format.charset().displayName(locale);
    }

    public String delimiterKey(CsvFormat format) {
        return switch (format.delimiter()) {
            case ';' -> "import.page.delimiter.semicolon";
            case ',' -> "import.page.delimiter.comma";
            case '\t' -> "import.page.delimiter.tab";
            default -> "import.page.delimiter.other";
        };
    }

    public String delimiterChar(CsvFormat format) {
        return String.valueOf(format.delimiter());
    }

    /** The column selects' choices, in the order a user thinks of them; BRANCH_CODE only for multi-branch imports. */
    public List<Option> options() {
        List<Option> out = new ArrayList<>();
        for (Target t : Target.values()) {
            if (t == Target.ATTRIBUTE || (t == Target.BRANCH_CODE && !multiBranch)) {
                continue;
            }
            out.add(new Option(t.name(), "import.page.target." + t.name(), null));
        }
        return out;
    }

    public List<Option> attributeOptions() {
        return attributes.stream()
                .map(d -> new Option(ImportMappingForm.ATTRIBUTE_PREFIX + d.key(), null, d.label())).toList();
    }

    public String at(Instant instant) {
        return instant == null ? "—" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale)
                .format(instant.atZone(ZONE));
    }

    /** "12.4 MB", "830 KB" in the reader's number format. */
    public String size(long bytes) {
        if (bytes < 1024) {
            return String.format(locale, "%d B", bytes);
        }
        if (bytes < 1024 * 1024) {
            return String.format(locale, "%.0f KB", bytes / 1024.0);
        }
        return String.format(locale, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    public String badge(Status status) {
        return switch (status) {
            case STAGED -> "text-bg-light border";
            case QUEUED, RUNNING -> "text-bg-primary";
            case COMPLETED -> "text-bg-success";
            case FAILED -> "text-bg-danger";
            case CANCELLED -> "text-bg-warning";
        };
    }

    /** The first few values of a column in the sample rows, for the mapping table. */
    public String examples(List<List<String>> rows, int column) {
        List<String> values = new ArrayList<>();
        for (List<String> row : rows) {
            if (column < row.size() && row.get(column) != null && !row.get(column).isBlank()) {
                String v = row.get(column).strip();
                values.add(v.length() > 40 ? v.substring(0, 39) + "…" : v);
            }
            if (values.size() == 3) {
                break;
            }
        }
        return String.join(" · ", values);
    }

    /** A cell of the sample table, cut so that a 100 KB cell does not flood the page. */
    public String cell(List<String> row, int column) {
        if (column >= row.size() || row.get(column) == null) {
            return "";
        }
        String v = row.get(column);
        return v.length() > 80 ? v.substring(0, 79) + "…" : v;
    }

    /** A rejection's message arguments for #messages.msgWithParams. */
    public Object[] args(List<String> args) {
        return args == null ? new Object[0] : args.toArray();
    }

    /** "Claire Martin" from "Claire Martin <claire@example.com>" (the list is no place for addresses). */
    public String who(String actor) {
        if (actor == null) {
            return "—";
        }
        int at = actor.indexOf(" <");
        return at > 0 ? actor.substring(0, at) : actor;
    }

    /**
     * The argument-free label of a rejection reason for the "by reason" counts (the engine's reason messages take
     * the row's values as arguments, which a group has not).
     */
    public String groupKey(String reasonKey) {
        return reasonKey != null && reasonKey.startsWith("import.reason.")
                ? "import.page.reasonGroup." + reasonKey.substring("import.reason.".length()) : reasonKey;
    }
}
