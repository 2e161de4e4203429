package io.progressivetrust.policy;

/** Accepted SMS per rolling-window bucket index, oldest first. */
public final class WindowBuckets extends Tally {

    /** The bucket size of state stored before it was kept with the buckets: taken to be the current one. */
    public static final long UNKNOWN_SIZE = 0;

    private long bucketMs = UNKNOWN_SIZE;

    public WindowBuckets() {
    }

    private WindowBuckets(long[] buckets, long[] counts, long bucketMs) {
        super(buckets, counts, buckets.length);
        this.bucketMs = bucketMs;
    }

    /** Buckets in ascending order with their counts, as stored, counted in buckets of {@code bucketMs}. */
    public static WindowBuckets of(long[] buckets, long[] counts, long bucketMs) {
        return new WindowBuckets(buckets.clone(), counts.clone(), bucketMs);
    }

    public static WindowBuckets of(long[] buckets, long[] counts) {
        return of(buckets, counts, UNKNOWN_SIZE);
    }

    /** The size of the buckets, in milliseconds, or {@link #UNKNOWN_SIZE}. */
    public long bucketMs() {
        return bucketMs;
    }

    /** Makes {@code size} the bucket size, dropping buckets counted in another. */
    void countIn(long size) {
        if (bucketMs != size) {
            if (bucketMs != UNKNOWN_SIZE) {
                clear();
            }
            bucketMs = size;
        }
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
}
