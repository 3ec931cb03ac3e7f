package io.archipel.campaign.web;

import java.util.Arrays;
import java.util.List;

import io.archipel.campaign.Compliance.Rule;
import io.archipel.campaign.Compliance.RuleDraft;
import io.archipel.campaign.Compliance.RuleKind;
import io.archipel.campaign.Compliance.Severity;
import io.archipel.campaign.ComplianceService;

/** What the rule form posts: words and domains one per line, the length as typed (checked by the controller). */
public class ComplianceRuleForm {

    private RuleKind kind;
    private Severity severity = Severity.BLOCKING;
    private boolean enabled = true;
    private String words;
    private String pattern;
    private String domains;
    private String maxLength;
    private String note;
    private long version;

    static ComplianceRuleForm starter(RuleKind kind) {
        ComplianceRuleForm f = new ComplianceRuleForm();
        f.kind = kind;
        f.severity = kind == null ? Severity.BLOCKING : ComplianceService.defaultSeverity(kind);
        if (kind == RuleKind.SUBJECT_LENGTH) {
            f.maxLength = "80";
        }
        return f;
    }

    static ComplianceRuleForm of(Rule r) {
        ComplianceRuleForm f = new ComplianceRuleForm();
        f.kind = r.kind();
        f.severity = r.severity();
        f.enabled = r.enabled();
        f.words = String.join("\n", r.words());
        f.pattern = r.pattern();
        f.domains = String.join("\n", r.domains());
        f.maxLength = r.maxLength() == null ? "" : r.maxLength().toString();
        f.note = r.note();
        f.version = r.version();
        return f;
    }

    /** The draft; {@code length} is the parsed maximum length (null when empty or not a number). */
    RuleDraft toDraft(RuleKind kindToSave, Integer length) {
        return new RuleDraft(kindToSave, severity, enabled, lines(words), pattern, lines(domains), length, note);
    }

    /** The typed length as a number, or null when empty; -1 when it is not a whole number. */
    Integer parsedMaxLength() {
        if (maxLength == null || maxLength.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(maxLength.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    public RuleKind getKind() { return kind; }
    public void setKind(RuleKind kind) { this.kind = kind; }
    public Severity getSeverity() { return severity; }
    public void setSeverity(Severity severity) { this.severity = severity; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getWords() { return words; }
    public void setWords(String words) { this.words = words; }
    public String getPattern() { return pattern; }
    public void setPattern(String pattern) { this.pattern = pattern; }
    public String getDomains() { return domains; }
    public void setDomains(String domains) { this.domains = domains; }
    public String getMaxLength() { return maxLength; }
    public void setMaxLength(String maxLength) { this.maxLength = maxLength; }
    public String getNote() { return note; }
    public void setNote(String note) { this.note = note; }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
}
