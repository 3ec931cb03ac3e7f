package io.archipel.insights.dashboard;

/**
 * Campaign results summed over a set of sends. Rates are over delivered messages (sent minus bounces), the way mail
 * tools report them; a rate with nothing to divide is {@code null} ("—" on screen, empty in a CSV).
 *
 * @param campaigns    sends started in the period
 * @param recipients   recipients targeted by those sends
 * @param sent         messages handed to the mail or SMS provider
 * @param failed       messages that could not be handed over
 * @param bounces      bounces reported back
 * @param uniqueOpens  recipients who opened at least once, machine opens left out
 * @param uniqueClicks recipients who clicked at least once
 * @param unsubscribes unsubscriptions through the message
 * @param complaints   spam complaints
 */
public record Metrics(long campaigns, long recipients, long sent, long failed, long bounces, long uniqueOpens,
        long uniqueClicks, long unsubscribes, long complaints) {

    public static final Metrics NONE = new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The rollup figures of the insights read API, with the open rate's numerator (human unique opens). */
    public static Metrics of(io.archipel.insights.Insights.Figures f) {
        return f == null ? NONE : new Metrics(f.campaigns(), f.recipients(), f.sent(), f.failed(), f.bounces(),
                f.humanUniqueOpens(), f.uniqueClicks(), f.unsubscribes(), f.complaints());
    }

    public Metrics plus(Metrics o) {
        return new Metrics(campaigns + o.campaigns, recipients + o.recipients, sent + o.sent, failed + o.failed,
                bounces + o.bounces, uniqueOpens + o.uniqueOpens, uniqueClicks + o.uniqueClicks,
                unsubscribes + o.unsubscribes, complaints + o.complaints);
    }

    public long delivered() {
        return Math.max(0, sent - bounces);
    }

    public Double deliveryRate() {
        return ratio(delivered(), sent);
    }

    public Double openRate() {
        return ratio(uniqueOpens, delivered());
    }

    public Double clickRate() {
        return ratio(uniqueClicks, delivered());
    }

    public Double unsubscribeRate() {
        return ratio(unsubscribes, delivered());
    }

    /** Opens per 1,000 recipients targeted: compares audiences of any size. */
    public Double opensPerThousand() {
        return perThousand(uniqueOpens, recipients);
    }

    public Double clicksPerThousand() {
        return perThousand(uniqueClicks, recipients);
    }

    public boolean isEmpty() {
        return campaigns == 0;
    }

    static Double ratio(long part, long whole) {
        return whole <= 0 ? null : (double) part / whole;
    }

    static Double perThousand(long part, long whole) {
        return whole <= 0 ? null : 1000.0 * part / whole;
    }
}
