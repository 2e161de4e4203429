package io.progressivetrust.topology;

import java.util.List;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Kafka Streams' RocksDB store of bytes, under its logging layer, answering that layer's request
 * for the store's position with an empty one instead of a copy that would not be used.
 *
 * <p>The logging layer asks for the position with every changelog record it sends, and Kafka's
 * RocksDB store answers with a deep copy of it, under a lock: two new concurrent maps per record,
 * about a third of the logging layer's time (docs/performance.md, change 18). The position is only
 * written into the record when Kafka Streams' internal consistency vector is enabled, which it is
 * not by default; then this store answers with the copy as before. The store beneath keeps its
 * position either way, and everything else goes straight to it.
 */
final class UncopiedPositionStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
        implements KeyValueStore<Bytes, byte[]> {

    private boolean positionLogged = true;

    private UncopiedPositionStore(KeyValueStore<Bytes, byte[]> rocksDB) {
        super(rocksDB);
    }

    /**
     * The persistent key-value store named {@code name}, as {@link Stores#persistentKeyValueStore}
     * supplies it, in this layer over a {@link WriteBehindStore}.
     */
    static KeyValueBytesStoreSupplier supplier(String name) {
        KeyValueBytesStoreSupplier rocksDB = Stores.persistentKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return rocksDB.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new UncopiedPositionStore(new WriteBehindStore(rocksDB.get()));
            }

            @Override
            public String metricsScope() {
                return rocksDB.metricsScope();
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        positionLogged = StreamsConfig.InternalConfig.getBoolean(context.appConfigs(),
                StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, false);
        super.init(context, root);
    }

    @Override
    public Position getPosition() {
        return positionLogged ? wrapped().getPosition() : Position.emptyPosition();
    }

    @Override
    public void put(Bytes key, byte[] value) {
        wrapped().put(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        wrapped().putAll(entries);
    }

    @Override
    public byte[] delete(Bytes key) {
        return wrapped().delete(key);
    }

    @Override
    public byte[] get(Bytes key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    @Override
    public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
        return wrapped().readOnly(isolationLevel);
    }
}
