package io.progressivetrust.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The rules of Progressive Trust, in one place. Every method takes the
 * account's state and the time from its caller; nothing here reads a clock.
 */
public final class Enforcer {

    private final Policy policy;
    private final Window window;
    private final Limits limits;
    private final StatusView statusView;

    public Enforcer(Policy policy) {
        this.policy = policy;
        this.window = new Window(policy);
        this.limits = new Limits(policy, window);
        this.statusView = new StatusView(this, policy, window, limits);
    }

    public Policy policy() {
        return policy;
    }

    public Window window() {
        return window;
    }

    /**
     * Judges one intent of the account at record time {@code ts}, counting it
     * if it is accepted. Returns empty, and changes nothing, for a duplicate.
     * Everything that could fail is worked out before the state changes, so a
     * failure leaves the account as it was.
     */
    public Optional<Judgement> judge(AccountState state, Intent intent, long ts, SeenMessages seen) {
        long t = Math.max(ts, state.clock());
        long retention = policy.dedupeRetention().toMillis();
        OptionalLong seenAt = seen.seenAt(intent.messageSid(), t);
        if (seenAt.isPresent() && t - seenAt.getAsLong() < retention) {
            return Optional.empty();
        }
        // pruning at t removes nothing that the count or the limit at t looks at
        long count = window.count(state, t);
        Limit limit = limits.at(state, t);
        remember(state, intent.messageSid(), t, seen, retention);
        advance(state, t);
        if (!intent.isSms()) {
            return Optional.of(unlimited(intent, limit.score(), count, t));
        }
        if (limit.unlimited()) {
            window.record(state, t);
            return Optional.of(unlimited(intent, limit.score(), count + 1, t));
        }
        return Optional.of(judgeLimited(state, intent, limit, count, t));
    }

    private static void remember(AccountState state, String messageSid, long t, SeenMessages seen, long retention) {
        // forgetting in batches, once per retention period of the account's clock, keeps it off the hot path
        if (state.hasClock() && Math.floorDiv(t, retention) > Math.floorDiv(state.clock(), retention)) {
            seen.forgetUpTo(t - retention);
        }
        seen.remember(messageSid, t);
    }

    private Judgement judgeLimited(AccountState state, Intent intent, Limit limit, long count, long t) {
        Verdict verdict;
        if (count < limit.value()) {
            window.record(state, t);
            verdict = Verdict.accepted(intent, limit.score(), limit.value(), ++count, t);
        } else {
            boolean shadow = policy.mode() == Policy.Mode.SHADOW;
            if (shadow) {
                window.record(state, t); // it will be sent, so it counts
                count++;
            }
            Long roomAt = roomAt(state, t);
            verdict = Verdict.overLimit(intent, shadow, limit.score(), limit.value(), count, t,
                    Explanations.overLimit(intent, state.explained(limit), roomAt), roomAt);
        }
        return new Judgement(verdict, thresholdNotices(state, intent.accountSid(), limit, count, t));
    }

    private static Judgement unlimited(Intent intent, Integer score, long count, long t) {
        return new Judgement(Verdict.unlimited(intent, score, count, t), List.of());
    }

    /** Reads a score (null: a tombstone) that applies to intents after {@code ts}. */
    public List<Notice> applyScore(String account, AccountState state, long ts, Integer score) {
        long effective = effectiveTime(state, ts);
        Limit before = limits.at(state, effective);
        state.changed();
        state.scores().put(ts, score);
        Limit after = limits.at(state, effective);
        long at = Math.max(ts, state.clock());
        if (score != null && !before.enrolled() && after.enrolled()) {
            return List.of(Notice.of(Notice.Type.ENROLLED, account, after, at));
        }
        return limitChanged(account, before, after, at);
    }

    /** Reads a grant (null: a revocation) that applies to intents after {@code ts}. */
    public List<Notice> applyGrant(String account, AccountState state, long ts, Grant grant) {
        long effective = effectiveTime(state, ts);
        Limit before = limits.at(state, effective);
        state.changed();
        state.grants().put(ts, grant);
        Limit after = limits.at(state, effective);
        return limitChanged(account, before, after, Math.max(ts, state.clock()));
    }

    /** The account as its owner would see it at {@code t}, which must not be before its clock. */
    public AccountStatus status(String account, AccountState state, long t) {
        return statusView.of(account, state, t);
    }

    /**
     * {@link #nextRoomAt}, reused from the account's last rejection while nothing but its clock
     * has moved on the same day: a busy account over its limit is rejected many times in a row,
     * and each walk is up to 1,440 buckets. The walk from a later time on the same day meets the
     * same moments, less those already passed, none of which had room; so it ends at the same one.
     */
    private Long roomAt(AccountState state, long t) {
        long day = window.day(t);
        Long known = state.roomAt(t, day);
        if (known != null) {
            return known;
        }
        Long at = nextRoomAt(state, t);
        if (at != null) {
            state.rememberRoom(t, day, at);
        }
        return at;
    }

    /** The first time the window has room: enough of it has left, or the limit has grown. */
    Long nextRoomAt(AccountState state, long t) {
        Window.Exits exits = window.exits(state, t);
        int n = exits.size();
        long count = exits.total();
        Iterator<Long> changes = limitChanges(state, t, n == 0 ? t : exits.times()[n - 1]).iterator();
        Long change = changes.next(); // there is always a midnight
        Limit limit = null;
        int i = 0;
        // walk the exits and the limit's own moments together, in time order; the limit is
        // recomputed only at its own moments, not at each of up to 1,440 bucket exits
        while (i < n || change != null) {
            long moment;
            boolean limitMoves = change != null && (i == n || change <= exits.times()[i]);
            if (limitMoves) {
                moment = change;
                change = changes.hasNext() ? changes.next() : null;
            } else {
                moment = exits.times()[i];
            }
            if (i < n && exits.times()[i] == moment) {
                count -= exits.counts()[i++];
            }
            if (limit == null || limitMoves) {
                limit = limits.at(state, moment);
            }
            if (limit.unlimited() || count < limit.value()) {
                return moment;
            }
        }
        return null;
    }

    /** Every time after t, up to the first midnight after {@code until}, at which the limit can change. */
    private TreeSet<Long> limitChanges(AccountState state, long t, long until) {
        TreeSet<Long> times = new TreeSet<>();
        for (long day = window.day(t) + 1; ; day++) {
            long midnight = window.startOfDay(day);
            times.add(midnight);
            if (midnight > until) {
                break;
            }
        }
        for (Timeline.Version<Grant> v : state.grants().versions()) {
            if (v.value() != null && v.value().expires() && v.value().expiresAt() > t) {
                times.add(v.value().expiresAt());
            }
        }
        state.scores().pendingAfter(t).forEach(at -> times.add(at + 1));
        state.grants().pendingAfter(t).forEach(at -> times.add(at + 1));
        return times;
    }

    private void advance(AccountState state, long t) {
        window.prune(state, t);
        state.scores().pruneBefore(t);
        state.grants().pruneBefore(t);
        state.setClock(t);
    }

    private List<Notice> thresholdNotices(AccountState state, String account, Limit limit, long count, long t) {
        List<Notice> notices = List.of();
        for (Notice.Threshold threshold : Notice.Threshold.values()) {
            int percent = threshold.percent;
            // a limit beyond a hundredth of the largest long (a huge grant) is never reached
            boolean reached = limit.value() <= Long.MAX_VALUE / 100 && count * 100 >= percent * limit.value();
            if (reached && !window.sameWindow(state.thresholdNoticeAt(threshold), t)) {
                state.markThresholdNotice(threshold, t);
                notices = notices.isEmpty() ? new ArrayList<>(2) : notices;
                notices.add(new Notice(Notice.Type.THRESHOLD, account, limit.score(), limit.value(), t, percent, count,
                        limit.why()));
            }
        }
        return notices;
    }

    private static List<Notice> limitChanged(String account, Limit before, Limit after, long at) {
        return before.sameLimitAs(after) ? List.of() : List.of(Notice.of(Notice.Type.LIMIT_CHANGED, account, after, at));
    }

    /** The first account time a control record read now can apply to. */
    private static long effectiveTime(AccountState state, long ts) {
        return ts < state.clock() ? state.clock() : ts + 1;
    }
}
