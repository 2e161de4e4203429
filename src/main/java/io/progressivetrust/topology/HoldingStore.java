package io.progressivetrust.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A store of bytes that holds its writes in memory, finds them there first when read, and writes
 * them to the store beneath as one batch ({@link #writeHeld}); its subclasses say when. A scan
 * writes what is held first, so that it sees everything.
 *
 * <p>Other threads may read (the status API) and write out what is held: an entry leaves the
 * memory only once the store beneath has it, and only if it was not written again meanwhile.
 */
abstract class HoldingStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
        implements KeyValueStore<Bytes, byte[]>, HeldWrites.Holder {

    private final Map<Bytes, byte[]> held = new ConcurrentHashMap<>();

    HoldingStore(KeyValueStore<Bytes, byte[]> beneath) {
        super(beneath);
    }

    /** Called on the writing thread when the store starts holding writes. */
    abstract void startedHolding();

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forgetHeld();
        super.init(context, root);
    }

    @Override
    public byte[] get(Bytes key) {
        byte[] value = held.get(key);
        return value != null ? value : wrapped().get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        if (held.isEmpty()) {
            startedHolding();
        }
        held.put(key, value);
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
        byte[] heldValue = held.remove(key);
        byte[] stored = wrapped().delete(key);
        return heldValue != null ? heldValue : stored;
    }

    /** Writes what is held to the store beneath, as one batch. */
    @Override
    public synchronized void writeHeld() {
        if (held.isEmpty()) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(held.size());
        held.forEach((k, v) -> batch.add(KeyValue.pair(k, v)));
        wrapped().putAll(batch);
        batch.forEach(kv -> held.remove(kv.key, kv.value));
    }

    int heldCount() {
        return held.size();
    }

    void forgetHeld() {
        held.clear();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        writeHeld();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        writeHeld();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        writeHeld();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        writeHeld();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        writeHeld();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries() + held.size();
    }
}
