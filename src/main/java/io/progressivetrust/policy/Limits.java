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

    /** S / N for people: at most two decimals, no trailing zeros. */
    private String average(long sum) {
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(policy.historyDays()), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    public Limit at(AccountState state, long t) {
        Integer own = state.scores().inForceAt(t);
        Integer score = own != null ? own : policy.unenrolledScore();
        long today = window.day(t);
        long sum = state.history().sum(today - policy.historyDays(), today - 1);
        if (score == null) {
            return new Limit(null, false, null, sum, null, "the account has no Reputation Score, so it is not limited");
        }
        String who = own != null ? "score " + score : "the account has no Reputation Score and is treated as score " + score;
        if (score == 1) {
            return new Limit(score, own != null, null, sum, null, who + " is not limited");
        }
        long base;
        String why;
        if (sum == 0) {
            base = policy.defaultLimit();
            why = who + " with no SMS in the last " + policy.historyDays() + " days gets the default limit of " + base;
        } else {
            Multiplier m = policy.multipliers().get(score);
            base = m.ceilOfAverage(sum, policy.historyDays());
            why = who + " allows " + m + " the " + policy.historyDays() + "-day average of " + average(sum)
                    + " SMS a day (" + sum + " in " + policy.historyDays() + " days): " + base;
        }
        Grant grant = state.grants().inForceAt(t);
        if (grant == null || !grant.activeAt(t)) {
            return new Limit(score, own != null, base, sum, null, why);
        }
        why += ", plus " + grant.extraDailyMessages() + " extra daily messages granted"
                + (grant.expires() ? " until " + Instant.ofEpochMilli(grant.expiresAt()) : "");
        return new Limit(score, own != null, Math.addExact(base, grant.extraDailyMessages()), sum, grant, why);
    }
}
