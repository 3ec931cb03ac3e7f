package io.archipel.campaign;

import java.util.List;

/** The read models of compliance checks (rules HQ sets; findings on a campaign's resolved content). */
public final class Compliance {

    private Compliance() {
    }

    /** What a rule looks at. */
    public enum RuleKind { RESTRICTED_WORD, RESTRICTED_PATTERN, LINK_DOMAIN, LEGAL_FOOTER, IMAGE_ALT, SUBJECT_LENGTH,
        MERGE_FALLBACK }

    /** BLOCKING findings refuse a submission; WARNING findings are shown only. */
    public enum Severity { BLOCKING, WARNING }

    /**
     * One thing a rule found. {@code path} uses the notation of {@code TemplateProblem} paths ({@code subject},
     * {@code preheader}, {@code blocks[<blockId>].<field>}, {@code parts[<partId>]}) so the wizard shows it next to
     * its block; {@code messageKey} + {@code args} make the message.
     */
    public record Finding(String path, RuleKind kind, Severity severity, String messageKey, List<String> args) {

        public Finding {
            args = args == null ? List.of() : List.copyOf(args);
        }

        public boolean blocking() {
            return severity == Severity.BLOCKING;
        }

        public Object[] argsArray() {
            return args.toArray();
        }
    }
}
