package io.progressivetrust.topology;

import io.progressivetrust.policy.SeenMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The message SIDs each account has judged, in one key-value store with two
 * kinds of key under the account's prefix:
 * <pre>
 *   account 0x00 'M' messageSid       -> time judged (8 bytes)   lookup by SID
 *   account 0x00 'T' time messageSid  -> empty                   expiry in time order
 * </pre>
 * Expiry follows the account's own clock, not the task's stream time, so an
 * account replayed at older times never loses a SID it still needs.
 */
public final class SeenMessageStore {

    private static final byte SEPARATOR = 0;
    private static final byte BY_SID = 'M';
    private static final byte BY_TIME = 'T';
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    public SeenMessageStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public SeenMessages of(String account) {
        byte[] prefix = (account).getBytes(StandardCharsets.UTF_8);
        return new SeenMessages() {
            @Override
            public OptionalLong seenAt(String messageSid) {
                byte[] at = store.get(bySid(prefix, messageSid));
                return at == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(at).getLong());
            }

            @Override
            public void remember(String messageSid, long at) {
                store.put(bySid(prefix, messageSid), ByteBuffer.allocate(8).putLong(at).array());
                store.put(byTime(prefix, at, messageSid), EMPTY);
            }

            @Override
            public void forgetUpTo(long cutoff) {
                List<Bytes> expired = new ArrayList<>();
                Bytes from = byTime(prefix, Long.MIN_VALUE, "");
                Bytes to = Bytes.wrap(concat(byTime(prefix, cutoff, "").get(), new byte[] {(byte) 0xFF}));
                try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
                    while (it.hasNext()) {
                        expired.add(it.next().key);
                    }
                }
                for (Bytes key : expired) {
                    byte[] k = key.get();
                    int sidStart = prefix.length + 2 + 8;
                    String sid = new String(k, sidStart, k.length - sidStart, StandardCharsets.UTF_8);
                    store.delete(key);
                    store.delete(bySid(prefix, sid));
                }
            }
        };
    }

    private static Bytes bySid(byte[] prefix, String messageSid) {
        byte[] sid = messageSid.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + 2 + sid.length)
                .put(prefix).put(SEPARATOR).put(BY_SID).put(sid).array());
    }

    private static Bytes byTime(byte[] prefix, long at, String messageSid) {
        byte[] sid = messageSid.getBytes(StandardCharsets.UTF_8);
        // flipping the sign bit makes the big-endian bytes sort like the signed times
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + 2 + 8 + sid.length)
                .put(prefix).put(SEPARATOR).put(BY_TIME).putLong(at ^ Long.MIN_VALUE).put(sid).array());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    /** For operators' tools and tests: every remembered SID of every account, as (key, time). */
    List<KeyValue<Bytes, byte[]>> all() {
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
