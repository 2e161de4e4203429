package io.progressivetrust.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * What an account owner may see of the account: its limit and why, what is used and left,
 * when room opens, what leaves the window hour by hour, and its daily history. A projection of
 * the state; the rules themselves stay in {@link Enforcer}.
 */
final class StatusView {

    private static final long HOUR = 3_600_000L;

    private final Enforcer enforcer;
    private final Policy policy;
    private final Window window;
    private final Limits limits;

    StatusView(Enforcer enforcer, Policy policy, Window window, Limits limits) {
        this.enforcer = enforcer;
        this.policy = policy;
        this.window = window;
        this.limits = limits;
    }

    AccountStatus of(String account, AccountState state, long t) {
        Limit limit = limits.at(state, t);
        long used = window.count(state, t);
        Long remaining = limit.unlimited() ? null : Math.max(0, limit.value() - used);
        Long roomAt = remaining != null && remaining == 0 ? enforcer.nextRoomAt(state, t) : null;
        return new AccountStatus(account, t, limit.enrolled(), limit.score(), limit.value(), used, remaining, roomAt,
                freeing(state, t), history(state, t), limit.grant(), limit.why());
    }

    /** Per hour over the next 24, how many SMS leave the window. */
    private List<AccountStatus.Freeing> freeing(AccountState state, long t) {
        Window.Exits exits = window.exits(state, t);
        List<AccountStatus.Freeing> hours = new ArrayList<>(24);
        int i = 0;
        for (int h = 0; h < 24; h++) {
            long from = t + h * HOUR;
            long to = from + HOUR;
            long count = 0;
            for (; i < exits.size() && exits.times()[i] <= to; i++) {
                count += exits.counts()[i];
            }
            hours.add(new AccountStatus.Freeing(from, to, count));
        }
        return hours;
    }

    /** Accepted SMS on each day of the history, oldest first. */
    private List<AccountStatus.DayCount> history(AccountState state, long t) {
        long today = window.day(t);
        List<AccountStatus.DayCount> days = new ArrayList<>(policy.historyDays());
        for (long day = today - policy.historyDays(); day < today; day++) {
            days.add(new AccountStatus.DayCount(day, state.history().on(day)));
        }
        return days;
    }
}
