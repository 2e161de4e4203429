package io.progressivetrust.topology;

import io.progressivetrust.policy.SeenMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The message SIDs each account of one task has judged ({@link SeenLog} keeps them). A
 * generation is one retention period of account time ({@code floor(t / retention)}): a SID
 * judged less than one retention ago lies in the current or the previous generation, so a
 * lookup is at most two point reads, most of them answered from memory by the filter.
 * Expiry follows the account's own clock, not the task's stream time, so an account replayed
 * at older times never loses a SID it still needs.
 */
final class SeenMessageStore {

    private final SeenLog log;
    private final KeyValueStore<Bytes, byte[]> index;
    private final long retention;
    private final SeenFilter filter = new SeenFilter();

    /** Reads the log once, to build the filter that spares most lookups a RocksDB read. */
    SeenMessageStore(SeenLog log, KeyValueStore<Bytes, byte[]> index, Duration retention) {
        this.log = log;
        this.index = index;
        this.retention = retention.toMillis();
        log.open(index, filter::add);
    }

    SeenMessages of(String account) {
        byte[] accountBytes = account.getBytes(StandardCharsets.UTF_8);
        return new SeenMessages() {
            @Override
            public OptionalLong seenAt(String messageSid, long now) {
                byte[] sid = messageSid.getBytes(StandardCharsets.UTF_8);
                long generation = generation(now);
                Long at = lookup(generation, SeenKeys.indexKey(generation, accountBytes, sid));
                if (at == null) {
                    at = lookup(generation - 1, SeenKeys.indexKey(generation - 1, accountBytes, sid));
                }
                return at == null ? OptionalLong.empty() : OptionalLong.of(at);
            }

            @Override
            public void remember(String messageSid, long at) {
                long generation = generation(at);
                Bytes key = SeenKeys.indexKey(generation, accountBytes, messageSid.getBytes(StandardCharsets.UTF_8));
                filter.add(generation, key.get());
                log.remember(key, generation, at);
            }

            @Override
            public void forgetUpTo(long cutoff) {
                // every generation before the cutoff's lies wholly at or before the cutoff
                log.forget(accountBytes, generation(cutoff));
            }
        };
    }

    private Long lookup(long generation, Bytes key) {
        Long pending = log.pending(key);
        if (pending != null || !filter.mightContain(generation, key.get())) {
            return pending;
        }
        byte[] at = index.get(key);
        return at == null ? null : ByteBuffer.wrap(at).getLong();
    }

    private long generation(long at) {
        return Math.floorDiv(at, retention);
    }
}
