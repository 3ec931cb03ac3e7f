package io.archipel.audience.web.segments;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the rule builder as the form posts it, with flat indexed names ({@code root.rules[1].rules[0].field}):
 * a group (combinator and child rules) or a condition (field, operator, values). Everything is text so a tampered form
 * binds and then shows problems instead of failing.
 */
public class RuleForm {

    public static final String GROUP = "group";
    public static final String CONDITION = "condition";

    private String type = CONDITION;
    private String combinator = "ALL";
    private List<RuleForm> rules = new ArrayList<>();
    private String field;
    private String operator;
    private List<String> values = new ArrayList<>();
    /** The values of an operator taking several, typed separated by commas (when the field has no choices). */
    private String valuesText;

    static RuleForm group(String combinator) {
        RuleForm g = new RuleForm();
        g.type = GROUP;
        g.combinator = combinator;
        return g;
    }

    static RuleForm condition() {
        return new RuleForm();
    }

    public boolean isGroup() {
        return GROUP.equals(type);
    }

    /** The i-th value, or "" (so templates can ask for values the form did not post). */
    public String value(int i) {
        return values != null && i < values.size() && values.get(i) != null ? values.get(i) : "";
    }

    public boolean hasValue(String v) {
        return values != null && values.contains(v);
    }

    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getCombinator() { return combinator; }
    public void setCombinator(String combinator) { this.combinator = combinator; }
    public List<RuleForm> getRules() { return rules; }
    public void setRules(List<RuleForm> rules) { this.rules = rules; }
    public String getField() { return field; }
    public void setField(String field) { this.field = field; }
    public String getOperator() { return operator; }
    public void setOperator(String operator) { this.operator = operator; }
    public List<String> getValues() { return values; }
    public void setValues(List<String> values) { this.values = values; }
    public String getValuesText() { return valuesText; }
    public void setValuesText(String valuesText) { this.valuesText = valuesText; }
}
