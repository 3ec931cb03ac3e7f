package io.archipel.audience.web.segments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Segments.Combinator;
import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Draft;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.Operator;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Rule;
import io.archipel.audience.Segments.Segment;

/** What the segment editor posts: name, description, channel and the rule tree (see {@link RuleForm}). */
public class SegmentForm {

    /** Groups nest up to this depth (the root group is depth 1). */
    static final int MAX_DEPTH = 5;
    private static final Pattern PATH = Pattern.compile("^root((?:\\.rules\\[\\d{1,3}])*)$");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d{1,3})]");

    private String name;
    private String description;
    private String channel = Channel.EMAIL.name();
    private long version;
    private RuleForm root = RuleForm.group("ALL");

    static SegmentForm of(Segment s) {
        SegmentForm f = new SegmentForm();
        f.name = s.name();
        f.description = s.description();
        f.version = s.version();
        f.channel = s.definition().channel() == null ? null : s.definition().channel().name();
        f.root = toForm(s.definition().root());
        return f;
    }

    static SegmentForm blank() {
        SegmentForm f = new SegmentForm();
        f.root.getRules().add(RuleForm.condition());
        return f;
    }

    private static RuleForm toForm(Rule rule) {
        if (rule instanceof Group g) {
            RuleForm f = RuleForm.group(g.combinator() == null ? "ALL" : g.combinator().name());
            if (g.rules() != null) {
                g.rules().forEach(r -> f.getRules().add(toForm(r)));
            }
            return f;
        }
        Condition c = (Condition) rule;
        RuleForm f = RuleForm.condition();
        f.setField(c.field());
        f.setOperator(c.operator() == null ? null : c.operator().name());
        List<String> values = c.values() == null ? List.of() : c.values();
        f.setValues(new ArrayList<>(values));
        if (c.operator() != null && BuilderView.arity(c.operator()) == BuilderView.Arity.MANY) {
            f.setValuesText(String.join(", ", values));
        }
        return f;
    }

    Draft toDraft(List<Problem> problems) {
        return new Draft(name, description, toDefinition(problems));
    }

    /**
     * The definition for the service; what cannot even be expressed (unknown channel, combinator or operator, a group
     * too deep) is added to {@code problems} with the path of the node concerned.
     */
    Definition toDefinition(List<Problem> problems) {
        Channel ch = null;
        try {
            ch = Channel.valueOf(channel == null ? "" : channel.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("channel", "segments.problem.channel", List.of()));
        }
        return new Definition(ch, group(root == null ? RuleForm.group("ALL") : root, "root", 1, problems));
    }

    private static Group group(RuleForm g, String path, int depth, List<Problem> problems) {
        Combinator combinator = Combinator.ALL;
        try {
            combinator = Combinator.valueOf(g.getCombinator() == null ? "" : g.getCombinator());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(path, "segments.problem.combinator", List.of()));
        }
        if (depth > MAX_DEPTH) {
            problems.add(new Problem(path, "segments.problem.depth", List.of(String.valueOf(MAX_DEPTH))));
        }
        List<Rule> rules = new ArrayList<>();
        List<RuleForm> children = g.getRules() == null ? List.of() : g.getRules();
        for (int i = 0; i < children.size(); i++) {
            RuleForm child = children.get(i);
            if (child == null) {
                continue;
            }
            String childPath = path + ".rules[" + i + "]";
            rules.add(child.isGroup() ? group(child, childPath, depth + 1, problems)
                    : condition(child, childPath, problems));
        }
        return new Group(combinator, rules);
    }

    private static Condition condition(RuleForm c, String path, List<Problem> problems) {
        Operator op = null;
        if (c.getOperator() != null && !c.getOperator().isBlank()) {
            try {
                op = Operator.valueOf(c.getOperator());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path, "segments.problem.operator", List.of()));
            }
        }
        String field = c.getField() == null ? "" : c.getField();
        List<String> values = List.of();
        if (op != null) {
            values = switch (BuilderView.arity(op)) {
                case NONE -> List.of();
                case ONE, DAYS -> List.of(c.value(0).strip());
                case TWO -> List.of(c.value(0).strip(), c.value(1).strip());
                case MANY -> many(c);
            };
        }
        return new Condition(field, op, values);
    }

    private static List<String> many(RuleForm c) {
        List<String> out = new ArrayList<>();
        if (c.getValuesText() != null) {
            Arrays.stream(c.getValuesText().split("[,;\\n]")).map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(out::add);
        }
        if (c.getValues() != null) {
            c.getValues().stream().filter(v -> v != null && !v.isBlank()).map(String::strip)
                    .filter(v -> !out.contains(v)).forEach(out::add);
        }
        return out;
    }

    /** The node at {@code root.rules[i].rules[j]…}, or null for a malformed or missing path. */
    RuleForm node(String path) {
        if (path == null) {
            return null;
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        RuleForm node = root;
        Matcher idx = INDEX.matcher(m.group(1));
        while (idx.find()) {
            int i = Integer.parseInt(idx.group(1));
            if (node == null || node.getRules() == null || i >= node.getRules().size()) {
                return null;
            }
            node = node.getRules().get(i);
        }
        return node;
    }

    static String parentPath(String path) {
        int dot = path == null ? -1 : path.lastIndexOf('.');
        return dot < 0 ? null : path.substring(0, dot);
    }

    static int lastIndex(String path) {
        Matcher idx = INDEX.matcher(path.substring(path.lastIndexOf('.') + 1));
        return idx.find() ? Integer.parseInt(idx.group(1)) : -1;
    }

    static int depth(String path) {
        int d = 1;
        Matcher idx = INDEX.matcher(path);
        while (idx.find()) {
            d++;
        }
        return d;
    }

    /**
     * A structural action of the builder: {@code add-condition:<group path>}, {@code add-group:<group path>},
     * {@code remove:<node path>}; anything else (or a path that does not exist) changes nothing.
     */
    void apply(String action) {
        if (action == null) {
            return;
        }
        int colon = action.indexOf(':');
        if (colon < 0) {
            return;
        }
        String verb = action.substring(0, colon);
        String path = action.substring(colon + 1);
        RuleForm node = node(path);
        if (node == null) {
            return;
        }
        switch (verb) {
            case "add-condition" -> {
                if (node.isGroup()) {
                    node.getRules().add(RuleForm.condition());
                }
            }
            case "add-group" -> {
                if (node.isGroup() && depth(path) < MAX_DEPTH) {
                    RuleForm g = RuleForm.group("ALL".equals(node.getCombinator()) ? "ANY" : "ALL");
                    g.getRules().add(RuleForm.condition());
                    node.getRules().add(g);
                }
            }
            case "remove" -> {
                RuleForm parent = node(parentPath(path));
                int i = lastIndex(path);
                if (parent != null && i >= 0 && i < parent.getRules().size()) {
                    parent.getRules().remove(i);
                }
            }
            default -> {
            }
        }
    }

    /** Drops the gaps a form with missing indexes leaves (null nodes), recursively. */
    void compact() {
        compact(root);
    }

    private static void compact(RuleForm g) {
        if (g == null || g.getRules() == null) {
            return;
        }
        g.getRules().removeIf(r -> r == null);
        g.getRules().forEach(SegmentForm::compact);
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
    public RuleForm getRoot() { return root; }
    public void setRoot(RuleForm root) { this.root = root; }
}
