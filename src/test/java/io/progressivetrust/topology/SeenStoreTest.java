package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class SeenStoreTest {

    private final KeyValueStore<Bytes, byte[]> stored = Stores.inMemoryKeyValueStore("seen").get();
    private final SeenStore seen = new SeenStore(stored);

    SeenStoreTest() {
        seen.init(new MockProcessorContext<>().getStateStoreContext(), seen);
    }

    private static Bytes key(int i) {
        return Bytes.wrap(("SM" + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesAreHeldUntilTheFlushBeforeACommit() {
        seen.put(key(1), new byte[] {1});
        assertThat(stored.approximateNumEntries()).isZero();
        assertThat(seen.get(key(1))).containsExactly(1);
        seen.flushCache();
        assertThat(stored.get(key(1))).containsExactly(1);
    }

    @Test
    void theFirstFlushOfACommitWritesWhatEveryStoreOfItsThreadHolds() throws Exception {
        KeyValueStore<Bytes, byte[]> otherStored = Stores.inMemoryKeyValueStore("seen-of-another-task").get();
        SeenStore other = new SeenStore(otherStored);
        other.init(new MockProcessorContext<>().getStateStoreContext(), other);
        KeyValueStore<Bytes, byte[]> elsewhereStored = Stores.inMemoryKeyValueStore("seen-of-another-thread").get();
        SeenStore elsewhere = new SeenStore(elsewhereStored);
        elsewhere.init(new MockProcessorContext<>().getStateStoreContext(), elsewhere);
        Thread thread = new Thread(() -> elsewhere.put(key(3), new byte[] {3}));
        thread.start();
        thread.join();

        seen.put(key(1), new byte[] {1});
        other.put(key(2), new byte[] {2});
        seen.flushCache();

        assertThat(stored.get(key(1))).containsExactly(1);
        assertThat(otherStored.get(key(2))).containsExactly(2);
        // another stream thread's tasks commit in their own transaction
        assertThat(elsewhereStored.approximateNumEntries()).isZero();
    }

    @Test
    void aLongCommitIntervalDoesNotHoldMoreThanTheBoundInMemory() {
        for (int i = 0; i < SeenStore.MAX_HELD - 1; i++) {
            seen.put(key(i), new byte[] {1});
        }
        assertThat(stored.approximateNumEntries()).isZero();
        seen.put(key(SeenStore.MAX_HELD), new byte[] {1});
        // the held writes went to the store without waiting for a commit, and are still found
        assertThat(stored.approximateNumEntries()).isEqualTo(SeenStore.MAX_HELD);
        assertThat(seen.get(key(0))).containsExactly(1);
        assertThat(seen.approximateNumEntries()).isEqualTo(SeenStore.MAX_HELD);
    }
}
