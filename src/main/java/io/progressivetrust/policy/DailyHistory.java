package io.progressivetrust.policy;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Accepted SMS per calendar day (epoch day in the policy's zone), oldest first. */
public final class DailyHistory extends Tally {

    // the limit asks for the same range of days for every intent of a day: one sum per day
    private long sumFrom = 1;
    private long sumTo;
    private long sum;

    public DailyHistory() {
    }

    /** Days in ascending order with their counts, as stored. */
    public static DailyHistory of(long[] days, long[] counts) {
        DailyHistory history = new DailyHistory();
        for (int i = 0; i < days.length; i++) {
            history.add(days[i], counts[i]);
        }
        return history;
    }

    public long day(int i) {
        return index(i);
    }

    @Override
    public void add(long day, long count) {
        if (day <= sumTo) {
            sumFrom = 1;
            sumTo = 0;
        }
        super.add(day, count);
    }

    public long on(long day) {
        return at(day);
    }

    /** Sum over the days {@code from..to}, both included. */
    public long sum(long from, long to) {
        if (from > to) {
            return 0;
        }
        if (from == sumFrom && to == sumTo) {
            return sum;
        }
        long s = 0;
        for (int i = firstAfter(from - 1); i < size() && day(i) <= to; i++) {
            s += count(i);
        }
        sumFrom = from;
        sumTo = to;
        sum = s;
        return s;
    }

    /** The first day at or after {@code from} with any SMS; only asked when there is one. */
    long firstDayFrom(long from) {
        int i = firstAfter(from - 1);
        return i < size() ? day(i) : from;
    }

    public void pruneBefore(long day) {
        if (day > sumFrom) {
            sumFrom = 1;
            sumTo = 0;
        }
        dropUpTo(day - 1);
    }

    /** A copy for reading, by day. */
    public NavigableMap<Long, Long> days() {
        TreeMap<Long, Long> days = new TreeMap<>();
        for (int i = 0; i < size(); i++) {
            days.put(day(i), count(i));
        }
        return Collections.unmodifiableNavigableMap(days);
    }
}
