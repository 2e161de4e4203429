package io.progressivetrust.policy;

/**
 * A notice for an account owner.
 *
 * @param type {@link #ENROLLED}, {@link #LIMIT_CHANGED} or {@link #THRESHOLD}
 * @param percent for a threshold notice, 80 or 100; otherwise null
 * @param why the limit's explanation
 */
public record Notice(String type, String accountSid, Integer score, Long dailyLimit, long at,
                     Integer percent, Long countInWindow, String why) {

    public static final String ENROLLED = "enrolled";
    public static final String LIMIT_CHANGED = "limit-changed";
    public static final String THRESHOLD = "threshold";

    static Notice of(String type, String account, Limit limit, long at) {
        return new Notice(type, account, limit.score(), limit.value(), at, null, null, limit.why());
    }
}
