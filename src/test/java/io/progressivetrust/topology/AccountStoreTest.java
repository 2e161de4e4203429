package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.policy.AccountState;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class AccountStoreTest {

    private final KeyValueStore<Bytes, byte[]> stored = Stores.inMemoryKeyValueStore("accounts").get();

    private AccountStore store(long budgetBytes) {
        AccountStore store = new AccountStore(stored, new AccountCacheBudget(budgetBytes));
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static Bytes key(String account) {
        return Bytes.wrap(account.getBytes(StandardCharsets.UTF_8));
    }

    private static long bytesOfAFreshAccount() {
        return AccountCacheBudget.bytesOf("AC0", new AccountState());
    }

    @Test
    void accountsStayDecodedAndUnwrittenWhileTheyFit() {
        AccountStore store = store(100 * bytesOfAFreshAccount());
        for (int i = 0; i < 50; i++) {
            store.load("AC" + i);
            store.changed("AC" + i);
        }
        assertThat(stored.approximateNumEntries()).isZero();
        store.flushCache();
        assertThat(stored.approximateNumEntries()).isEqualTo(50);
    }

    @Test
    void beyondItsBytesTheLeastRecentlyUsedAccountIsWrittenAndLeaves() {
        AccountStore store = store(3 * bytesOfAFreshAccount());
        for (String account : new String[] {"AC1", "AC2", "AC3"}) {
            store.load(account);
            store.changed(account);
        }
        AccountState first = store.load("AC1");   // used again: AC2 is now the least recently used
        store.load("AC4");

        assertThat(stored.get(key("AC2"))).as("written when it left").isNotNull();
        assertThat(stored.get(key("AC1"))).isNull();
        assertThat(store.load("AC1")).as("still the same object in memory").isSameAs(first);
        store.flushCache();
        assertThat(stored.get(key("AC1"))).isNotNull();
        assertThat(stored.get(key("AC3"))).isNotNull();
    }

    @Test
    void anAccountThatLeftBeforeTheFlushIsNotCountedAgain() {
        AccountStore store = store(2 * bytesOfAFreshAccount());
        store.load("AC1");
        store.changed("AC1");
        for (int i = 2; i < 1000; i++) {   // AC1 leaves at once; the others come and go, still dirty
            store.load("AC" + i);
            store.changed("AC" + i);
        }
        store.flushCache();
        // had the accounts that left been counted again at the flush, no room would be left for two
        AccountState a = store.load("AC1");
        store.load("AC2");
        assertThat(store.load("AC1")).as("two accounts fit").isSameAs(a);
        assertThat(stored.approximateNumEntries()).isEqualTo(999);
    }
}
