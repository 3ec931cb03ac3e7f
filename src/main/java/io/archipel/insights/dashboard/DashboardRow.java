package io.archipel.insights.dashboard;

import java.util.UUID;

import io.archipel.tenancy.TerritoryKind;

/**
 * One territory or one branch on a dashboard: its active branches (not deactivated), those among them that sent at
 * least one campaign in the period ("adopting"), its campaign results and its contact base.
 *
 * @param kind the territory's kind, null for a branch
 */
public record DashboardRow(UUID id, String name, String code, TerritoryKind kind, int branches, int adopting,
        Metrics metrics, ContactGrowth contacts) {

    public boolean isBranch() {
        return kind == null;
    }

    /** Share of the active branches that sent a campaign in the period; null without any active branch. */
    public Double adoption() {
        return branches <= 0 ? null : (double) adopting / branches;
    }

    /** The value of a column of league and heat-map tables (null when not measurable). */
    public Double value(Column column) {
        return switch (column) {
            case ADOPTION -> adoption();
            case CAMPAIGNS -> (double) metrics.campaigns();
            case RECIPIENTS -> (double) metrics.recipients();
            case DELIVERY_RATE -> metrics.deliveryRate();
            case OPEN_RATE -> metrics.openRate();
            case CLICK_RATE -> metrics.clickRate();
            case UNSUBSCRIBE_RATE -> metrics.unsubscribeRate();
            case CONTACT_GROWTH -> contacts.rate();
            case CONTACTS -> (double) contacts.atEnd();
        };
    }

    /** The measures compared between rows, in table order. */
    public enum Column {
        ADOPTION(true, true), CAMPAIGNS(false, true), RECIPIENTS(false, true), DELIVERY_RATE(true, true),
        OPEN_RATE(true, true), CLICK_RATE(true, true), UNSUBSCRIBE_RATE(true, false), CONTACT_GROWTH(true, true),
        CONTACTS(false, true);

        private final boolean percent;
        private final boolean higherIsBetter;

        Column(boolean percent, boolean higherIsBetter) {
            this.percent = percent;
            this.higherIsBetter = higherIsBetter;
        }

        public boolean percent() {
            return percent;
        }

        public boolean higherIsBetter() {
            return higherIsBetter;
        }

        /** The URL spelling ({@code open-rate}). */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Column parse(String key, Column fallback) {
            if (key != null) {
                for (Column c : values()) {
                    if (c.key().equalsIgnoreCase(key.trim())) {
                        return c;
                    }
                }
            }
            return fallback;
        }
    }
}
