package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteBehindStoreTest {

    private final KeyValueStore<Bytes, byte[]> rocksDB = Stores.inMemoryKeyValueStore("beneath").get();
    private final WriteBehindStore store = new WriteBehindStore(rocksDB);

    WriteBehindStoreTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void forgetWhatThisThreadStillHasBehind() {
        HeldWrites.catchUp();
    }

    private static Bytes key(int i) {
        return Bytes.wrap(("SM" + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCommitsWritesReachTheStoreBeneathWhenTheThreadCatchesUp() {
        store.putAll(List.of(KeyValue.pair(key(1), new byte[] {1}), KeyValue.pair(key(2), new byte[] {2})));

        assertThat(rocksDB.approximateNumEntries()).isZero();
        assertThat(store.get(key(1))).containsExactly(1);
        assertThat(store.approximateNumEntries()).isEqualTo(2);

        HeldWrites.catchUp();

        assertThat(rocksDB.get(key(1))).containsExactly(1);
        assertThat(rocksDB.get(key(2))).containsExactly(2);
        assertThat(store.get(key(2))).containsExactly(2);
        assertThat(store.approximateNumEntries()).isEqualTo(2);
    }

    @Test
    void theLatestWriteWins() {
        store.put(key(1), new byte[] {1});
        HeldWrites.catchUp();
        store.put(key(1), new byte[] {2});

        assertThat(store.get(key(1))).containsExactly(2);
        HeldWrites.catchUp();
        assertThat(rocksDB.get(key(1))).containsExactly(2);
    }

    @Test
    void aDeleteRemovesTheKeyBothHereAndBeneath() {
        store.put(key(1), new byte[] {1});
        HeldWrites.catchUp();
        store.put(key(1), new byte[] {2});
        store.put(key(2), new byte[] {3});

        assertThat(store.delete(key(1))).containsExactly(2);
        store.put(key(2), null);

        HeldWrites.catchUp();
        assertThat(store.get(key(1))).isNull();
        assertThat(store.get(key(2))).isNull();
        assertThat(rocksDB.approximateNumEntries()).isZero();
    }

    @Test
    void aCheckpointAndAScanSeeEverything() {
        store.put(key(1), new byte[] {1});
        store.commit(Map.of());
        assertThat(rocksDB.get(key(1))).containsExactly(1);

        store.put(key(2), new byte[] {2});
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            assertThat(all).toIterable().extracting(kv -> kv.key).containsExactly(key(1), key(2));
        }
    }

    @Test
    void closingWritesWhatIsBehindFirst() {
        AtomicReference<byte[]> written = new AtomicReference<>();
        WriteBehindStore closing = new WriteBehindStore(new InMemoryKeyValueStore("recording") {
            @Override
            public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
                entries.forEach(kv -> written.set(isOpen() ? kv.value : null));
                super.putAll(entries);
            }
        });
        closing.init(new MockProcessorContext<>().getStateStoreContext(), closing);
        closing.put(key(1), new byte[] {7});

        closing.close();

        assertThat(written.get()).containsExactly(7);
        assertThat(closing.isOpen()).isFalse();
    }

    @Test
    void anotherThreadReadsWhatIsBehindWithoutWritingIt() throws Exception {
        store.put(key(1), new byte[] {1});
        AtomicReference<byte[]> read = new AtomicReference<>();
        Thread query = new Thread(() -> {
            HeldWrites.catchUp();   // another thread has nothing behind of its own
            read.set(store.get(key(1)));
        });
        query.start();
        query.join();

        assertThat(read.get()).containsExactly(1);
        assertThat(rocksDB.approximateNumEntries()).isZero();
    }
}
