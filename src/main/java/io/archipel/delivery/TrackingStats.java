package io.archipel.delivery;

/**
 * What recipients did with a campaign's mail, and what their mail servers reported.
 *
 * @param opens          every open pixel load (machine opens included)
 * @param uniqueOpens    recipients who opened at least once (machine opens included)
 * @param machineOpens   opens flagged as likely machine opens (mail privacy proxies, prefetching, scanners)
 * @param humanUniqueOpens recipients with at least one open not flagged as a machine open
 * @param clicks         every tracked-link click
 * @param uniqueClicks   recipients who clicked at least once
 * @param unsubscribes   unsubscriptions through the mail's link (page or one-click)
 * @param bounces        bounces reported by the mail provider (hard and soft)
 * @param complaints     spam complaints reported by the mail provider
 */
public record TrackingStats(long opens, long uniqueOpens, long machineOpens, long humanUniqueOpens, long clicks,
        long uniqueClicks, long unsubscribes, long bounces, long complaints) {

    public static final TrackingStats NONE = new TrackingStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
