package io.archipel.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Compliance checks of campaign content: the network's rules and what a check finds. */
public final class Compliance {

    private Compliance() {
    }

    /** What a rule looks at. */
    public enum RuleKind {
        RESTRICTED_WORD, RESTRICTED_PATTERN, LINK_DOMAIN, LEGAL_FOOTER, IMAGE_ALT, SUBJECT_LENGTH, MERGE_FALLBACK;

        /** Kinds without parameters: one switchable rule each per network. */
        public boolean single() {
            return this == LEGAL_FOOTER || this == IMAGE_ALT || this == MERGE_FALLBACK;
        }
    }

    /** BLOCKING findings refuse a submission; WARNING findings are shown only. */
    public enum Severity { BLOCKING, WARNING }

    /**
     * One thing a rule found. {@code path} uses the notation of {@code TemplateProblem} paths ({@code subject},
     * {@code preheader}, {@code blocks[<blockId>].<field>}, {@code parts[<partId>]}) so the wizard shows it next to
     * its block; also {@code blocks[<blockId>]} (a block as a whole), {@code blocks} (the block list: a missing
     * legal footer), {@code optOut} (the SMS opt-out mention) and {@code text} (the "try a text" box of the rules
     * page). {@code messageKey} + {@code args} make a plain-words message (bundle {@code messages/compliance}); the
     * rule's note for branches is always the last argument ("" when none, else a leading space and the note).
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

    /**
     * A rule of the network. Parameters by kind: {@code words} (RESTRICTED_WORD), {@code pattern}
     * (RESTRICTED_PATTERN, a Java regular expression), {@code domains} (LINK_DOMAIN), {@code maxLength}
     * (SUBJECT_LENGTH); the other kinds have none. {@code note} is shown to branches with each finding.
     */
    public record Rule(UUID id, RuleKind kind, Severity severity, boolean enabled, List<String> words, String pattern,
            List<String> domains, Integer maxLength, String note, String updatedBy, Instant updatedAt,
            long version) {
        public Rule {
            words = words == null ? List.of() : List.copyOf(words);
            domains = domains == null ? List.of() : List.copyOf(domains);
        }
    }

    /** What HQ types to create or change a rule (the kind of an existing rule cannot change). */
    public record RuleDraft(RuleKind kind, Severity severity, boolean enabled, List<String> words, String pattern,
            List<String> domains, Integer maxLength, String note) {
        public RuleDraft {
            words = words == null ? List.of() : List.copyOf(words);
            domains = domains == null ? List.of() : List.copyOf(domains);
        }
    }

    public static final int MAX_WORDS = 200;
    public static final int MAX_WORD_LENGTH = 60;
    public static final int MAX_PATTERN_LENGTH = 300;
    public static final int MAX_DOMAINS = 50;
    public static final int MAX_NOTE_LENGTH = 300;
    public static final int MAX_RULES = 100;

    /** A draft that cannot be saved: {@code field} (null = the whole form) and a message key of the bundle. */
    public static class InvalidRuleException extends RuntimeException {
        private final String field;
        private final String messageKey;
        private final transient Object[] args;

        public InvalidRuleException(String field, String messageKey, Object... args) {
            super(messageKey + (field == null ? "" : " on " + field));
            this.field = field;
            this.messageKey = messageKey;
            this.args = args;
        }

        public String field() {
            return field;
        }

        public String messageKey() {
            return messageKey;
        }

        public Object[] args() {
            return args;
        }
    }

    /** Someone else changed the rule since it was read. */
    public static class StaleRuleException extends RuntimeException {
        public StaleRuleException() {
            super("The compliance rule was changed by someone else");
        }
    }
}
