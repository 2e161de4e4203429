package io.progressivetrust.policy;

/**
 * The decision on one intent, with everything a verdict record carries.
 *
 * @param accepted whether the intent goes to the accepted topic
 * @param overLimit whether it did not fit in the limit (rejected, or accepted in shadow mode)
 * @param limited whether a limit applied at all
 * @param score the score in force, or null
 * @param dailyLimit the limit, or null where not limited
 * @param countInWindow accepted SMS in the window after this verdict
 * @param evaluatedAt the account's clock when judged, epoch millis
 * @param errorMessage why the intent did not fit, or null
 * @param nextRoomAt when the window next has room, or null
 */
public record Verdict(String messageSid, String accountSid, boolean accepted, boolean overLimit, String channel,
                      boolean limited, Integer score, Long dailyLimit, long countInWindow, long evaluatedAt,
                      String errorMessage, Long nextRoomAt) {

    /** An intent no limit applies to: not SMS, score 1, or unenrolled and unlimited. */
    static Verdict unlimited(Intent intent, Integer score, long countInWindow, long t) {
        return new Verdict(intent.messageSid(), intent.accountSid(), true, false, intent.channel(), false, score, null,
                countInWindow, t, null, null);
    }

    /** An SMS that fits in its limit. */
    static Verdict accepted(Intent intent, Integer score, long limit, long countInWindow, long t) {
        return new Verdict(intent.messageSid(), intent.accountSid(), true, false, intent.channel(), true, score, limit,
                countInWindow, t, null, null);
    }

    /** An SMS over its limit: rejected, or accepted all the same in shadow mode, and told why either way. */
    static Verdict overLimit(Intent intent, boolean shadow, Integer score, long limit, long countInWindow, long t,
                             String why, Long nextRoomAt) {
        return new Verdict(intent.messageSid(), intent.accountSid(), shadow, true, intent.channel(), true, score, limit,
                countInWindow, t, why, nextRoomAt);
    }

    public boolean shadowRejected() {
        return accepted && overLimit;
    }
}
