package io.progressivetrust.topology;

import io.progressivetrust.policy.SeenMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The message SIDs each account has judged, keyed by account, generation and SID:
 * <pre>
 *   account 0x00 generation messageSid -> time judged (8 bytes)
 * </pre>
 * A generation is one retention period of account time ({@code floor(t / retention)}).
 * A SID judged less than one retention ago lies in the current or the previous
 * generation, so a lookup is at most two point reads, and whole generations are
 * dropped with one range scan once they are entirely expired. Expiry follows
 * the account's own clock, not the task's stream time, so an account replayed
 * at older times never loses a SID it still needs. The scan is skipped while the
 * store holds no generation old enough to expire, as in a task's first days.
 */
final class SeenMessageStore {

    /** How often the owner should call {@link #makeRoom}: a filter is overfilled by at most this long's adds. */
    static final Duration GROWTH_CHECK = Duration.ofMillis(100);
    private static final byte SEPARATOR = 0;

    private final KeyValueStore<Bytes, byte[]> store;
    private final long retention;
    private final SeenFilter filter = new SeenFilter();
    /** No key in the store is of an older generation (every key is read at start or written here). */
    private long oldestGeneration = Long.MAX_VALUE;

    /** Reads every key of the store once, to build the filter that spares most lookups a RocksDB read. */
    SeenMessageStore(KeyValueStore<Bytes, byte[]> store, Duration retention) {
        this.store = store;
        this.retention = retention.toMillis();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                byte[] key = all.next().key.get();
                added(generationOf(key), key);
                filter.makeRoom();
            }
        }
    }

    /** To be called between records, about every {@link #GROWTH_CHECK}: see {@link SeenFilter}. */
    void makeRoom() {
        filter.makeRoom();
    }

    SeenMessages of(String account) {
        byte[] prefix = account.getBytes(StandardCharsets.UTF_8);
        return new SeenMessages() {
            @Override
            public OptionalLong seenAt(String messageSid, long now) {
                long generation = generation(now);
                byte[] at = read(generation, key(prefix, generation, messageSid));
                if (at == null) {
                    at = read(generation - 1, key(prefix, generation - 1, messageSid));
                }
                return at == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(at).getLong());
            }

            @Override
            public void remember(String messageSid, long at) {
                long generation = generation(at);
                Bytes key = key(prefix, generation, messageSid);
                added(generation, key.get());
                store.put(key, ByteBuffer.allocate(8).putLong(at).array());
            }

            @Override
            public void forgetUpTo(long cutoff) {
                // every generation before the cutoff's lies wholly at or before the cutoff
                long last = generation(cutoff) - 1;
                if (last < oldestGeneration) {
                    return;
                }
                Bytes from = key(prefix, Long.MIN_VALUE, "");
                Bytes to = Bytes.wrap(concat(key(prefix, last, "").get(), new byte[] {(byte) 0xFF}));
                List<Bytes> expired = new ArrayList<>();
                try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
                    it.forEachRemaining(kv -> expired.add(kv.key));
                }
                expired.forEach(store::delete);
            }
        };
    }

    private void added(long generation, byte[] key) {
        filter.add(generation, key);
        oldestGeneration = Math.min(oldestGeneration, generation);
    }

    private byte[] read(long generation, Bytes key) {
        return filter.mightContain(generation, key.get()) ? store.get(key) : null;
    }

    /** The generation in a key: the 8 bytes after the account and its separator (an account holds no NUL). */
    private static long generationOf(byte[] key) {
        int separator = 0;
        while (key[separator] != SEPARATOR) {
            separator++;
        }
        return ByteBuffer.wrap(key, separator + 1, 8).getLong() ^ Long.MIN_VALUE;
    }

    private long generation(long at) {
        return Math.floorDiv(at, retention);
    }

    private static Bytes key(byte[] prefix, long generation, String messageSid) {
        byte[] sid = messageSid.getBytes(StandardCharsets.UTF_8);
        // flipping the sign bit makes the big-endian bytes sort like the signed numbers
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + 1 + 8 + sid.length)
                .put(prefix).put(SEPARATOR).putLong(generation ^ Long.MIN_VALUE).put(sid).array());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
