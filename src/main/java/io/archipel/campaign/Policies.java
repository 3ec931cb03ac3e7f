package io.archipel.campaign;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.tenancy.TerritoryKind;

/**
 * Autonomy policies: how freely a branch may send from a template. The network default applies unless the template
 * has its own policy; a territory may override any field of it for the branches below (the nearest territory on a
 * branch's path wins, field by field). Message keys: {@code policy.review.<MODE>}, {@code policy.reviewer.<R>},
 * {@code policy.expiry.<ACTION>}, {@code policy.source.<SOURCE>}.
 */
public final class Policies {

    private Policies() {
    }

    /** When a branch's campaign needs a review before sending. */
    public enum ReviewMode { NEVER, ALWAYS, WHEN_FREE_TEXT_CHANGED }

    /** Who reviews: HQ users (admins, marketers) or the validators whose territory holds the branch. */
    public enum Reviewer { HQ, TERRITORY_VALIDATORS }

    /** What happens when nobody reviewed in time. */
    public enum ExpiryAction { ESCALATE_TO_HQ, AUTO_APPROVE }

    /** Where an effective value comes from. */
    public enum Source { NETWORK_DEFAULT, TEMPLATE, TERRITORY }

    public static final int MAX_DEADLINE_HOURS = 24 * 30;
    public static final int MAX_SENDS_PER_WEEK = 100;

    /**
     * A complete policy. {@code deadlineHours} 1..{@value #MAX_DEADLINE_HOURS}; {@code maxSendsPerWeek} null = no
     * limit (values below 1 are read as no limit); {@code channels} the channels branches may send on (never null).
     */
    public record Policy(ReviewMode review, Reviewer reviewer, int deadlineHours, ExpiryAction onExpiry,
            Integer maxSendsPerWeek, Set<TemplateChannel> channels) {

        public Policy {
            maxSendsPerWeek = maxSendsPerWeek == null || maxSendsPerWeek < 1 ? null : maxSendsPerWeek;
            channels = channels == null || channels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(channels));
        }

        /** What a network starts with: every campaign reviewed by its territory validators within 48 hours. */
        public static Policy initial() {
            return new Policy(ReviewMode.ALWAYS, Reviewer.TERRITORY_VALIDATORS, 48, ExpiryAction.ESCALATE_TO_HQ, null,
                    EnumSet.allOf(TemplateChannel.class));
        }

        public boolean allows(TemplateChannel channel) {
            return channels.contains(channel);
        }

        public boolean limited() {
            return maxSendsPerWeek != null;
        }
    }

    /**
     * A territory's override of a template's policy: each field null = inherit from above. {@code maxSendsPerWeek}
     * 0 = explicitly no limit (null inherits).
     */
    public record Override(ReviewMode review, Reviewer reviewer, Integer deadlineHours, ExpiryAction onExpiry,
            Integer maxSendsPerWeek, Set<TemplateChannel> channels) {

        public Override {
            channels = channels == null ? null : channels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(channels));
        }

        public static Override none() {
            return new Override(null, null, null, null, null, null);
        }

        public boolean empty() {
            return review == null && reviewer == null && deadlineHours == null && onExpiry == null
                    && maxSendsPerWeek == null && channels == null;
        }
    }

    /**
     * The policy in force for one branch and template. {@code source} is the most specific level that set any value
     * (TERRITORY when an override on the branch's path set at least one field; {@code territoryName} then names the
     * nearest such territory, else null).
     */
    public record Effective(Policy policy, Source source, String territoryName) {
    }

    /** Where one effective value comes from ({@code territoryName} set for TERRITORY). */
    public record FieldSource(Source source, UUID territoryId, String territoryName) {

        public boolean inherited(UUID rowTerritoryId) {
            return source != Source.TERRITORY || !territoryId.equals(rowTerritoryId);
        }
    }

    /** The source of each field of an effective policy. */
    public record Sources(FieldSource review, FieldSource reviewer, FieldSource deadlineHours, FieldSource onExpiry,
            FieldSource maxSendsPerWeek, FieldSource channels) {

        /** The six sources, in the order of the Policy components. */
        public java.util.List<FieldSource> all() {
            return java.util.List.of(review, reviewer, deadlineHours, onExpiry, maxSendsPerWeek, channels);
        }
    }

    /**
     * One territory of the tree (depth-first, by name; {@code depth} 0 for a root) with the effective policy its
     * branches get, where each value comes from, and the territory's own override (null when it has none).
     */
    public record EffectiveRow(UUID territoryId, String territoryName, TerritoryKind kind, int depth,
            Policy policy, Sources sources, Override override) {

        public boolean overridden() {
            return override != null && !override.empty();
        }
    }

    /** A policy or override was refused: {@code field} (a Policy component name) and a message key. */
    public static class InvalidPolicyException extends RuntimeException {

        private final String field;
        private final String messageKey;

        public InvalidPolicyException(String field, String messageKey) {
            super(field + ": " + messageKey);
            this.field = field;
            this.messageKey = messageKey;
        }

        public String field() {
            return field;
        }

        public String messageKey() {
            return messageKey;
        }
    }
}
