package io.progressivetrust.policy;

/**
 * A notice for an account owner.
 *
 * @param percent for a threshold notice, 80 or 100; otherwise null
 * @param why the limit's explanation
 */
public record Notice(Type type, String accountSid, Integer score, Long dailyLimit, long at,
                     Integer percent, Long countInWindow, String why) {

    /** What the notice tells; its word is the record's {@code type}. */
    public enum Type implements Policy.Word {
        /** The account's first score, with the limit it gives today. */
        ENROLLED,
        /** A new score or grant changed the limit. */
        LIMIT_CHANGED,
        /** 80 or 100 percent of today's limit reached, once each per window. */
        THRESHOLD
    }

    /** The shares of the limit at which the owner is told, once each per window. */
    public enum Threshold {
        EIGHTY(80), HUNDRED(100);

        public final int percent;

        Threshold(int percent) {
            this.percent = percent;
        }
    }

    static Notice of(Type type, String account, Limit limit, long at) {
        return new Notice(type, account, limit.score(), limit.value(), at, null, null, limit.why());
    }
}
