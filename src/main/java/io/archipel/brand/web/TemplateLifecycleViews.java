package io.archipel.brand.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.archipel.brand.Availability;
import io.archipel.brand.BlockField;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateChange;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.Templates;
import org.springframework.context.MessageSource;

/**
 * What the template lifecycle pages show, put into words for the reader: dates (absolute and relative), availability
 * with names instead of ids, history and version lines, problems with the place they are in.
 */
public final class TemplateLifecycleViews {

    /** Dates and times are shown in the network's time zone (the demo network and its branches are in France). */
    static final ZoneId DISPLAY_ZONE = ZoneId.of("Europe/Paris");

    private TemplateLifecycleViews() {
    }

    /** Formats instants and dates for one reader; exposed to templates as {@code when}. */
    public static final class When {
        private final MessageSource messages;
        private final Locale locale;
        private final Instant now;

        When(MessageSource messages, Locale locale) {
            this.messages = messages;
            this.locale = locale;
            this.now = Instant.now();
        }

        /** "3 minutes ago", "yesterday", or the date when older than a week. */
        public String relative(Instant at) {
            if (at == null) {
                return "";
            }
            Duration ago = Duration.between(at, now);
            if (ago.toMinutes() < 1) {
                return messages.getMessage("catalog.time.justNow", null, locale);
            }
            if (ago.toMinutes() < 60) {
                return messages.getMessage("catalog.time.minutes", new Object[] {ago.toMinutes()}, locale);
            }
            if (ago.toHours() < 24) {
                return messages.getMessage("catalog.time.hours", new Object[] {ago.toHours()}, locale);
            }
            LocalDate day = at.atZone(DISPLAY_ZONE).toLocalDate();
            LocalDate today = now.atZone(DISPLAY_ZONE).toLocalDate();
            long days = java.time.temporal.ChronoUnit.DAYS.between(day, today);
            if (days <= 1) {
                return messages.getMessage("catalog.time.yesterday", null, locale);
            }
            if (days < 7) {
                return messages.getMessage("catalog.time.days", new Object[] {days}, locale);
            }
            return date(day);
        }

        /** Date and time in full, for tooltips and history. */
        public String full(Instant at) {
            return at == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                    .withLocale(locale).format(at.atZone(DISPLAY_ZONE));
        }

        /** Machine-readable, for {@code <time datetime>}. */
        public String iso(Instant at) {
            return at == null ? "" : at.toString();
        }

        public String date(LocalDate day) {
            return day == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                    .format(day);
        }

        /** The day of an instant, as a date. */
        public String day(Instant at) {
            return at == null ? "" : date(at.atZone(DISPLAY_ZONE).toLocalDate());
        }

        public String isoDate(LocalDate day) {
            return day == null ? "" : day.toString();
        }
    }

    /** Availability in names: the whole network, or the pilot territories and branches. */
    public record AvailabilityView(boolean pilot, List<String> territories, List<String> branches, LocalDate from,
            LocalDate until) {

        public boolean dated() {
            return from != null || until != null;
        }

        /** Not yet open, or already closed, today. */
        public boolean closedToday() {
            LocalDate today = LocalDate.now(DISPLAY_ZONE);
            return (from != null && today.isBefore(from)) || (until != null && today.isAfter(until));
        }

        static AvailabilityView of(Availability a, Map<UUID, String> territoryNames, Map<UUID, String> branchNames) {
            if (a == null) {
                a = Availability.NETWORK;
            }
            return new AvailabilityView(a.pilot(), names(a.territoryIds(), territoryNames),
                    names(a.branchIds(), branchNames), a.from(), a.until());
        }

        private static List<String> names(java.util.Set<UUID> ids, Map<UUID, String> names) {
            return ids.stream().map(id -> names.getOrDefault(id, "?"))
                    .sorted(Comparator.comparing(n -> n.toLowerCase(Locale.ROOT))).toList();
        }
    }

    /** A published version, its changes described. */
    public record VersionRow(int number, Instant publishedAt, String publishedBy, List<String> changes) {
    }

    /** A line of the history timeline. */
    public record EventRow(Templates.EventKind kind, String title, Instant at, String actor, List<String> details) {

        public String icon() {
            return switch (kind) {
                case CREATED -> "bi-plus-circle";
                case PUBLISHED -> "bi-send-check";
                case AVAILABILITY_CHANGED -> "bi-people";
                case DETAILS_CHANGED -> "bi-pencil";
                case DRAFT_DISCARDED -> "bi-arrow-counterclockwise";
                case ARCHIVED -> "bi-archive";
                case RESTORED -> "bi-box-arrow-up";
            };
        }
    }

    /** Something to fix, with where it is ("Button block · Link address"). */
    public record ProblemRow(String where, String message) {
    }

    static List<String> describe(List<TemplateChange> changes, MessageSource messages, Locale locale) {
        return changes.stream().map(c -> c.describe(messages, locale)).toList();
    }

    static VersionRow version(Templates.Version v, MessageSource messages, Locale locale) {
        return new VersionRow(v.number(), v.publishedAt(), v.publishedBy(), describe(v.changes(), messages, locale));
    }

    static EventRow event(Templates.Event e, MessageSource messages, Locale locale) {
        Object[] args = e.versionNumber() == null ? null : new Object[] {e.versionNumber()};
        String title = messages.getMessage("template.event." + e.kind().name(), args, e.kind().name(), locale);
        return new EventRow(e.kind(), title, e.at(), e.actor(), describe(e.details(), messages, locale));
    }

    static List<ProblemRow> problems(List<TemplateProblem> problems, Templates.Details d, MessageSource messages,
            Locale locale) {
        List<ProblemRow> rows = new ArrayList<>();
        for (TemplateProblem p : problems) {
            rows.add(new ProblemRow(where(p.path(), d, messages, locale),
                    messages.getMessage(p.messageKey(), p.argsArray(), p.messageKey(), locale)));
        }
        return rows;
    }

    /** The place of a problem in words; empty when it concerns the template as a whole. */
    static String where(String path, Templates.Details d, MessageSource messages, Locale locale) {
        if (path == null || path.isBlank() || path.equals("name") || path.startsWith("availability")) {
            return "";
        }
        if (path.startsWith("subject") || path.startsWith("preheader")) {
            String field = path.startsWith("subject") ? "subject" : "preheader";
            return messages.getMessage("template.field." + field, null, field, locale);
        }
        if (path.startsWith("blocks[") && d != null && d.email() != null) {
            int end = path.indexOf(']');
            String blockId = end > 7 ? path.substring(7, end) : "";
            EmailTemplateContent email = d.email();
            int index = email.indexOf(blockId);
            if (index < 0) {
                return messages.getMessage("catalog.problem.where.blocks", null, locale);
            }
            String block = messages.getMessage("catalog.problem.where.block", new Object[] {index + 1,
                    messages.getMessage("template.block." + email.blocks().get(index).type().name(), null, locale)},
                    locale);
            String rest = end + 2 <= path.length() ? path.substring(Math.min(path.length(), end + 2)) : "";
            for (BlockField f : BlockField.values()) {
                if (f.key().equals(rest)) {
                    return block + " · " + messages.getMessage("template.blockField." + f.key(), null, locale);
                }
            }
            if (rest.startsWith("constraints")) {
                return block + " · " + messages.getMessage("catalog.problem.where.constraints", null, locale);
            }
            return block;
        }
        if (path.startsWith("blocks")) {
            return messages.getMessage("catalog.problem.where.blocks", null, locale);
        }
        if (path.startsWith("parts[") && d != null && d.sms() != null) {
            int end = path.indexOf(']');
            String partId = end > 6 ? path.substring(6, end) : "";
            List<SmsTemplateContent.Part> parts = d.sms().parts();
            for (int i = 0; i < parts.size(); i++) {
                if (parts.get(i).id().equals(partId)) {
                    return messages.getMessage("catalog.problem.where.part", new Object[] {i + 1}, locale);
                }
            }
            return messages.getMessage("catalog.problem.where.message", null, locale);
        }
        if (path.startsWith("parts")) {
            return messages.getMessage("catalog.problem.where.message", null, locale);
        }
        if (path.startsWith("optOut")) {
            return messages.getMessage("catalog.problem.where.optOut", null, locale);
        }
        return "";
    }

    /** The editor of a template: the e-mail block editor or the SMS editor. */
    static String editorUrl(UUID templateId, TemplateChannel channel) {
        return "/hq/templates/" + templateId + (channel == TemplateChannel.EMAIL ? "/email" : "/sms");
    }

    static <T> Map<UUID, String> byId(List<T> items, Function<T, UUID> id, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(id, name, (a, b) -> a));
    }
}
