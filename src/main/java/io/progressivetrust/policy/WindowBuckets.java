package io.progressivetrust.policy;

/** Accepted SMS per rolling-window bucket index, oldest first. */
public final class WindowBuckets extends Tally {

    public WindowBuckets() {
    }

    private WindowBuckets(long[] buckets, long[] counts) {
        super(buckets, counts, buckets.length);
    }

    /** Buckets in ascending order with their counts, as stored. */
    public static WindowBuckets of(long[] buckets, long[] counts) {
        return new WindowBuckets(buckets.clone(), counts.clone());
    }

    /** The i-th oldest bucket index. */
    public long bucket(int i) {
        return index(i);
    }

    /** Accepted SMS in the buckets after {@code bucket}. */
    @Override
    public long sumAfter(long bucket) {
        return super.sumAfter(bucket);
    }

    void add(long bucket) {
        if (size() > 0 && bucket(size() - 1) > bucket) {
            // the clock never goes back, so these were counted with another pt.window.bucket: start afresh
            clear();
        }
        add(bucket, 1);
    }

    @Override
    void dropUpTo(long bucket) {
        super.dropUpTo(bucket);
    }
}
