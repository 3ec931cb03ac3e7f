package io.archipel.insights;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;

import io.archipel.tenancy.TerritoryKind;

/**
 * The records of the insights read API ({@link InsightsQueries}). Every figure comes from the rollups
 * (docs/insights-rollups.md): a campaign's sends and everything its recipients did later belong to the day its send
 * started, in the branch's time zone; a period therefore selects the campaigns SENT in it.
 */
public final class Insights {

    private Insights() {
    }

    /** Channel of a campaign. */
    public enum Channel { EMAIL, SMS }

    /** Width of the buckets of a trend series. Weeks start on Monday; months on the 1st. */
    public enum Bucket { WEEK, MONTH }

    /**
     * What a dashboard shows: campaigns sent between {@code from} and {@code to} (both included), optionally only
     * one channel, one template or one kit ({@code null} = all).
     */
    public record Filter(LocalDate from, LocalDate to, Channel channel, UUID templateId, UUID kitId) {

        public Filter {
            if (from == null || to == null) {
                throw new IllegalArgumentException("A period needs both ends");
            }
            if (to.isBefore(from)) {
                LocalDate swap = from;
                from = to;
                to = swap;
            }
        }

        /** The current month and the {@code months - 1} before it, up to {@code today} (all channels). */
        public static Filter lastMonths(int months, LocalDate today) {
            return new Filter(today.withDayOfMonth(1).minusMonths(Math.max(months, 1) - 1L), today, null, null, null);
        }

        /** The last {@code days} days up to {@code today}, both included. */
        public static Filter lastDays(int days, LocalDate today) {
            return new Filter(today.minusDays(Math.max(days, 1) - 1L), today, null, null, null);
        }

        public Filter withChannel(Channel c) {
            return new Filter(from, to, c, templateId, kitId);
        }

        public Filter withTemplate(UUID t) {
            return new Filter(from, to, channel, t, kitId);
        }

        public Filter withKit(UUID k) {
            return new Filter(from, to, channel, templateId, k);
        }

        /** Whether the filter narrows to campaigns (template or kit), which the monthly rollup cannot answer. */
        public boolean byCampaignAttributes() {
            return templateId != null || kitId != null;
        }

        /** First day of the first whole calendar month of the period (may be after {@link #to}). */
        public LocalDate firstWholeMonth() {
            return from.getDayOfMonth() == 1 ? from : from.with(TemporalAdjusters.firstDayOfNextMonth());
        }

        /** First day after the last whole calendar month of the period. */
        public LocalDate endOfWholeMonths() {
            LocalDate next = to.plusDays(1);
            return next.getDayOfMonth() == 1 ? next : to.withDayOfMonth(1);
        }
    }

    /**
     * Delivery and tracking sums over a set of campaigns, with the usual rates as methods (each {@code null} when its
     * denominator is zero: "no data", not 0 %).
     *
     * @param campaigns        sends started
     * @param recipients       recipients frozen at the start of the sends
     * @param sent             handed to the relay / SMS provider
     * @param failed           refused (5xx, retries exhausted)
     * @param skipped          no longer consenting or suppressed when their turn came
     * @param opens            every open pixel load, machine opens included
     * @param uniqueOpens      recipients with at least one open (machine opens included)
     * @param machineOpens     opens flagged as likely machine (privacy proxies, scanners)
     * @param humanUniqueOpens recipients with at least one open not flagged machine: the open rate's numerator
     * @param clicks           every tracked-link click
     * @param uniqueClicks     recipients with at least one click
     * @param unsubscribes     recipients who unsubscribed through the message
     * @param bounces          bounces reported by the provider
     * @param complaints       recipients who complained (spam button)
     */
    public record Figures(long campaigns, long recipients, long sent, long failed, long skipped, long opens,
            long uniqueOpens, long machineOpens, long humanUniqueOpens, long clicks, long uniqueClicks,
            long unsubscribes, long bounces, long complaints) {

        public static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Figures plus(Figures o) {
            return new Figures(campaigns + o.campaigns, recipients + o.recipients, sent + o.sent, failed + o.failed,
                    skipped + o.skipped, opens + o.opens, uniqueOpens + o.uniqueOpens, machineOpens + o.machineOpens,
                    humanUniqueOpens + o.humanUniqueOpens, clicks + o.clicks, uniqueClicks + o.uniqueClicks,
                    unsubscribes + o.unsubscribes, bounces + o.bounces, complaints + o.complaints);
        }

        /** Sent and not bounced. */
        public long delivered() {
            return Math.max(sent - bounces, 0);
        }

        /** delivered / sent. */
        public Double deliveryRate() {
            return ratio(delivered(), sent);
        }

        /** Human unique opens / delivered (machine opens left out). */
        public Double openRate() {
            return ratio(humanUniqueOpens, delivered());
        }

        /** Unique clicks / delivered. */
        public Double clickRate() {
            return ratio(uniqueClicks, delivered());
        }

        /** Unique clicks / human unique opens. */
        public Double clickToOpenRate() {
            return ratio(uniqueClicks, humanUniqueOpens);
        }

        /** Unsubscribes / delivered. */
        public Double unsubscribeRate() {
            return ratio(unsubscribes, delivered());
        }

        /** Bounces / sent. */
        public Double bounceRate() {
            return ratio(bounces, sent);
        }

        /** Complaints / delivered. */
        public Double complaintRate() {
            return ratio(complaints, delivered());
        }

        /** Average recipients per campaign (audience size), null without campaigns. */
        public Double recipientsPerCampaign() {
            return ratio(recipients, campaigns);
        }

        public boolean isEmpty() {
            return campaigns == 0 && sent == 0;
        }
    }

    /**
     * A contact base between the day before the period and its last day (from the daily snapshots; consent as of the
     * last snapshot in the period).
     */
    public record ContactFigures(long contactsAtStart, long contactsAtEnd, long emailConsented, long smsConsented) {

        public static final ContactFigures NONE = new ContactFigures(0, 0, 0, 0);

        public ContactFigures plus(ContactFigures o) {
            return new ContactFigures(contactsAtStart + o.contactsAtStart, contactsAtEnd + o.contactsAtEnd,
                    emailConsented + o.emailConsented, smsConsented + o.smsConsented);
        }

        /** Net change of the base over the period (new minus erased). */
        public long growth() {
            return contactsAtEnd - contactsAtStart;
        }

        /** growth / contacts at start; null when the base was empty. */
        public Double growthRate() {
            return ratio(growth(), contactsAtStart);
        }

        /** Contacts consenting to e-mail / contacts at end. */
        public Double emailConsentRate() {
            return ratio(emailConsented, contactsAtEnd);
        }

        /** Contacts consenting to SMS / contacts at end. */
        public Double smsConsentRate() {
            return ratio(smsConsented, contactsAtEnd);
        }
    }

    /**
     * A territory (or, with a null id, the caller's whole scope) over the filter's period.
     *
     * @param activeBranches  active branches in the territory
     * @param sendingBranches active branches that sent at least one campaign in the period
     */
    public record TerritoryFigures(UUID territoryId, String name, TerritoryKind kind, String code,
            int activeBranches, int sendingBranches, Figures figures, ContactFigures contacts) {

        /** Adoption: sending branches / active branches; null without active branches. */
        public Double adoptionRate() {
            return ratio(sendingBranches, activeBranches);
        }
    }

    /** A branch over the filter's period. */
    public record BranchFigures(UUID branchId, String code, String name, String city, UUID territoryId,
            String territoryName, boolean active, Figures figures, ContactFigures contacts) {

        /** Whether the branch sent at least one campaign in the period. */
        public boolean sending() {
            return figures.campaigns() > 0;
        }
    }

    /**
     * One level of the drill-down: the node itself, its child territories and the branches attached directly to it
     * (every child listed, with zeros when it has no data).
     */
    public record Drilldown(TerritoryFigures self, List<TerritoryFigures> territories, List<BranchFigures> branches) {
    }

    /** One bucket of a trend series (weeks start on Monday, months on the 1st); empty buckets are present. */
    public record TrendPoint(LocalDate start, Figures figures) {
    }

    /** One sent campaign. {@code kitId}/{@code kitName} are null when it did not start from a kit. */
    public record CampaignFigures(UUID campaignId, String name, UUID branchId, String branchCode, String branchName,
            Channel channel, LocalDate day, UUID templateId, String templateName, UUID kitId, String kitName,
            Figures figures) {
    }

    /**
     * Campaigns grouped by template or by kit across the requested part of the network.
     *
     * @param branches distinct branches that sent such a campaign in the period
     */
    public record GroupFigures(UUID id, String name, int branches, Figures figures) {
    }

    /**
     * Medians of one branch's peers (never naming them): over the branches that sent at least one campaign in the
     * period for the rates, over the active branches for the campaign count. Null fields: not enough data.
     *
     * @param branches the number of active branches compared (the median is only given from 3 on)
     */
    public record Median(int branches, Double campaigns, Double deliveryRate, Double openRate, Double clickRate,
            Double unsubscribeRate, Double bounceRate) {
    }

    /**
     * A branch beside the medians of its region (its nearest REGION ancestor, else its territory) and of the whole
     * network. A median is null when fewer than {@link InsightsQueries#MIN_PEERS} branches take part.
     */
    public record PeerComparison(BranchFigures branch, String regionName, Median region, Median network) {
    }

    static Double ratio(long part, long whole) {
        return whole <= 0 ? null : (double) part / whole;
    }
}
