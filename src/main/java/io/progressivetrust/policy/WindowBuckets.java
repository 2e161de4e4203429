package io.progressivetrust.policy;

import java.util.Arrays;

/**
 * Accepted SMS per rolling-window bucket, oldest first. An account's clock
 * never goes back, so buckets are only ever added at the newest end and
 * dropped at the oldest: two parallel arrays serve, with no boxing and no
 * tree, which matters for a busy account holding a bucket for every minute
 * of the day and decoding them for every intent.
 */
public final class WindowBuckets {

    private long[] buckets;
    private long[] counts;
    private int start;
    private int end;

    public WindowBuckets() {
        this(new long[8], new long[8], 0);
    }

    private WindowBuckets(long[] buckets, long[] counts, int size) {
        this.buckets = buckets;
        this.counts = counts;
        this.end = size;
    }

    /** Buckets in ascending order with their counts, as stored. */
    public static WindowBuckets of(long[] buckets, long[] counts) {
        for (int i = 1; i < buckets.length; i++) {
            if (buckets[i] <= buckets[i - 1]) {
                throw new IllegalArgumentException("buckets must ascend");
            }
        }
        return new WindowBuckets(buckets.clone(), counts.clone(), buckets.length);
    }

    public int size() {
        return end - start;
    }

    /** The i-th oldest bucket index. */
    public long bucket(int i) {
        return buckets[start + i];
    }

    public long count(int i) {
        return counts[start + i];
    }

    /** The position of the first bucket after {@code bucket}, or {@link #size()} if none. */
    public int firstAfter(long bucket) {
        int i = Arrays.binarySearch(buckets, start, end, bucket);
        return (i >= 0 ? i + 1 : -i - 1) - start;
    }

    /** Accepted SMS in the buckets after {@code bucket}. */
    public long sumAfter(long bucket) {
        long sum = 0;
        for (int i = start + firstAfter(bucket); i < end; i++) {
            sum += counts[i];
        }
        return sum;
    }

    void add(long bucket) {
        if (end > start && buckets[end - 1] == bucket) {
            counts[end - 1]++;
            return;
        }
        if (end > start && buckets[end - 1] > bucket) {
            // the clock never goes back, so these were counted with another pt.window.bucket: start afresh
            start = 0;
            end = 0;
        }
        if (end == buckets.length) {
            compactOrGrow();
        }
        buckets[end] = bucket;
        counts[end++] = 1;
    }

    /** Drops every bucket up to and including {@code bucket}. */
    void dropUpTo(long bucket) {
        start += firstAfter(bucket);
    }

    private void compactOrGrow() {
        int size = size();
        int capacity = Math.max(8, size * 2 < buckets.length ? buckets.length : buckets.length * 2);
        long[] b = new long[capacity];
        long[] c = new long[capacity];
        System.arraycopy(buckets, start, b, 0, size);
        System.arraycopy(counts, start, c, 0, size);
        buckets = b;
        counts = c;
        start = 0;
        end = size;
    }
}
