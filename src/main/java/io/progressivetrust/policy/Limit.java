package io.progressivetrust.policy;

import java.util.Objects;

/**
 * An account's daily limit at one time, and why it is what it is. The explanation is
 * prose, needed only by rejections, notices and the status API: it is written on first use.
 */
public final class Limit {

    private final Integer score;
    private final boolean enrolled;
    private final Long value;
    private final long base;
    private final long historySum;
    private final int averageDays;
    private final Grant grant;
    private final Explanations explanations;
    private String why;

    Limit(Integer score, boolean enrolled, Long value, long base, long historySum, int averageDays, Grant grant,
          Explanations explanations) {
        this.score = score;
        this.enrolled = enrolled;
        this.value = value;
        this.base = base;
        this.historySum = historySum;
        this.averageDays = averageDays;
        this.grant = grant;
        this.explanations = explanations;
    }

    /** The score in force (the unenrolled score where the account has none), or null. */
    public Integer score() {
        return score;
    }

    /** Whether the account has a score of its own. */
    public boolean enrolled() {
        return enrolled;
    }

    /** The limit, or null where the account is not limited. */
    public Long value() {
        return value;
    }

    /** The limit before any grant. */
    long base() {
        return base;
    }

    /** S, the accepted SMS of the history days. */
    public long historySum() {
        return historySum;
    }

    /** The days the history's sum was averaged over. */
    int averageDays() {
        return averageDays;
    }

    /** The grant that adds to the limit, or null. */
    public Grant grant() {
        return grant;
    }

    /** One line for people: the score, the 60-day average, the grant. */
    public String why() {
        if (why == null) {
            why = explanations.limit(this);
        }
        return why;
    }

    /** Whether the two are explained in the same words: every figure the explanation names is the same. */
    boolean explainsAs(Limit other) {
        return Objects.equals(score, other.score) && enrolled == other.enrolled && Objects.equals(value, other.value)
                && base == other.base && historySum == other.historySum && averageDays == other.averageDays
                && Objects.equals(grant, other.grant) && explanations == other.explanations;
    }

    public boolean unlimited() {
        return value == null;
    }

    public boolean sameLimitAs(Limit other) {
        return Objects.equals(value, other.value);
    }
}
