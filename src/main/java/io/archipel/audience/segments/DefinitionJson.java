package io.archipel.audience.segments;

import java.util.ArrayList;
import java.util.List;

import io.archipel.audience.Segments.Combinator;
import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.Operator;
import io.archipel.audience.Segments.Rule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a rule tree (column {@code segment.definition}, jsonb): every node carries {@code "kind"}
 * ({@code "group"} or {@code "condition"}), e.g.
 * {@code {"kind":"group","combinator":"ALL","rules":[{"kind":"condition","field":"city","operator":"EQUALS","values":["Lyon"]}]}}.
 * Reading is lenient: an unknown operator or combinator reads as null, which {@link SegmentCompiler#check} reports.
 */
public final class DefinitionJson {

    private DefinitionJson() {
    }

    public static String write(JsonMapper json, Group root) {
        return json.writeValueAsString(node(json, root == null ? new Group(Combinator.ALL, List.of()) : root));
    }

    public static Group read(JsonMapper json, String text) {
        JsonNode node = json.readTree(text);
        Rule rule = rule(node);
        return rule instanceof Group g ? g : new Group(Combinator.ALL, rule == null ? List.of() : List.of(rule));
    }

    private static ObjectNode node(JsonMapper json, Rule rule) {
        ObjectNode n = json.createObjectNode();
        if (rule instanceof Group g) {
            n.put("kind", "group");
            n.put("combinator", g.combinator() == null ? null : g.combinator().name());
            ArrayNode rules = n.putArray("rules");
            if (g.rules() != null) {
                g.rules().forEach(r -> rules.add(node(json, r)));
            }
        } else if (rule instanceof Condition c) {
            n.put("kind", "condition");
            n.put("field", c.field());
            n.put("operator", c.operator() == null ? null : c.operator().name());
            ArrayNode values = n.putArray("values");
            if (c.values() != null) {
                c.values().forEach(values::add);
            }
        }
        return n;
    }

    private static Rule rule(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        String kind = text(n, "kind");
        if ("group".equals(kind)) {
            List<Rule> rules = new ArrayList<>();
            JsonNode list = n.get("rules");
            if (list != null && list.isArray()) {
                for (JsonNode r : list) {
                    Rule rule = rule(r);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
            return new Group(enumOf(Combinator.class, text(n, "combinator")), List.copyOf(rules));
        }
        if ("condition".equals(kind)) {
            List<String> values = new ArrayList<>();
            JsonNode list = n.get("values");
            if (list != null && list.isArray()) {
                for (JsonNode v : list) {
                    if (v != null && !v.isNull()) {
                        values.add(v.asString());
                    }
                }
            }
            return new Condition(text(n, "field"), enumOf(Operator.class, text(n, "operator")), List.copyOf(values));
        }
        return null;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
