package io.progressivetrust.topology;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many decoded accounts one application instance keeps in memory, shared evenly by the
 * account-state stores of its tasks, so that memory stays bounded whatever the number of
 * accounts and however tasks move between instances.
 */
public final class AccountCacheBudget {

    private final int accounts;
    private final AtomicInteger stores = new AtomicInteger();

    public AccountCacheBudget(int accounts) {
        if (accounts < 1) {
            throw new IllegalArgumentException("the account cache must hold at least 1 account, got " + accounts);
        }
        this.accounts = accounts;
    }

    void join() {
        stores.incrementAndGet();
    }

    void leave() {
        stores.decrementAndGet();
    }

    /** The share of one task's store. */
    int perTask() {
        return Math.max(1, accounts / Math.max(1, stores.get()));
    }
}
