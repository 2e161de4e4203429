package io.progressivetrust.topology;

import io.progressivetrust.policy.AccountState;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much memory one application instance gives to decoded accounts, shared evenly by the
 * account-state stores of its tasks, so that memory stays bounded whatever the number of
 * accounts, however busy they are and however tasks move between instances.
 *
 * <p>A bound in bytes rather than in accounts: a quiet account costs about 750 bytes, one with a
 * full window of minute buckets some 12 KiB, so a count that suits the one is either wasteful
 * or dangerous for the other.
 */
public final class AccountCacheBudget {

    // the objects every account has (state, timelines, tallies, the cache's entry and key), from the
    // heap a hundred thousand decoded accounts took; the estimate errs on the large side
    private static final long PER_ACCOUNT = 600;
    private static final long PER_TALLY_ENTRY = 20;  // two longs, and the arrays' spare room
    private static final long PER_VERSION = 32;      // a score or grant version and its reference

    private final long bytes;
    private final AtomicInteger stores = new AtomicInteger();

    public AccountCacheBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the account cache needs a positive size, got " + bytes);
        }
        this.bytes = bytes;
    }

    void join() {
        stores.incrementAndGet();
    }

    void leave() {
        stores.decrementAndGet();
    }

    /** The share of one task's store, in bytes. */
    long perTask() {
        return Math.max(1, bytes / Math.max(1, stores.get()));
    }

    /** About what the account costs on the heap while it is cached: an estimate from its sizes. */
    static long bytesOf(String account, AccountState state) {
        return PER_ACCOUNT + 2L * account.length()
                + PER_TALLY_ENTRY * (state.history().size() + state.buckets().size())
                + PER_VERSION * (state.scores().versions().size() + state.grants().versions().size());
    }
}
