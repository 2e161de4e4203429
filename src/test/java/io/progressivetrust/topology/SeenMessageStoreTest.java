package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.policy.SeenMessages;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class SeenMessageStoreTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long JUNE_1 = 1_780_272_000_000L;  // 2026-06-01T00:00:00Z, a generation's start

    private final KeyValueStore<Bytes, byte[]> stored = Stores.inMemoryKeyValueStore("seen").get();
    private final AtomicInteger scans = new AtomicInteger();
    /** The store as the seen-message store sees it, counting its range scans. */
    private final KeyValueStore<Bytes, byte[]> counted = counting(stored);

    SeenMessageStoreTest() {
        stored.init(new MockProcessorContext<>().getStateStoreContext(), stored);
    }

    @SuppressWarnings("unchecked")
    private KeyValueStore<Bytes, byte[]> counting(KeyValueStore<Bytes, byte[]> store) {
        return (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("range")) {
                        scans.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private long entries() {
        return stored.approximateNumEntries();
    }

    @Test
    void forgettingScansNothingWhileNoGenerationIsOldEnoughToExpire() {
        SeenMessages seen = new SeenMessageStore(counted, Duration.ofDays(1)).of("AC1");
        seen.remember("SM1", JUNE_1 + 1_000);
        long dayLater = JUNE_1 + DAY + 2_000;
        seen.forgetUpTo(dayLater - DAY);   // the cutoff lies in the first generation: nothing before it
        assertThat(scans).hasValue(0);
        assertThat(seen.seenAt("SM1", JUNE_1 + 2_000)).hasValue(JUNE_1 + 1_000);
    }

    @Test
    void forgettingStillDropsExpiredGenerationsAndThoseReadWhenTheTaskStarted() {
        SeenMessages first = new SeenMessageStore(counted, Duration.ofDays(1)).of("AC1");
        first.remember("SM1", JUNE_1 + 1_000);
        first.remember("SM2", JUNE_1 + DAY + 1_000);
        assertThat(entries()).isEqualTo(2);

        // as after a restart: the store is read again, and its oldest generation is known from it
        SeenMessages restarted = new SeenMessageStore(counted, Duration.ofDays(1)).of("AC1");
        long twoDaysLater = JUNE_1 + 2 * DAY + 1_000;
        restarted.forgetUpTo(twoDaysLater - DAY);   // the first generation now lies wholly before the cutoff
        assertThat(scans).hasValue(1);
        assertThat(entries()).isEqualTo(1);
        assertThat(restarted.seenAt("SM2", JUNE_1 + 2 * DAY)).hasValue(JUNE_1 + DAY + 1_000);
    }
}
