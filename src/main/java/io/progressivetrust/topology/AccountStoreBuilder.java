package io.progressivetrust.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds {@link AccountStore} over Kafka Streams' own logged RocksDB store (without its record
 * cache: the account store is the cache).
 */
final class AccountStoreBuilder implements StoreBuilder<AccountStore> {

    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> stored;
    private final AccountCacheBudget budget;

    AccountStoreBuilder(String name, AccountCacheBudget budget) {
        this.stored = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled();
        this.budget = budget;
    }

    @Override
    public StoreBuilder<AccountStore> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<AccountStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<AccountStore> withLoggingEnabled(Map<String, String> config) {
        stored.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<AccountStore> withLoggingDisabled() {
        stored.withLoggingDisabled();
        return this;
    }

    @Override
    public AccountStore build() {
        return new AccountStore(stored.build(), budget);
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
