package io.progressivetrust.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The rules in words, for people: why a limit is what it is, and why an intent did not fit.
 * Written only when a rejection, a notice or the status API asks, never for an accepted intent.
 */
final class Explanations {

    private final Policy policy;

    Explanations(Policy policy) {
        this.policy = policy;
    }

    /** The limit in words: who the account is, what its history allows, what was granted. */
    String limit(Limit limit) {
        Integer score = limit.score();
        if (score == null) {
            return "the account has no Reputation Score, so it is not limited";
        }
        String who = limit.enrolled() ? "score " + score
                : "the account has no Reputation Score and is treated as score " + score;
        if (score == 1) {
            return who + " is not limited";
        }
        long sum = limit.historySum();
        int days = policy.historyDays();
        int over = limit.averageDays();
        String why = sum == 0
                ? who + " with no SMS in the last " + days + " days gets the default limit of " + limit.base()
                : over == days
                        ? who + " allows " + policy.multipliers().get(score) + " the " + days + "-day average of "
                                + average(sum, days) + " SMS a day (" + sum + " in " + days + " days): " + limit.base()
                        : who + " allows " + policy.multipliers().get(score) + " the average of " + average(sum, over)
                                + " SMS a day over the " + over + " day" + (over == 1 ? "" : "s") + " since its first SMS ("
                                + sum + " in " + over + " days): " + limit.base();
        Grant grant = limit.grant();
        if (grant == null) {
            return why;
        }
        return why + ", plus " + grant.extraDailyMessages() + " extra daily messages granted"
                + (grant.expires() ? " until " + IsoInstant.format(grant.expiresAt()) : "");
    }

    /** S / days for people: at most two decimals, no trailing zeros. */
    private static String average(long sum, int days) {
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(days), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /** The error message of an intent over its limit: the limit, why it is what it is, when room opens. */
    static String overLimit(Intent intent, Limit limit, Long roomAt) {
        return "Account " + intent.accountSid() + " exceeded the " + limit.value() + " daily messages limit: "
                + limit.why() + "; " + (roomAt == null
                        ? "no room opens in the window as it stands"
                        : "the window has room again at " + IsoInstant.format(roomAt));
    }
}
