package io.progressivetrust.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** Computes an account's limit at a time from its score, its history and its grant. */
public final class Limits {

    private final Policy policy;
    private final Window window;

    public Limits(Policy policy, Window window) {
        this.policy = policy;
        this.window = window;
    }

    public Limit at(AccountState state, long t) {
        Integer own = state.scores().inForceAt(t);
        Integer score = own != null ? own : policy.unenrolledScore();
        long today = window.day(t);
        long sum = state.history().sum(today - policy.historyDays(), today - 1);
        int days = averagedOver(state, today, sum);
        if (score == null || score == 1) {
            return new Limit(score, own != null, null, 0, sum, days, null, this);
        }
        long base = sum == 0 ? policy.defaultLimit() : policy.multipliers().get(score).ceilOfAverage(sum, days);
        Grant grant = state.grants().inForceAt(t);
        if (grant == null || !grant.activeAt(t)) {
            return new Limit(score, own != null, base, base, sum, days, null, this);
        }
        // a grant may carry any whole number: a limit past the largest long is as good as unlimited
        long limit = base + grant.extraDailyMessages();
        return new Limit(score, own != null, limit < base ? Long.MAX_VALUE : limit, base, sum, days, grant, this);
    }

    /** The days the sum is averaged over: N, or under active-days those since the first SMS in the history. */
    private int averagedOver(AccountState state, long today, long sum) {
        int n = policy.historyDays();
        if (policy.average() == Policy.Average.HISTORY_DAYS || sum == 0) {
            return n;
        }
        long first = state.history().firstDayFrom(today - n);
        return (int) Math.max(1, Math.min(n, today - first));
    }

    /** The limit in words: who the account is, what its history allows, what was granted. */
    String explain(Limit limit) {
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
                + (grant.expires() ? " until " + Instant.ofEpochMilli(grant.expiresAt()) : "");
    }

    /** S / days for people: at most two decimals, no trailing zeros. */
    private static String average(long sum, int days) {
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(days), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }
}
