package io.archipel.audience.web.segments;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.audience.CustomAttributes.Draft;

/** What the attribute forms post: the allowed values are typed one per line. */
public class AttributeForm {

    private String key;
    private String label;
    private AttributeType type;
    private String allowedValues;
    private long version;

    static AttributeForm of(Definition d) {
        AttributeForm f = new AttributeForm();
        f.key = d.key();
        f.label = d.label();
        f.type = d.type();
        f.allowedValues = String.join("\n", d.allowedValues());
        f.version = d.version();
        return f;
    }

    Draft toDraft() {
        String k = key == null || key.isBlank() ? suggestKey(label) : key.strip();
        return new Draft(k, label, type, lines(allowedValues));
    }

    static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** "Pointure préférée" → "pointure_preferee": what the key field suggests (app.js does the same while typing). */
    static String suggestKey(String label) {
        if (label == null) {
            return "";
        }
        String s = Normalizer.normalize(label, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        s = s.replaceAll("^[0-9_]+", "");
        return s.length() > 40 ? s.substring(0, 40).replaceAll("_+$", "") : s;
    }

    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public String getLabel() { return label; }
    public void setLabel(String label) { this.label = label; }
    public AttributeType getType() { return type; }
    public void setType(AttributeType type) { this.type = type; }
    public String getAllowedValues() { return allowedValues; }
    public void setAllowedValues(String allowedValues) { this.allowedValues = allowedValues; }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
}
