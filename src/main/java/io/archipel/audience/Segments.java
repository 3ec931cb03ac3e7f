package io.archipel.audience;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;

/**
 * Segment definitions: a tree of AND/OR groups of conditions on contact fields and custom attributes, for one channel
 * (consent for that channel is always required, suppressed and erased contacts always left out). Evaluated inside one
 * branch's contacts when a branch uses it ({@link SegmentService}).
 */
public final class Segments {

    private Segments() {
    }

    public enum Combinator { ALL, ANY }

    /**
     * The allow-listed operators. Values are text as typed; each operator says how many it takes: none (IS_SET,
     * IS_NOT_SET, BIRTHDAY_THIS_MONTH), two (BETWEEN), one or more (IN, NOT_IN, HAS_ANY_TAG), else one.
     */
    public enum Operator {
        EQUALS, NOT_EQUALS, IN, NOT_IN, CONTAINS, STARTS_WITH, GREATER_THAN, LESS_THAN, BEFORE, AFTER, BETWEEN,
        WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO, BIRTHDAY_THIS_MONTH, BIRTHDAY_WITHIN_DAYS, HAS_TAG, HAS_ANY_TAG,
        HAS_NO_TAG, IS_SET, IS_NOT_SET
    }

    /** How a field is typed, which decides its operators and how values are parsed. */
    public enum FieldType { TEXT, NUMBER, DATE, BOOLEAN, CHOICE, TAGS }

    public sealed interface Rule permits Group, Condition {
    }

    public record Group(Combinator combinator, List<Rule> rules) implements Rule {
    }

    /** {@code field} is a built-in key (see {@link SegmentService#fields()}) or {@code attr.<key>} for a custom attribute. */
    public record Condition(String field, Operator operator, List<String> values) implements Rule {
    }

    public record Definition(Channel channel, Group root) {
    }

    /**
     * A field offered by the rule builder: {@code labelKey} is a message key for built-ins, null for custom attributes
     * (then {@code label} is HQ's label); {@code choices} for CHOICE fields (loyalty tier: the tiers in use).
     */
    public record Field(String key, String labelKey, String label, FieldType type, List<Operator> operators,
            List<String> choices) {
    }

    /** A saved segment; {@code ownerBranchId} null = an HQ segment offered to every branch. */
    public record Segment(UUID id, String name, String description, Definition definition, UUID ownerBranchId,
            String ownerBranchName, long version, String updatedBy, Instant updatedAt) {

        public boolean network() {
            return ownerBranchId == null;
        }
    }

    public record Draft(String name, String description, Definition definition) {
    }

    /** A problem of a definition; {@code path} like {@code root}, {@code root.rules[1].rules[0]}, {@code name}. */
    public record Problem(String path, String messageKey, List<String> args) {
    }

    public record BranchCount(UUID branchId, String branchCode, String branchName, long contacts) {
    }

    /** Counts in the caller's scope: the total and per branch (largest first). */
    public record NetworkCount(long total, List<BranchCount> branches) {
    }

    /** Whether branches of a territory may create their own segments: set here, or inherited (null) from above. */
    public record TerritoryPolicy(UUID territoryId, String territoryName, String path, int depth, Boolean allowed,
            boolean effective) {
    }

    /**
     * A compiled audience for one branch, to embed in a query over {@code contact c}:
     * {@code "select c.id from contact c where " + sql}, binding {@code params} in order. It already holds the tenant,
     * the branch, "not erased", reachability and consent for the channel and "not suppressed".
     */
    public record Audience(String sql, List<Object> params) {
    }

    public static class InvalidSegmentException extends RuntimeException {

        private final transient List<Problem> problems;

        public InvalidSegmentException(List<Problem> problems) {
            super("invalid segment: " + problems);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }
}
