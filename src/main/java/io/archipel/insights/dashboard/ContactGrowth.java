package io.archipel.insights.dashboard;

/**
 * A contact base over a period: contacts at its start, added and erased during it, at its end.
 */
public record ContactGrowth(long atStart, long added, long removed) {

    public static final ContactGrowth NONE = new ContactGrowth(0, 0, 0);

    public long atEnd() {
        return atStart + added - removed;
    }

    public long net() {
        return added - removed;
    }

    /** Net growth over the base at the start; null when there was no base. */
    public Double rate() {
        return atStart <= 0 ? null : (double) net() / atStart;
    }

    public ContactGrowth plus(ContactGrowth o) {
        return new ContactGrowth(atStart + o.atStart, added + o.added, removed + o.removed);
    }
}
