package io.progressivetrust.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The seen-message store of one task, with its writes held in memory until Kafka Streams flushes
 * the task's caches before a commit, and then written as one batch: one RocksDB write batch for
 * all the message SIDs of a commit interval instead of one write each. Their changelog records
 * are sent in that same flush (the first of the commit, see {@link HeldWrites}), inside the
 * transaction that commits the offsets, as for the account store. Reads see the held writes first.
 *
 * <p>At most {@link #MAX_HELD} writes are held: a longer commit interval (at least once, Kafka's
 * default is 30 s) would otherwise hold every message SID of the interval in memory. Past the
 * bound the held writes go to the store early, as Kafka's own record cache evicts when full.
 */
final class SeenStore extends HoldingStore {

    /** About 2 MB per task; with commits every 100 ms or so a task would need some 60,000 intents a second to reach it. */
    static final int MAX_HELD = 10_000;

    SeenStore(KeyValueStore<Bytes, byte[]> stored) {
        super(stored);
    }

    @Override
    void startedHolding() {
        HeldWrites.holding(this);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        super.put(key, value);
        if (heldCount() >= MAX_HELD) {
            writeHeld();
        }
    }

    @Override
    public void flushCache() {
        writeHeld();
        HeldWrites.writeAll();
        super.flushCache();
    }

    // what is held is not committed yet: a cleared cache or a closed store forgets it

    @Override
    public void clearCache() {
        forgetHeld();
        super.clearCache();
    }

    @Override
    public void close() {
        forgetHeld();
        super.close();
    }
}
