package io.progressivetrust.policy;

import java.util.Objects;

/**
 * An account's daily limit at one time, and why it is what it is.
 *
 * @param score the score in force (the unenrolled score where the account has none), or null
 * @param enrolled whether the account has a score of its own
 * @param value the limit, or null where the account is not limited
 * @param historySum S, the accepted SMS of the history days
 * @param grant the grant that adds to the limit, or null
 * @param why one line for people: the score, the 60-day average, the grant
 */
public record Limit(Integer score, boolean enrolled, Long value, long historySum, Grant grant, String why) {

    public boolean unlimited() {
        return value == null;
    }

    public boolean sameLimitAs(Limit other) {
        return Objects.equals(value, other.value);
    }
}
