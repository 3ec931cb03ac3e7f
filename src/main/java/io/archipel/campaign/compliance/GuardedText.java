package io.archipel.campaign.compliance;

/**
 * A text that a regular expression may read only so much of: every character read counts, and past the budget (or
 * the deadline) reading throws {@link TooSlowException}. This stops a pattern with catastrophic backtracking (e.g.
 * {@code (x+x+)+y} on a long run of "x") instead of letting it spin for minutes on a request thread.
 */
final class GuardedText implements CharSequence {

    /** Thrown out of the regex engine when the text was read too often or for too long. */
    static final class TooSlowException extends RuntimeException {
        TooSlowException() {
            super("regular expression gave up: too much backtracking", null, false, false);
        }
    }

    private final CharSequence text;
    private final Budget budget;

    /** How many characters may be read in all, and until when. */
    static final class Budget {
        private long remaining;
        private final long deadlineNanos;

        Budget(long reads, long millis) {
            this.remaining = reads;
            this.deadlineNanos = System.nanoTime() + millis * 1_000_000L;
        }

        void spend() {
            remaining--;
            if (remaining < 0 || ((remaining & 0x3FF) == 0 && System.nanoTime() > deadlineNanos)) {
                throw new TooSlowException();
            }
        }
    }

    GuardedText(CharSequence text, Budget budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        budget.spend();
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new GuardedText(text.subSequence(start, end), budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
