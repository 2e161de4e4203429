package io.progressivetrust.policy;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Accepted SMS per calendar day (epoch day in the policy's zone). */
public final class DailyHistory {

    private final TreeMap<Long, Long> countByDay = new TreeMap<>();

    public void add(long day, long count) {
        countByDay.merge(day, count, Long::sum);
    }

    public long on(long day) {
        return countByDay.getOrDefault(day, 0L);
    }

    /** Sum over the days {@code from..to}, both included. */
    public long sum(long from, long to) {
        if (from > to) {
            return 0;
        }
        long sum = 0;
        for (long c : countByDay.subMap(from, true, to, true).values()) {
            sum += c;
        }
        return sum;
    }

    public void pruneBefore(long day) {
        countByDay.headMap(day, false).clear();
    }

    public NavigableMap<Long, Long> days() {
        return Collections.unmodifiableNavigableMap(countByDay);
    }
}
