package io.archipel.audience.segments;

import static io.archipel.audience.Segments.Operator.AFTER;
import static io.archipel.audience.Segments.Operator.BEFORE;
import static io.archipel.audience.Segments.Operator.BETWEEN;
import static io.archipel.audience.Segments.Operator.BIRTHDAY_THIS_MONTH;
import static io.archipel.audience.Segments.Operator.BIRTHDAY_WITHIN_DAYS;
import static io.archipel.audience.Segments.Operator.CONTAINS;
import static io.archipel.audience.Segments.Operator.EQUALS;
import static io.archipel.audience.Segments.Operator.GREATER_THAN;
import static io.archipel.audience.Segments.Operator.HAS_ANY_TAG;
import static io.archipel.audience.Segments.Operator.HAS_NO_TAG;
import static io.archipel.audience.Segments.Operator.HAS_TAG;
import static io.archipel.audience.Segments.Operator.IN;
import static io.archipel.audience.Segments.Operator.IS_NOT_SET;
import static io.archipel.audience.Segments.Operator.IS_SET;
import static io.archipel.audience.Segments.Operator.LESS_THAN;
import static io.archipel.audience.Segments.Operator.MORE_THAN_DAYS_AGO;
import static io.archipel.audience.Segments.Operator.NOT_EQUALS;
import static io.archipel.audience.Segments.Operator.NOT_IN;
import static io.archipel.audience.Segments.Operator.STARTS_WITH;
import static io.archipel.audience.Segments.Operator.WITHIN_LAST_DAYS;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.archipel.audience.CustomAttributes;
import io.archipel.audience.Segments.Field;
import io.archipel.audience.Segments.FieldType;
import io.archipel.audience.Segments.Operator;

/**
 * The allow-list of segment fields of one tenant: the built-in contact columns, each mapped to a FIXED SQL expression,
 * then the custom attributes HQ declared ({@code attr.<key>}), read with {@code c.attributes ->> ?} and the key bound
 * as a parameter. Nothing a user types ever becomes SQL text: an unknown field is simply not in this map.
 */
public final class FieldCatalog {

    public static final String ATTRIBUTE_PREFIX = "attr.";

    static final List<Operator> TEXT_OPS = List.of(EQUALS, NOT_EQUALS, IN, NOT_IN, CONTAINS, STARTS_WITH, IS_SET,
            IS_NOT_SET);
    static final List<Operator> NUMBER_OPS = List.of(EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN, BETWEEN, IS_SET,
            IS_NOT_SET);
    static final List<Operator> DATE_OPS = List.of(BEFORE, AFTER, BETWEEN, WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO,
            IS_SET, IS_NOT_SET);
    static final List<Operator> BIRTH_DATE_OPS = List.of(BEFORE, AFTER, BETWEEN, WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO,
            BIRTHDAY_THIS_MONTH, BIRTHDAY_WITHIN_DAYS, IS_SET, IS_NOT_SET);
    static final List<Operator> BOOLEAN_OPS = List.of(EQUALS);
    static final List<Operator> CHOICE_OPS = List.of(EQUALS, NOT_EQUALS, IN, NOT_IN, IS_SET, IS_NOT_SET);
    static final List<Operator> TAGS_OPS = List.of(HAS_TAG, HAS_ANY_TAG, HAS_NO_TAG);

    /**
     * One field: its type, operators, choices, and how to read it in SQL for a time zone ({@code created_at} is a
     * timestamp read as a date in the zone of the branch). {@code strictChoices}: values must be one of the choices.
     */
    record Spec(String key, String labelKey, String label, FieldType type, List<Operator> operators,
            List<String> choices, boolean strictChoices, Function<ZoneId, Sql> expression) {

        Field field() {
            return new Field(key, labelKey, label, type, operators, choices);
        }
    }

    private final Map<String, Spec> specs;

    private FieldCatalog(Map<String, Spec> specs) {
        this.specs = specs;
    }

    /** The catalogue for the tenant's declared attributes and the loyalty tiers in use. */
    public static FieldCatalog of(List<CustomAttributes.Definition> attributes, List<String> tiers) {
        Map<String, Spec> m = new LinkedHashMap<>();
        text(m, "email", "c.email");
        text(m, "mobile", "c.mobile");
        text(m, "first_name", "c.first_name");
        text(m, "last_name", "c.last_name");
        fixed(m, "birth_date", FieldType.DATE, BIRTH_DATE_OPS, "c.birth_date");
        text(m, "postal_code", "c.postal_code");
        text(m, "city", "c.city");
        m.put("loyalty_tier", new Spec("loyalty_tier", label("loyalty_tier"), null, FieldType.CHOICE, CHOICE_OPS,
                List.copyOf(tiers), false, z -> Sql.of("c.loyalty_tier")));
        fixed(m, "last_purchase_date", FieldType.DATE, DATE_OPS, "c.last_purchase_date");
        fixed(m, "total_spend", FieldType.NUMBER, NUMBER_OPS, "c.total_spend");
        fixed(m, "tags", FieldType.TAGS, TAGS_OPS, "c.tags");
        m.put("created_at", new Spec("created_at", label("created_at"), null, FieldType.DATE, DATE_OPS, List.of(),
                false, zone -> Sql.of("(c.created_at at time zone ?::text)::date", zone.getId())));
        for (CustomAttributes.Definition a : attributes) {
            String key = ATTRIBUTE_PREFIX + a.key();
            m.put(key, attribute(key, a));
        }
        return new FieldCatalog(m);
    }

    private static Spec attribute(String key, CustomAttributes.Definition a) {
        String k = a.key();
        return switch (a.type()) {
            case TEXT -> new Spec(key, null, a.label(), FieldType.TEXT, TEXT_OPS, List.of(), false,
                    z -> Sql.of("(c.attributes ->> ?::text)", k));
            case CHOICE -> new Spec(key, null, a.label(), FieldType.CHOICE, CHOICE_OPS, List.copyOf(a.allowedValues()),
                    true, z -> Sql.of("(c.attributes ->> ?::text)", k));
            // Guarded casts: a value of the wrong JSON type reads as "not set" instead of failing the whole count.
            case NUMBER -> new Spec(key, null, a.label(), FieldType.NUMBER, NUMBER_OPS, List.of(), false,
                    z -> Sql.of("(case when jsonb_typeof(c.attributes -> ?::text) = 'number' "
                            + "then (c.attributes ->> ?::text)::numeric end)", k, k));
            case DATE -> new Spec(key, null, a.label(), FieldType.DATE, DATE_OPS, List.of(), false,
                    z -> Sql.of("(case when (c.attributes ->> ?::text) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "
                            + "and pg_input_is_valid(c.attributes ->> ?::text, 'date') "
                            + "then (c.attributes ->> ?::text)::date end)", k, k, k));
            case BOOLEAN -> new Spec(key, null, a.label(), FieldType.BOOLEAN, BOOLEAN_OPS, List.of(), false,
                    z -> Sql.of("(case when jsonb_typeof(c.attributes -> ?::text) = 'boolean' "
                            + "then (c.attributes ->> ?::text)::boolean end)", k, k));
        };
    }

    private static void text(Map<String, Spec> m, String key, String column) {
        fixed(m, key, FieldType.TEXT, TEXT_OPS, column);
    }

    private static void fixed(Map<String, Spec> m, String key, FieldType type, List<Operator> ops, String column) {
        m.put(key, new Spec(key, label(key), null, type, ops, List.of(), false, z -> Sql.of(column)));
    }

    private static String label(String key) {
        return "segment.field." + key;
    }

    Optional<Spec> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(specs.get(key));
    }

    /** What the rule builder offers, built-ins first, then the attributes in HQ's order. */
    public List<Field> fields() {
        List<Field> out = new ArrayList<>();
        specs.values().forEach(s -> out.add(s.field()));
        return out;
    }
}
