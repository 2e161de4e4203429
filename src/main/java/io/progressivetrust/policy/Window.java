package io.progressivetrust.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

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

    public Window(Policy policy) {
        this.mode = policy.window();
        this.zone = policy.zone();
        this.historyDays = policy.historyDays();
        this.bucketMs = policy.bucket().toMillis();
        this.span = Policy.WINDOW_LENGTH.toMillis() / bucketMs;
    }

    public long day(long t) {
        return Instant.ofEpochMilli(t).atZone(zone).toLocalDate().toEpochDay();
    }

    public long startOfDay(long day) {
        return LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    public long bucket(long t) {
        return Math.floorDiv(t, bucketMs);
    }

    /** Accepted SMS in the window at {@code t}, given that every one of them was counted at or before t. */
    public long count(AccountState state, long t) {
        if (mode == Policy.WindowMode.CALENDAR_DAY) {
            return state.history().on(day(t));
        }
        long sum = 0;
        for (long c : state.buckets().tailMap(bucket(t) - span, false).values()) {
            sum += c;
        }
        return sum;
    }

    /** Counts one accepted SMS at {@code t}, in the day's history and in the window. */
    void record(AccountState state, long t) {
        state.history().add(day(t), 1);
        if (mode == Policy.WindowMode.ROLLING) {
            state.addToBucket(bucket(t));
        }
    }

    /** Drops days older than the history and buckets that have left the window at {@code t}. */
    void prune(AccountState state, long t) {
        state.history().pruneBefore(day(t) - historyDays);
        state.pruneBucketsUpTo(bucket(t) - span);
    }

    /**
     * When the SMS counted in the window at {@code t} leave it: exit instant to
     * count. A message leaves at the exit instant itself (it no longer counts then).
     */
    public NavigableMap<Long, Long> exits(AccountState state, long t) {
        TreeMap<Long, Long> exits = new TreeMap<>();
        if (mode == Policy.WindowMode.CALENDAR_DAY) {
            long today = day(t);
            long count = state.history().on(today);
            if (count > 0) {
                exits.put(startOfDay(today + 1), count);
            }
            return exits;
        }
        for (Map.Entry<Long, Long> b : state.buckets().tailMap(bucket(t) - span, false).entrySet()) {
            exits.put((b.getKey() + span) * bucketMs, b.getValue());
        }
        return exits;
    }

    /** Whether a threshold notice sent at {@code sentAt} already covers the window at {@code t}. */
    boolean sameWindow(long sentAt, long t) {
        if (sentAt == AccountState.NEVER) {
            return false;
        }
        if (mode == Policy.WindowMode.CALENDAR_DAY) {
            return day(sentAt) == day(t);
        }
        return t - sentAt < Policy.WINDOW_LENGTH.toMillis();
    }
}
