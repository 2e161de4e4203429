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
