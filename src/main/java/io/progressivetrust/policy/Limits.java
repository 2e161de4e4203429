package io.progressivetrust.policy;


/** Computes an account's limit at a time from its score, its history and its grant. */
public final class Limits {

    private final Policy policy;
    private final Window window;
    private final Explanations explanations;

    public Limits(Policy policy, Window window) {
        this.policy = policy;
        this.window = window;
        this.explanations = new Explanations(policy);
    }

    public Limit at(AccountState state, long t) {
        Integer own = state.scores().inForceAt(t);
        Integer score = own != null ? own : policy.unenrolledScore();
        long today = window.day(t);
        long sum = state.history().sum(today - policy.historyDays(), today - 1);
        int days = averagedOver(state, today, sum);
        if (score == null || score == 1) {
            return new Limit(score, own != null, null, 0, sum, days, null, explanations);
        }
        long base = sum == 0 ? policy.defaultLimit() : policy.multipliers().get(score).ceilOfAverage(sum, days);
        Grant grant = state.grants().inForceAt(t);
        if (grant == null || !grant.activeAt(t)) {
            return new Limit(score, own != null, base, base, sum, days, null, explanations);
        }
        // a grant may carry any whole number: a limit past the largest long is as good as unlimited
        long limit = base + grant.extraDailyMessages();
        return new Limit(score, own != null, limit < base ? Long.MAX_VALUE : limit, base, sum, days, grant, explanations);
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
}
