package io.progressivetrust.topology;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds one of the application's stores that hold their writes in memory until a commit
 * ({@link AccountStore}, {@link SeenStore}) over Kafka Streams' own logged RocksDB store of bytes,
 * without Kafka's record cache: the wrapping store is the cache. Beneath the logging layer sit
 * {@link UncopiedPositionStore} and {@link WriteBehindStore}.
 */
final class WrappingStoreBuilder<T extends StateStore> implements StoreBuilder<T> {

    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> stored;
    private final Function<KeyValueStore<Bytes, byte[]>, T> wrap;

    WrappingStoreBuilder(String name, Function<KeyValueStore<Bytes, byte[]>, T> wrap) {
        this.stored = Stores.keyValueStoreBuilder(UncopiedPositionStore.supplier(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled();
        this.wrap = wrap;
    }

    @Override
    public StoreBuilder<T> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<T> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
        stored.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<T> withLoggingDisabled() {
        stored.withLoggingDisabled();
        return this;
    }

    @Override
    public T build() {
        return wrap.apply(stored.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return stored.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return stored.loggingEnabled();
    }

    @Override
    public String name() {
        return stored.name();
    }
}
