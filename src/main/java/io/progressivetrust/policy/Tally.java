package io.progressivetrust.policy;

import java.util.Arrays;

/**
 * Counts by an ascending index (a day, a window bucket), oldest first, with their running total.
 * An account's clock never goes back, so counts are almost always added at the newest end and
 * dropped at the oldest: two parallel arrays serve, with no boxing and no tree, which matters
 * for a busy account holding a bucket for every minute of the day.
 */
public abstract class Tally {

    private long[] indexes;
    private long[] counts;
    private int start;
    private int end;
    private long total;

    Tally() {
        this(new long[8], new long[8], 0);
    }

    Tally(long[] indexes, long[] counts, int size) {
        for (int i = 1; i < size; i++) {
            if (indexes[i] <= indexes[i - 1]) {
                throw new IllegalArgumentException("indexes must ascend");
            }
        }
        this.indexes = indexes;
        this.counts = counts;
        this.end = size;
        for (int i = 0; i < size; i++) {
            total += counts[i];
        }
    }

    public int size() {
        return end - start;
    }

    /** The i-th oldest index. */
    public long index(int i) {
        return indexes[start + i];
    }

    public long count(int i) {
        return counts[start + i];
    }

    /** The sum of every count held. */
    long total() {
        return total;
    }

    /** The position of the first index after {@code index}, or {@link #size()} if none. */
    public int firstAfter(long index) {
        if (end == start || index < indexes[start]) {
            return 0;
        }
        int i = Arrays.binarySearch(indexes, start, end, index);
        return (i >= 0 ? i + 1 : -i - 1) - start;
    }

    /** The count at {@code index}, 0 if none. */
    long at(long index) {
        if (end > start && indexes[end - 1] == index) {
            return counts[end - 1];
        }
        int i = Arrays.binarySearch(indexes, start, end, index);
        return i >= 0 ? counts[i] : 0;
    }

    /** The sum of the counts after {@code index}. */
    long sumAfter(long index) {
        int first = firstAfter(index);
        long before = 0;
        for (int i = start; i < start + first; i++) {
            before += counts[i];
        }
        return total - before;
    }

    /** Adds to the count at {@code index}; an index older than the newest is inserted in its place. */
    void add(long index, long count) {
        total += count;
        if (end > start && indexes[end - 1] == index) {
            counts[end - 1] += count;
            return;
        }
        if (end > start && indexes[end - 1] > index) {
            insert(index, count);
            return;
        }
        if (end == indexes.length) {
            compactOrGrow();
        }
        indexes[end] = index;
        counts[end++] = count;
    }

    /** Drops every index up to and including {@code index}. */
    void dropUpTo(long index) {
        int drop = firstAfter(index);
        for (int i = start; i < start + drop; i++) {
            total -= counts[i];
        }
        start += drop;
    }

    void clear() {
        start = 0;
        end = 0;
        total = 0;
    }

    private void insert(long index, long count) {
        int i = Arrays.binarySearch(indexes, start, end, index);
        if (i >= 0) {
            counts[i] += count;
            return;
        }
        if (end == indexes.length) {
            compactOrGrow();
            i = Arrays.binarySearch(indexes, start, end, index);
        }
        int at = -i - 1;
        System.arraycopy(indexes, at, indexes, at + 1, end - at);
        System.arraycopy(counts, at, counts, at + 1, end - at);
        indexes[at] = index;
        counts[at] = count;
        end++;
    }

    private void compactOrGrow() {
        int size = size();
        int capacity = Math.max(8, size * 2 < indexes.length ? indexes.length : indexes.length * 2);
        long[] b = new long[capacity];
        long[] c = new long[capacity];
        System.arraycopy(indexes, start, b, 0, size);
        System.arraycopy(counts, start, c, 0, size);
        indexes = b;
        counts = c;
        start = 0;
        end = size;
    }
}
