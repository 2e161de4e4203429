package io.progressivetrust.topology;

import io.progressivetrust.policy.AccountState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The account-state store of one task: accounts kept decoded in memory, in front of a logged
 * RocksDB store of their encoded bytes. Judging an intent reads and changes the object; the
 * bytes are written only when Kafka Streams flushes the caches before it commits (the first
 * flush of a commit writes those of every task of the thread, see {@link HeldWrites}; and
 * when an account leaves the memory bound), the way its own record cache works. So a busy
 * account is decoded once and encoded once per commit interval instead of once per intent,
 * and the changelog still holds every committed change: under exactly-once the flushed
 * writes belong to the transaction that commits the input offsets; if that transaction
 * aborts, the task's state is restored from the changelog and the memory starts empty.
 *
 * <p>An account that the full cache does not take in (see {@link #admits}) is judged on an object
 * of its own and written as soon as it changes, as an evicted account is: inside the same
 * transaction, so nothing about exactly-once differs.
 *
 * <p>Queries from other threads (the status API) read the stored bytes: the account as of the
 * last commit, which under exactly-once is never behind what a read_committed consumer sees.
 */
final class AccountStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, String, AccountState>
        implements ReadOnlyKeyValueStore<String, AccountState>, HeldWrites.Holder {

    private final AccountCacheBudget budget;
    private boolean joined;
    // access order: the least recently used account is the first to leave
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true);

    // the accounts changed since the last flush, so that a flush costs what changed, not what is held
    private final ArrayList<Cached> dirty = new ArrayList<>();
    // the cache's estimated size, which the budget bounds
    private long cachedBytes;
    // how often accounts were used lately: once full, the cache takes in only an account used more than the one it would let go
    private final AccountFrequency frequency = new AccountFrequency();
    // an account judged without entering the cache, written as soon as it changes
    private Cached passing;

    private static final class Cached {
        final String account;
        final AccountState state;
        boolean dirty;
        boolean evicted;
        long bytes;

        Cached(String account, AccountState state) {
            this.account = account;
            this.state = state;
        }
    }

    AccountStore(KeyValueStore<Bytes, byte[]> stored, AccountCacheBudget budget) {
        super(stored);
        this.budget = budget;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forget();
        if (!joined) {
            budget.join();
            joined = true;
        }
        super.init(context, root);
    }

    /** The account's state for the stream thread to judge with and change; a new account if none. */
    AccountState load(String account) {
        HeldWrites.catchUp();   // the last commit's RocksDB writes, now that it has ended
        frequency.use(account);
        Cached cached = cache.get(account);
        if (cached == null) {
            AccountState stored = read(account);
            cached = new Cached(account, stored == null ? new AccountState() : stored);
            if (admits(cached)) {
                cache.put(account, cached);
                evictBeyond(budget.perTask());
            } else {
                passing = cached;
            }
        }
        return cached.state;
    }

    /**
     * Whether the account enters the cache: always while there is room; once full, only if it was
     * used more often lately than the least recently used account, which it would push out. So an
     * account seen once in a while is judged and written at once, its objects die young, and the
     * cache keeps the accounts that come back, where a plain LRU cache would let every passing
     * account push one of them out (and the garbage collector pay for the turnover).
     */
    private boolean admits(Cached candidate) {
        resize(candidate);
        if (cachedBytes <= budget.perTask() || cache.isEmpty()) {
            return true;
        }
        frequency.ensureCapacity(cache.size());
        Cached eldest = cache.values().iterator().next();
        if (frequency.of(candidate.account) > frequency.of(eldest.account)) {
            return true;
        }
        cachedBytes -= candidate.bytes;
        return false;
    }

    /**
     * Marks the account, as returned by {@link #load}, as changed: it is written at the next flush,
     * or at once if it was judged outside the cache.
     */
    void changed(String account) {
        Cached cached = cache.get(account);
        if (cached == null) {
            writePassing(account);
            return;
        }
        if (!cached.dirty) {
            if (dirty.isEmpty()) {
                HeldWrites.holding(this);
            }
            cached.dirty = true;
            dirty.add(cached);
        }
    }

    private void writePassing(String account) {
        if (passing == null || !passing.account.equals(account)) {
            throw new IllegalStateException("account " + account + " was not loaded");
        }
        passing.dirty = true;
        write(passing);
        passing = null;
    }

    @Override
    public void flushCache() {
        writeHeld();
        HeldWrites.writeAll();
        super.flushCache();
    }

    /** Writes the changed accounts as one RocksDB batch, each with its changelog record. */
    @Override
    public void writeHeld() {
        if (!dirty.isEmpty()) {
            List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(dirty.size());
            for (Cached cached : dirty) {
                if (cached.dirty) {   // not if it was written when it left the cache
                    batch.add(KeyValue.pair(key(cached.account), encode(cached)));
                }
                if (!cached.evicted) {
                    resize(cached);   // judging grows an account's tallies; its size is taken again once per commit
                }
            }
            dirty.clear();
            wrapped().putAll(batch);
        }
        evictBeyond(budget.perTask());
    }

    @Override
    public void clearCache() {
        forget();
        super.clearCache();
    }

    @Override
    public void close() {
        forget();
        if (joined) {
            budget.leave();
            joined = false;
        }
        super.close();
    }

    /** Leaves out the least recently used accounts until the cache fits its share, never the newest. */
    private void evictBeyond(long bound) {
        Iterator<Map.Entry<String, Cached>> eldest = cache.entrySet().iterator();
        while (cachedBytes > bound && cache.size() > 1 && eldest.hasNext()) {
            Cached cached = eldest.next().getValue();
            write(cached);
            cachedBytes -= cached.bytes;
            cached.evicted = true;
            eldest.remove();
        }
    }

    private void forget() {
        passing = null;
        cache.clear();
        dirty.clear();
        cachedBytes = 0;
    }

    private void resize(Cached cached) {
        long bytes = AccountCacheBudget.bytesOf(cached.account, cached.state);
        cachedBytes += bytes - cached.bytes;
        cached.bytes = bytes;
    }

    private void write(Cached cached) {
        if (cached.dirty) {
            wrapped().put(key(cached.account), encode(cached));
        }
    }

    /** The account's bytes to write; from here on it counts as written. */
    private static byte[] encode(Cached cached) {
        cached.dirty = false;
        return AccountStateSerde.write(cached.state);
    }

    private AccountState read(String account) {
        byte[] bytes = wrapped().get(key(account));
        return bytes == null ? null : AccountStateSerde.read(bytes);
    }

    private static Bytes key(String account) {
        return Bytes.wrap(account.getBytes(StandardCharsets.UTF_8));
    }

    // ---- queries from other threads: the stored bytes, never the objects the stream thread changes

    @Override
    public AccountState get(String account) {
        return read(account);
    }

    @Override
    public KeyValueIterator<String, AccountState> range(String from, String to) {
        return decoded(wrapped().range(from == null ? null : key(from), to == null ? null : key(to)));
    }

    @Override
    public KeyValueIterator<String, AccountState> all() {
        return decoded(wrapped().all());
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    private static KeyValueIterator<String, AccountState> decoded(KeyValueIterator<Bytes, byte[]> stored) {
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return stored.hasNext();
            }

            @Override
            public KeyValue<String, AccountState> next() {
                KeyValue<Bytes, byte[]> kv = stored.next();
                return KeyValue.pair(new String(kv.key.get(), StandardCharsets.UTF_8), AccountStateSerde.read(kv.value));
            }

            @Override
            public String peekNextKey() {
                return new String(stored.peekNextKey().get(), StandardCharsets.UTF_8);
            }

            @Override
            public void close() {
                stored.close();
            }
        };
    }
}
