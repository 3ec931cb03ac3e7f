package io.archipel.audience.web.segments;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Field;
import io.archipel.audience.Segments.FieldType;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.Operator;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Rule;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;

/**
 * What the rule builder templates ask: the fields and their operators, which input an operator needs, the problems
 * of each node (by path), labels in the reader's locale, and one-line summaries of definitions.
 */
public final class BuilderView {

    public enum Arity { NONE, ONE, TWO, MANY, DAYS }

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final List<Field> fields;
    private final Map<String, Field> byKey = new LinkedHashMap<>();
    private final Map<String, List<String>> problems = new LinkedHashMap<>();
    private final MessageSource messages;
    private final Locale locale;

    BuilderView(List<Field> fields, List<Problem> problemList, MessageSource messages, Locale locale) {
        this.fields = fields;
        this.messages = messages;
        this.locale = locale;
        fields.forEach(f -> byKey.put(f.key(), f));
        for (Problem p : problemList) {
            problems.computeIfAbsent(p.path() == null ? "" : p.path(), k -> new ArrayList<>()).add(problem(p));
        }
    }

    public static Arity arity(Operator op) {
        return switch (op) {
            case IS_SET, IS_NOT_SET, BIRTHDAY_THIS_MONTH -> Arity.NONE;
            case BETWEEN -> Arity.TWO;
            case IN, NOT_IN, HAS_ANY_TAG -> Arity.MANY;
            case WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO, BIRTHDAY_WITHIN_DAYS -> Arity.DAYS;
            default -> Arity.ONE;
        };
    }

    public List<Field> getFields() {
        return fields;
    }

    public Field field(String key) {
        return key == null ? null : byKey.get(key);
    }

    /** The operators offered for a field (all of them for an unknown field, so the select is never empty). */
    public List<Operator> operators(String fieldKey) {
        Field f = field(fieldKey);
        return f == null || f.operators() == null || f.operators().isEmpty() ? List.of() : f.operators();
    }

    /** The operator shown: the posted one when the field allows it, else the field's first. */
    public String operatorFor(RuleForm c) {
        List<Operator> ops = operators(c.getField());
        if (ops.isEmpty()) {
            return c.getOperator();
        }
        return ops.stream().map(Enum::name).filter(n -> n.equals(c.getOperator())).findFirst()
                .orElse(ops.get(0).name());
    }

    /** Which value input a condition needs: none, text, number, date, days, bool, choice, two-*, many-text, many-choice. */
    public String input(RuleForm c) {
        String opName = operatorFor(c);
        Operator op;
        try {
            op = Operator.valueOf(opName == null ? "" : opName);
        } catch (IllegalArgumentException e) {
            return "text";
        }
        Field f = field(c.getField());
        FieldType type = f == null ? FieldType.TEXT : f.type();
        boolean choices = f != null && f.choices() != null && !f.choices().isEmpty();
        return switch (arity(op)) {
            case NONE -> "none";
            case DAYS -> "days";
            case MANY -> choices ? "many-choice" : "many-text";
            case TWO -> "two-" + simple(type);
            case ONE -> type == FieldType.BOOLEAN ? "bool" : choices && type == FieldType.CHOICE ? "choice"
                    : simple(type);
        };
    }

    private static String simple(FieldType type) {
        return switch (type) {
            case NUMBER -> "number";
            case DATE -> "date";
            default -> "text";
        };
    }

    public List<String> problems(String path) {
        return problems.getOrDefault(path, List.of());
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Problems of nodes not shown next to an input of the form (the count panel lists every problem). */
    public List<String> allProblems() {
        return problems.values().stream().flatMap(List::stream).collect(Collectors.toList());
    }

    public String fieldLabel(Field f) {
        if (f == null) {
            return "?";
        }
        if (f.labelKey() != null) {
            return msg(f.labelKey(), f.label() == null ? f.key() : f.label());
        }
        return f.label() == null ? f.key() : f.label();
    }

    public String operatorLabel(Operator op) {
        return msg("segments.ui.op." + op.name(), op.name());
    }

    public String combinatorLabel(String combinator) {
        return msg("segments.ui.joiner." + combinator, combinator);
    }

    /** "Marie Dupont <marie@x.example>" → "Marie Dupont": the name of who changed a segment. */
    public String who(String actor) {
        if (actor == null || actor.isBlank()) {
            return "—";
        }
        int lt = actor.indexOf(" <");
        return lt > 0 ? actor.substring(0, lt) : actor;
    }

    public String at(Instant instant) {
        return instant == null ? "—" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale)
                .format(instant.atZone(ZONE));
    }

    /** "Loyalty tier is one of Gold, Silver and (Birthday this month or Tag is vip)". */
    public String summary(Definition d) {
        if (d == null || d.root() == null || d.root().rules() == null || d.root().rules().isEmpty()) {
            return msg("segments.ui.everyone", "Every consenting contact");
        }
        return summary(d.root(), true);
    }

    private String summary(Rule rule, boolean top) {
        if (rule instanceof Group g) {
            if (g.rules() == null || g.rules().isEmpty()) {
                return "…";
            }
            String joiner = " " + combinatorLabel(g.combinator() == null ? "ALL" : g.combinator().name()) + " ";
            String inner = g.rules().stream().map(r -> summary(r, false)).collect(Collectors.joining(joiner));
            return top || g.rules().size() == 1 ? inner : "(" + inner + ")";
        }
        Condition c = (Condition) rule;
        String field = fieldLabel(field(c.field()));
        if (field(c.field()) == null) {
            field = c.field();
        }
        String op = c.operator() == null ? "?" : operatorLabel(c.operator()).toLowerCase(locale);
        List<String> values = c.values() == null ? List.of() : c.values().stream().map(this::value).toList();
        if (c.operator() == null || arity(c.operator()) == Arity.NONE) {
            return field + " " + op;
        }
        if (arity(c.operator()) == Arity.TWO && values.size() == 2) {
            return field + " " + op + " " + values.get(0) + " " + msg("segments.ui.joiner.ALL", "and") + " "
                    + values.get(1);
        }
        if (arity(c.operator()) == Arity.DAYS) {
            return msg("segments.ui.sum." + c.operator().name(), field + " " + op, field,
                    values.isEmpty() ? "?" : c.values().get(0));
        }
        return field + " " + op + " " + String.join(", ", values);
    }

    private String value(String v) {
        if (v == null) {
            return "";
        }
        if ("true".equalsIgnoreCase(v)) {
            return msg("attributes.value.true", "yes");
        }
        if ("false".equalsIgnoreCase(v)) {
            return msg("attributes.value.false", "no");
        }
        if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                        .format(LocalDate.parse(v));
            } catch (DateTimeParseException e) {
                return v;
            }
        }
        return msg("segments.ui.quoted", "“" + v + "”", v);
    }

    private String problem(Problem p) {
        Object[] args = p.args() == null ? new Object[0] : p.args().toArray();
        return msg(p.messageKey(), p.messageKey(), args);
    }

    private String msg(String key, String fallback, Object... args) {
        try {
            return messages.getMessage(key, args, locale);
        } catch (NoSuchMessageException e) {
            return fallback;
        }
    }
}
