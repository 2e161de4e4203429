package io.progressivetrust.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

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
final class SeenStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
        implements KeyValueStore<Bytes, byte[]>, HeldWrites.Holder {

    /** About 2 MB per task; with commits every 100 ms or so a task would need some 60,000 intents a second to reach it. */
    static final int MAX_HELD = 10_000;

    private final Map<Bytes, byte[]> pending = new HashMap<>();

    SeenStore(KeyValueStore<Bytes, byte[]> stored) {
        super(stored);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        super.init(context, root);
    }

    @Override
    public byte[] get(Bytes key) {
        byte[] value = pending.get(key);
        return value != null ? value : wrapped().get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            delete(key);
        } else {
            if (pending.isEmpty()) {
                HeldWrites.holding(this);
            }
            pending.put(key, value);
            if (pending.size() >= MAX_HELD) {
                writeHeld();
            }
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        byte[] held = pending.remove(key);
        byte[] stored = wrapped().delete(key);
        return held != null ? held : stored;
    }

    @Override
    public void flushCache() {
        writeHeld();
        HeldWrites.writeAll();
        super.flushCache();
    }

    @Override
    public void writeHeld() {
        if (!pending.isEmpty()) {
            List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(pending.size());
            pending.forEach((k, v) -> batch.add(KeyValue.pair(k, v)));
            pending.clear();
            wrapped().putAll(batch);
        }
    }

    @Override
    public void clearCache() {
        pending.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        pending.clear();
        super.close();
    }

    // scans are rare (expiring a generation, building the filter): they write what is held first

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        writeHeld();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        writeHeld();
        return wrapped().all();
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries() + pending.size();
    }
}
