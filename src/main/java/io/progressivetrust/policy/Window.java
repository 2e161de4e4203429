package io.progressivetrust.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The calendar and the 24-hour window: which day a time falls on in the
 * policy's zone, which bucket it falls in, how many accepted SMS are in the
 * window at a time, and when each of them leaves it.
 */
public final class Window {

    private final Policy.WindowMode mode;
    private final ZoneId zone;
    private final int historyDays;
    private final long bucketMs;
    private final long span;
    private Day lastDay = new Day(0, 1, 0);

    public Window(Policy policy) {
        this.mode = policy.window();
        this.zone = policy.zone();
        this.historyDays = policy.historyDays();
        this.bucketMs = policy.bucket().toMillis();
        this.span = Policy.WINDOW_LENGTH.toMillis() / bucketMs;
    }

    public long day(long t) {
        Day last = lastDay;
        if (t >= last.start && t < last.end) {
            return last.day;
        }
        long day = Instant.ofEpochMilli(t).atZone(zone).toLocalDate().toEpochDay();
        long start = startOfDay(day);
        long end = startOfDay(day + 1);
        if (monotonic(start, end)) {
            lastDay = new Day(day, start, end);
        }
        return day;
    }

    /**
     * Whether every instant from {@code start} to {@code end} falls on one day: true unless a clock
     * change inside turns the date back (a fall-back across midnight, which a few zones have had).
     */
    private boolean monotonic(long start, long end) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return true;
        }
        ZoneOffsetTransition change = rules.nextTransition(Instant.ofEpochMilli(start));
        for (; change != null && change.toEpochSecond() * 1000 < end; change = rules.nextTransition(change.getInstant())) {
            if (change.isOverlap() && !change.getDateTimeBefore().toLocalDate().equals(change.getDateTimeAfter().toLocalDate())) {
                return false;
            }
        }
        return true;
    }

    /** The day most recently asked for and its bounds; one calendar lookup a day instead of one a record. */
    private record Day(long day, long start, long end) { }

    public long startOfDay(long day) {
        return LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    public long bucket(long t) {
        return Math.floorDiv(t, bucketMs);
    }

    /**
     * The account's buckets, counted in this window's bucket size: buckets counted in another
     * size (pt.window.bucket changed since) cannot be compared with this size's indexes, so the
     * window starts afresh rather than counting them wrongly.
     */
    private WindowBuckets buckets(AccountState state) {
        WindowBuckets buckets = state.buckets();
        buckets.countIn(bucketMs);
        return buckets;
    }

    /** Accepted SMS in the window at {@code t}, given that every one of them was counted at or before t. */
    public long count(AccountState state, long t) {
        if (mode == Policy.WindowMode.CALENDAR_DAY) {
            return state.history().on(day(t));
        }
        return buckets(state).sumAfter(bucket(t) - span);
    }

    /** Counts one accepted SMS at {@code t}, in the day's history and in the window. */
    void record(AccountState state, long t) {
        state.changed();
        state.history().add(day(t), 1);
        if (mode == Policy.WindowMode.ROLLING) {
            buckets(state).add(bucket(t));
        }
    }

    /** Drops days older than the history and buckets that have left the window at {@code t}. */
    void prune(AccountState state, long t) {
        state.history().pruneBefore(day(t) - historyDays);
        buckets(state).dropUpTo(bucket(t) - span);
    }

    /**
     * When the SMS counted in the window at {@code t} leave it, in time order: a message
     * leaves at its exit instant itself (it no longer counts then).
     */
    public Exits exits(AccountState state, long t) {
        if (mode == Policy.WindowMode.CALENDAR_DAY) {
            long today = day(t);
            long count = state.history().on(today);
            return count == 0 ? Exits.NONE : new Exits(new long[] {startOfDay(today + 1)}, new long[] {count});
        }
        WindowBuckets buckets = buckets(state);
        int first = buckets.firstAfter(bucket(t) - span);
        long[] times = new long[buckets.size() - first];
        long[] counts = new long[times.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = (buckets.bucket(first + i) + span) * bucketMs;
            counts[i] = buckets.count(first + i);
        }
        return new Exits(times, counts);
    }

    /** Exit instants, ascending and distinct, and how many SMS leave the window at each. */
    public record Exits(long[] times, long[] counts) {

        static final Exits NONE = new Exits(new long[0], new long[0]);

        public int size() {
            return times.length;
        }

        public long total() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }
    }

    /** Whether a threshold notice sent at {@code sentAt} already covers the window at {@code t}. */
    boolean sameWindow(long sentAt, long t) {
        if (sentAt == AccountState.NOT_SENT) {
            return false;
        }
        if (mode == Policy.WindowMode.CALENDAR_DAY) {
            return day(sentAt) == day(t);
        }
        return t - sentAt < Policy.WINDOW_LENGTH.toMillis();
    }
}
