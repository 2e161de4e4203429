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
        store.load("AC4");                         // used more often than AC2 now, so it enters

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
        AccountState first = store.load("AC1");
        for (int version = 1; version <= 3; version++) {   // judging grows it; its size is taken again at the flush
            first.scores().put(version, 2);
        }
        store.changed("AC1");
        AccountState second = store.load("AC2");
        store.changed("AC2");
        store.load("AC3");
        AccountState third = store.load("AC3");   // used more often than AC1: AC1 leaves, still dirty
        store.changed("AC3");
        store.flushCache();

        // had AC1's growth been counted at the flush, the cache would have let AC2 go to fit the rest
        assertThat(store.load("AC2")).as("two accounts fit").isSameAs(second);
        assertThat(store.load("AC3")).isSameAs(third);
        assertThat(stored.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void onceFullTheCacheTakesInOnlyAnAccountUsedMoreOftenThanTheOneItWouldLetGo() {
        AccountState scored = new AccountState();
        scored.scores().put(7, 4);
        // room for two accounts, one of them with the score AC3 is given below
        AccountStore store = store(bytesOfAFreshAccount() + AccountCacheBudget.bytesOf("AC3", scored));
        AccountState[] busy = new AccountState[2];
        for (int use = 0; use < 3; use++) {
            busy[0] = store.load("AC1");
            busy[1] = store.load("AC2");
        }
        store.changed("AC1");
        store.changed("AC2");

        AccountState once = store.load("AC3");
        once.scores().put(7, 4);
        store.changed("AC3");
        assertThat(stored.get(key("AC3"))).as("a passing account is written at once").isNotNull();
        assertThat(stored.get(key("AC1"))).as("the cached ones are still held").isNull();
        assertThat(store.load("AC1")).isSameAs(busy[0]);
        assertThat(store.load("AC2")).isSameAs(busy[1]);

        // AC1 and AC2 have had four uses each, and AC1 is now the least recently used
        AccountState again = store.load("AC3");
        assertThat(again).as("read again from the store").isNotSameAs(once);
        assertThat(again.scores().inForceAt(8)).as("with its change").isEqualTo(4);
        store.load("AC3");
        store.load("AC3");   // four uses, as many as AC1: not yet
        assertThat(stored.get(key("AC1"))).as("AC1 still held").isNull();
        assertThat(store.load("AC3")).as("its fifth use, more than AC1's four: it enters").isSameAs(store.load("AC3"));
        assertThat(stored.get(key("AC1"))).as("AC1, the least recently used, was written when it left").isNotNull();
        assertThat(store.load("AC2")).isSameAs(busy[1]);
    }
}
