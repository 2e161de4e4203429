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

    public boolean shadowRejected() {
        return accepted && overLimit;
    }
}
