package io.archipel.audience.segments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.FieldType;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.InvalidSegmentException;
import io.archipel.audience.Segments.Operator;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Rule;
import io.archipel.audience.csv.CsvValue;
import io.archipel.audience.csv.CsvValues;

/**
 * Checks a segment definition and compiles it to a SQL boolean expression over the contact row {@code c}. Every field
 * maps to a fixed expression of {@link FieldCatalog}, every operator to a fixed snippet below; the values a user typed
 * are parsed per type and bound as parameters, never concatenated.
 */
public final class SegmentCompiler {

    public static final int MAX_DEPTH = 5;
    public static final int MAX_CONDITIONS = 50;
    public static final int MAX_VALUES = 100;
    public static final int MAX_VALUE_LENGTH = 500;
    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 3650;

    /** A compiled piece: SQL text with {@code ?} placeholders and the values to bind, in order. */
    public record Compiled(String sql, List<Object> params) {
    }

    private SegmentCompiler() {
    }

    // ------------------------------------------------------------------ checking

    /** Every problem of the definition, each with the path of the rule concerned. */
    public static List<Problem> check(Definition definition, FieldCatalog catalog) {
        List<Problem> problems = new ArrayList<>();
        if (definition == null) {
            problems.add(problem("root", "segment.problem.definitionRequired"));
            return problems;
        }
        if (definition.channel() == null) {
            problems.add(problem("channel", "segment.problem.channelRequired"));
        }
        int[] conditions = {0};
        if (definition.root() != null) {
            checkGroup(definition.root(), "root", 1, catalog, problems, conditions);
        }
        if (conditions[0] > MAX_CONDITIONS) {
            problems.add(problem("root", "segment.problem.tooManyConditions", String.valueOf(MAX_CONDITIONS)));
        }
        return problems;
    }

    private static void checkGroup(Group group, String path, int depth, FieldCatalog catalog, List<Problem> problems,
            int[] conditions) {
        if (depth > MAX_DEPTH) {
            problems.add(problem(path, "segment.problem.tooDeep", String.valueOf(MAX_DEPTH)));
            return;
        }
        if (group.combinator() == null) {
            problems.add(problem(path, "segment.problem.combinatorRequired"));
        }
        List<Rule> rules = group.rules() == null ? List.of() : group.rules();
        if (rules.isEmpty() && depth > 1) {
            problems.add(problem(path, "segment.problem.emptyGroup"));
        }
        for (int i = 0; i < rules.size(); i++) {
            String at = path + ".rules[" + i + "]";
            Rule rule = rules.get(i);
            if (rule instanceof Group g) {
                checkGroup(g, at, depth + 1, catalog, problems, conditions);
            } else if (rule instanceof Condition c) {
                conditions[0]++;
                checkCondition(c, at, catalog, problems);
            } else {
                problems.add(problem(at, "segment.problem.ruleRequired"));
            }
        }
    }

    private static void checkCondition(Condition c, String path, FieldCatalog catalog, List<Problem> problems) {
        FieldCatalog.Spec spec = catalog.find(c.field()).orElse(null);
        if (spec == null) {
            problems.add(problem(path, "segment.problem.unknownField", String.valueOf(c.field())));
            return;
        }
        if (c.operator() == null) {
            problems.add(problem(path, "segment.problem.operatorRequired", spec.key()));
            return;
        }
        if (!spec.operators().contains(c.operator())) {
            problems.add(problem(path, "segment.problem.operatorNotAllowed", c.operator().name(), spec.key()));
            return;
        }
        List<String> values = clean(c.values());
        Arity arity = arity(c.operator());
        switch (arity) {
            case NONE -> {
                if (!values.isEmpty()) {
                    problems.add(problem(path, "segment.problem.noValueExpected"));
                }
                return;
            }
            case ONE -> {
                if (values.size() != 1) {
                    problems.add(problem(path, "segment.problem.oneValueExpected"));
                    return;
                }
            }
            case TWO -> {
                if (values.size() != 2) {
                    problems.add(problem(path, "segment.problem.twoValuesExpected"));
                    return;
                }
            }
            case MANY -> {
                if (values.isEmpty()) {
                    problems.add(problem(path, "segment.problem.valuesExpected"));
                    return;
                }
                if (values.size() > MAX_VALUES) {
                    problems.add(problem(path, "segment.problem.tooManyValues", String.valueOf(MAX_VALUES)));
                    return;
                }
            }
        }
        for (String v : values) {
            String key = valueProblem(spec, c.operator(), v);
            if (key != null) {
                problems.add(key.equals("segment.problem.badChoice")
                        ? problem(path, key, v, String.join(", ", spec.choices()))
                        : problem(path, key, v));
                return;
            }
        }
        if (c.operator() == Operator.BETWEEN) {
            boolean reversed = spec.type() == FieldType.NUMBER
                    ? CsvValues.amount(values.get(0)).value().compareTo(CsvValues.amount(values.get(1)).value()) > 0
                    : CsvValues.date(values.get(0)).value().isAfter(CsvValues.date(values.get(1)).value());
            if (reversed) {
                problems.add(problem(path, "segment.problem.rangeReversed", values.get(0), values.get(1)));
            }
        }
    }

    /** The message key of what is wrong with one value, or null. */
    private static String valueProblem(FieldCatalog.Spec spec, Operator op, String v) {
        if (v.length() > MAX_VALUE_LENGTH) {
            return "segment.problem.valueTooLong";
        }
        if (takesDays(op)) {
            return days(v) == null ? "segment.problem.badDays" : null;
        }
        return switch (spec.type()) {
            case TEXT -> null;
            case NUMBER -> CsvValues.amount(v).isValid() ? null : "segment.problem.badNumber";
            case DATE -> CsvValues.date(v).isValid() ? null : "segment.problem.badDate";
            case BOOLEAN -> CsvValues.bool(v).isValid() ? null : "segment.problem.badBoolean";
            case CHOICE -> !spec.strictChoices() || spec.choices().stream().anyMatch(v::equalsIgnoreCase) ? null
                    : "segment.problem.badChoice";
            case TAGS -> v.length() > CsvValues.MAX_TAG_LENGTH ? "segment.problem.valueTooLong" : null;
        };
    }

    private static Integer days(String v) {
        if (!v.matches("\\d{1,4}")) {
            return null;
        }
        int n = Integer.parseInt(v);
        return n < MIN_DAYS || n > MAX_DAYS ? null : n;
    }

    private static boolean takesDays(Operator op) {
        return op == Operator.WITHIN_LAST_DAYS || op == Operator.MORE_THAN_DAYS_AGO
                || op == Operator.BIRTHDAY_WITHIN_DAYS;
    }

    enum Arity { NONE, ONE, TWO, MANY }

    static Arity arity(Operator op) {
        return switch (op) {
            case IS_SET, IS_NOT_SET, BIRTHDAY_THIS_MONTH -> Arity.NONE;
            case BETWEEN -> Arity.TWO;
            case IN, NOT_IN, HAS_ANY_TAG -> Arity.MANY;
            default -> Arity.ONE;
        };
    }

    /** Values stripped, blanks dropped. */
    static List<String> clean(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    out.add(v.strip());
                }
            }
        }
        return out;
    }

    private static Problem problem(String path, String key, String... args) {
        return new Problem(path, key, List.of(args));
    }

    // ------------------------------------------------------------------ compiling

    /**
     * The definition's rules as one boolean SQL expression over contact {@code c}, with "today" and the zone of the
     * branch(es) counted (relative dates, the date of {@code created_at}).
     *
     * @throws InvalidSegmentException when {@link #check} finds a problem
     */
    public static Compiled compileRules(Definition definition, FieldCatalog catalog, LocalDate today, ZoneId zone) {
        List<Problem> problems = check(definition, catalog);
        if (!problems.isEmpty()) {
            throw new InvalidSegmentException(problems);
        }
        Sql.Builder out = new Sql.Builder();
        group(definition.root() == null ? new Group(null, List.of()) : definition.root(), catalog, today, zone, out);
        Sql sql = out.build();
        return new Compiled(sql.text(), sql.params());
    }

    /**
     * The fixed part every audience shares: not erased, reachable and consenting on the channel, not suppressed (the
     * contact's address or number on the tenant's suppression list, kept on the row since V13). Written with constants
     * so that the partial audience indexes apply.
     */
    public static String audienceBase(Channel channel) {
        String reachable = channel == Channel.SMS ? "c.mobile is not null and c.sms_consent = 'GRANTED'"
                : "c.email is not null and c.email_consent = 'GRANTED'";
        return "c.erased_at is null and " + reachable + " and not c.suppressed";
    }

    private static void group(Group g, FieldCatalog catalog, LocalDate today, ZoneId zone, Sql.Builder out) {
        List<Rule> rules = g.rules() == null ? List.of() : g.rules();
        if (rules.isEmpty()) {
            out.sql("true");
            return;
        }
        String joiner = g.combinator() == io.archipel.audience.Segments.Combinator.ANY ? " or " : " and ";
        out.sql("(");
        for (int i = 0; i < rules.size(); i++) {
            if (i > 0) {
                out.sql(joiner);
            }
            if (rules.get(i) instanceof Group inner) {
                group(inner, catalog, today, zone, out);
            } else {
                condition((Condition) rules.get(i), catalog, today, zone, out);
            }
        }
        out.sql(")");
    }

    private static void condition(Condition c, FieldCatalog catalog, LocalDate today, ZoneId zone, Sql.Builder out) {
        FieldCatalog.Spec spec = catalog.find(c.field()).orElseThrow();
        Sql e = spec.expression().apply(zone);
        List<String> v = clean(c.values());
        switch (spec.type()) {
            case TEXT, CHOICE -> text(c.operator(), e, v, out);
            case NUMBER -> number(c.operator(), e, v, out);
            case DATE -> date(c.operator(), e, v, today, out);
            case BOOLEAN -> out.sql("(coalesce(").add(e).sql(", false) = ").param(CsvValues.bool(v.get(0)).value())
                    .sql(")");
            case TAGS -> tags(c.operator(), v, out);
        }
    }

    private static void text(Operator op, Sql e, List<String> v, Sql.Builder out) {
        switch (op) {
            case EQUALS -> out.sql("lower(").add(e).sql(") = ").param(lower(v.get(0)));
            case NOT_EQUALS -> out.sql("(").add(e).sql(" is null or lower(").add(e).sql(") <> ").param(lower(v.get(0)))
                    .sql(")");
            case IN -> out.sql("lower(").add(e).sql(") = any(").param(lowerArray(v)).sql("::text[])");
            case NOT_IN -> out.sql("(").add(e).sql(" is null or not (lower(").add(e).sql(") = any(")
                    .param(lowerArray(v)).sql("::text[])))");
            case CONTAINS -> out.sql("lower(").add(e).sql(") like ").param("%" + likeEscape(lower(v.get(0))) + "%");
            case STARTS_WITH -> out.sql("lower(").add(e).sql(") like ").param(likeEscape(lower(v.get(0))) + "%");
            case IS_SET -> out.sql("(").add(e).sql(" is not null)");
            case IS_NOT_SET -> out.sql("(").add(e).sql(" is null)");
            default -> throw new IllegalStateException(op + " on text");
        }
    }

    private static void number(Operator op, Sql e, List<String> v, Sql.Builder out) {
        switch (op) {
            case EQUALS -> out.add(e).sql(" = ").param(amount(v.get(0))).sql("::numeric");
            case NOT_EQUALS -> out.sql("(").add(e).sql(" is null or ").add(e).sql(" <> ").param(amount(v.get(0)))
                    .sql("::numeric)");
            case GREATER_THAN -> out.add(e).sql(" > ").param(amount(v.get(0))).sql("::numeric");
            case LESS_THAN -> out.add(e).sql(" < ").param(amount(v.get(0))).sql("::numeric");
            case BETWEEN -> out.add(e).sql(" between ").param(amount(v.get(0))).sql("::numeric and ")
                    .param(amount(v.get(1))).sql("::numeric");
            case IS_SET -> out.sql("(").add(e).sql(" is not null)");
            case IS_NOT_SET -> out.sql("(").add(e).sql(" is null)");
            default -> throw new IllegalStateException(op + " on number");
        }
    }

    private static void date(Operator op, Sql e, List<String> v, LocalDate today, Sql.Builder out) {
        switch (op) {
            case BEFORE -> out.add(e).sql(" < ").param(date(v.get(0))).sql("::date");
            case AFTER -> out.add(e).sql(" > ").param(date(v.get(0))).sql("::date");
            case BETWEEN -> out.add(e).sql(" between ").param(date(v.get(0))).sql("::date and ").param(date(v.get(1)))
                    .sql("::date");
            case WITHIN_LAST_DAYS -> out.add(e).sql(" between ").param(today.minusDays(days(v.get(0))))
                    .sql("::date and ").param(today).sql("::date");
            case MORE_THAN_DAYS_AGO -> out.add(e).sql(" < ").param(today.minusDays(days(v.get(0)))).sql("::date");
            case BIRTHDAY_THIS_MONTH -> out.sql("extract(month from ").add(e).sql(") = ").param(today.getMonthValue())
                    .sql("::int");
            case BIRTHDAY_WITHIN_DAYS -> out.sql("to_char(").add(e).sql(", 'MMDD') = any(")
                    .param(birthdays(today, days(v.get(0)))).sql("::text[])");
            case IS_SET -> out.sql("(").add(e).sql(" is not null)");
            case IS_NOT_SET -> out.sql("(").add(e).sql(" is null)");
            default -> throw new IllegalStateException(op + " on date");
        }
    }

    /**
     * Tags compare ignoring case: the array is lower-cased through its text form ({@code lower(tags::text)::text[]},
     * quoting and separators are unaffected by lower-casing) and tested for overlap with the lower-cased values.
     */
    private static void tags(Operator op, List<String> v, Sql.Builder out) {
        String[] wanted = op == Operator.HAS_ANY_TAG ? lowerArray(v) : new String[] {lower(v.get(0))};
        switch (op) {
            case HAS_TAG, HAS_ANY_TAG -> out.sql("lower(c.tags::text)::text[] && ").param(wanted).sql("::text[]");
            case HAS_NO_TAG -> out.sql("not (lower(c.tags::text)::text[] && ").param(wanted).sql("::text[])");
            default -> throw new IllegalStateException(op + " on tags");
        }
    }

    /**
     * The month-days (MMDD) from today to today + n days included; 29 February counts on 28 February in a year
     * without one, so that those contacts still get their birthday message.
     */
    static String[] birthdays(LocalDate today, int n) {
        Set<String> days = new LinkedHashSet<>();
        int span = Math.min(n, 366);
        for (int i = 0; i <= span; i++) {
            LocalDate d = today.plusDays(i);
            days.add(String.format("%02d%02d", d.getMonthValue(), d.getDayOfMonth()));
            if (d.getMonthValue() == 2 && d.getDayOfMonth() == 28 && !d.isLeapYear()) {
                days.add("0229");
            }
        }
        return days.toArray(String[]::new);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String[] lowerArray(List<String> v) {
        return v.stream().map(SegmentCompiler::lower).distinct().toArray(String[]::new);
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static BigDecimal amount(String v) {
        CsvValue<BigDecimal> a = CsvValues.amount(v);
        return a.value();
    }

    private static LocalDate date(String v) {
        return CsvValues.date(v).value();
    }
}
