package io.archipel.audience.web;

import java.util.ArrayList;
import java.util.List;

import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Target;

/**
 * The mapping screen as a form: one choice per file column ({@code targets[i]}: a {@link Target} name, or
 * {@code ATTRIBUTE:key} for a custom attribute) and the lawful-basis statement for consent columns.
 */
public class ImportMappingForm {

    static final String ATTRIBUTE_PREFIX = Target.ATTRIBUTE.name() + ":";

    private List<String> targets = new ArrayList<>();
    private String lawfulBasis;

    public List<String> getTargets() {
        return targets;
    }

    public void setTargets(List<String> targets) {
        this.targets = targets;
    }

    public String getLawfulBasis() {
        return lawfulBasis;
    }

    public void setLawfulBasis(String lawfulBasis) {
        this.lawfulBasis = lawfulBasis;
    }

    /** The form filled from a mapping (the suggested one), for {@code columnCount} columns. */
    static ImportMappingForm of(Mapping mapping, int columnCount) {
        ImportMappingForm form = new ImportMappingForm();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columnCount; i++) {
            values.add(Target.IGNORE.name());
        }
        if (mapping != null && mapping.columns() != null) {
            for (ColumnMapping c : mapping.columns()) {
                if (c.column() >= 0 && c.column() < columnCount && c.target() != null) {
                    values.set(c.column(), value(c.target(), c.attributeKey()));
                }
            }
            form.setLawfulBasis(mapping.lawfulBasis());
        }
        form.setTargets(values);
        return form;
    }

    static String value(Target target, String attributeKey) {
        return target == Target.ATTRIBUTE ? ATTRIBUTE_PREFIX + attributeKey : target.name();
    }

    /** The chosen value of column {@code i} ({@code IGNORE} when missing). */
    public String target(int i) {
        return targets != null && i < targets.size() && targets.get(i) != null ? targets.get(i) : Target.IGNORE.name();
    }

    /** Whether an e-mail or SMS consent column is mapped (then the lawful basis is required). */
    public boolean consentMapped() {
        return targets != null && targets.stream().anyMatch(t -> Target.EMAIL_CONSENT.name().equals(t)
                || Target.SMS_CONSENT.name().equals(t));
    }

    /** The service's mapping: unknown values are ignored columns; only the columns the file has. */
    Mapping toMapping(int columnCount) {
        List<ColumnMapping> columns = new ArrayList<>();
        for (int i = 0; i < columnCount; i++) {
            String v = target(i).strip();
            if (v.startsWith(ATTRIBUTE_PREFIX)) {
                columns.add(new ColumnMapping(i, Target.ATTRIBUTE, v.substring(ATTRIBUTE_PREFIX.length())));
                continue;
            }
            Target t;
            try {
                t = Target.valueOf(v);
            } catch (IllegalArgumentException e) {
                t = Target.IGNORE;
            }
            columns.add(new ColumnMapping(i, t == Target.ATTRIBUTE ? Target.IGNORE : t, null));
        }
        String basis = lawfulBasis == null || lawfulBasis.isBlank() ? null : lawfulBasis.strip();
        return new Mapping(columns, basis);
    }
}
