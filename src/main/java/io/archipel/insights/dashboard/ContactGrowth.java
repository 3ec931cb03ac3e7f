package io.archipel.insights.dashboard;

import io.archipel.insights.Insights;

/**
 * A contact base over a period: contacts at its start and at its end (erased contacts left out), and those of the end
 * who accept e-mails.
 */
public record ContactGrowth(long atStart, long atEnd, long emailConsented) {

    public static final ContactGrowth NONE = new ContactGrowth(0, 0, 0);

    public static ContactGrowth of(Insights.ContactFigures c) {
        return c == null ? NONE : new ContactGrowth(c.contactsAtStart(), c.contactsAtEnd(), c.emailConsented());
    }

    public long net() {
        return atEnd - atStart;
    }

    /** Net growth over the base at the start; null when there was no base. */
    public Double rate() {
        return atStart <= 0 ? null : (double) net() / atStart;
    }

    public Double emailConsentRate() {
        return atEnd <= 0 ? null : (double) emailConsented / atEnd;
    }
}
