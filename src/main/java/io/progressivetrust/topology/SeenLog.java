package io.progressivetrust.topology;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The message SIDs of one task, kept in two stores: a local index with one key per SID
 * ({@link SeenKeys}: generation, account, SID -> account time), written but not logged, and
 * this logged store, whose records each carry all the SIDs of one commit interval. Judging an
 * intent writes neither: its SID waits in memory until Kafka Streams flushes the task's caches
 * before a commit, and then one batch record goes to the changelog inside the transaction that
 * commits the offsets, and one RocksDB write batch to the index. So the changelog gets a record
 * per commit instead of one per intent.
 *
 * <p>Log keys: {@code 0x00 generation sequence} for a batch, {@code 0x00} alone for the last
 * sequence used (kept so that sequences never repeat, even once every batch is gone). Keys that
 * do not start with 0x00 are the one-key-per-SID records of earlier versions
 * ({@code account 0x00 generation SID}); they are read and expire as before, and never written.
 *
 * <p>The index holds the last sequence it has taken in. When a task starts and that is not the
 * log's (the index is new, or was wiped with the task's state after a crash, or is left over
 * from an earlier time this instance had the task), every entry of the log is written to the
 * index again: so the index always holds at least what the log holds. Entries it holds beyond
 * that are older than the retention and never count.
 *
 * <p>A generation's batches hold the SIDs of every account that judged an intent in it; most of
 * them expire with their accounts, but an account that never comes back keeps its SIDs (its
 * clock does not move). Once the task's newest generation is two ahead of a generation, the
 * SIDs of it still in the index are logged again in new batches, and its older batches are
 * deleted a few thousand per commit: the log stays as small as what is still remembered.
 */
final class SeenLog extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]> {

    private static final int MAX_BATCH_BYTES = 256 * 1024;
    private static final int DELETES_PER_FLUSH = 5_000;
    private static final int REBUILD_CHUNK = 10_000;
    private static final Bytes SEQUENCE = Bytes.wrap(new byte[] {0});
    /** In the index, beside the SIDs: the last log sequence it has taken in. */
    static final Bytes INDEX_SEQUENCE = Bytes.wrap(new byte[] {(byte) 0xFF});

    // SIDs judged since the last flush: index key -> account time
    private final Map<Bytes, Long> pending = new LinkedHashMap<>();
    private final NavigableSet<Long> generations = new TreeSet<>();
    private final Deque<long[]> obsolete = new ArrayDeque<>();   // {generation, first sequence kept}
    private KeyValueStore<Bytes, byte[]> index;
    private long sequence = -1;
    private long newest = Long.MIN_VALUE;
    private long lastGeneration = Long.MIN_VALUE;
    private boolean legacy;
    private boolean compactionDue;

    SeenLog(KeyValueStore<Bytes, byte[]> stored) {
        super(stored);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        reset();
        super.init(context, root);
    }

    private void reset() {
        pending.clear();
        generations.clear();
        obsolete.clear();
        index = null;
        sequence = -1;
        newest = Long.MIN_VALUE;
        lastGeneration = Long.MIN_VALUE;
        legacy = false;
    }

    /**
     * Reads the whole log once, giving each SID to {@code seen} (generation, index key), and
     * brings the index up to it if it is behind. Called when the task starts, after restoring.
     */
    void open(KeyValueStore<Bytes, byte[]> index, BiConsumer<Long, byte[]> seen) {
        this.index = index;
        byte[] indexed = index.get(INDEX_SEQUENCE);
        boolean[] any = {false};
        readAll((generation, key, at) -> {
            any[0] = true;
            generations.add(generation);
            newest = Math.max(newest, generation);
            seen.accept(generation, key);
        });
        if (indexed == null ? any[0] : readSequence(indexed) != sequence) {
            rebuildIndex();
        }
        compactionDue = true;
    }

    /** The time the SID (by its index key) was judged at, if it is still waiting for the flush. */
    Long pending(Bytes indexKey) {
        return pending.get(indexKey);
    }

    void remember(Bytes indexKey, long generation, long at) {
        pending.put(indexKey, at);
        if (generation != lastGeneration) {   // almost always the last one: spares the set a boxed lookup
            generations.add(generation);
            lastGeneration = generation;
        }
        if (generation > newest || compactionDue) {
            newest = Math.max(newest, generation);
            compactionDue = false;
            compactBefore(newest - 1);
        }
    }

    /** Deletes the account's SIDs of every generation before {@code generation} from the index. */
    void forget(byte[] account, long generation) {
        for (long g : generations.headSet(generation, false)) {
            deleteRange(index, SeenKeys.indexPrefix(g, account));
        }
        if (legacy) {
            deleteRange(wrapped(), SeenKeys.legacyPrefix(account, generation));
        }
    }

    @Override
    public void flushCache() {
        if (!pending.isEmpty()) {
            writeBatches();
        }
        deleteObsolete();
        super.flushCache();
    }

    @Override
    public void clearCache() {
        pending.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        reset();
        super.close();
    }

    private void writeBatches() {
        TreeMap<Long, ByteArrayOutputStream> byGeneration = new TreeMap<>();
        List<KeyValue<Bytes, byte[]>> indexed = new ArrayList<>(pending.size() + 1);
        pending.forEach((key, at) -> {
            long generation = SeenKeys.generationOf(key.get());
            ByteArrayOutputStream batch = byGeneration.get(generation);
            if (batch != null && batch.size() > MAX_BATCH_BYTES) {
                put(generation, batch);
                batch = null;
            }
            if (batch == null) {
                batch = new ByteArrayOutputStream(4096);
                byGeneration.put(generation, batch);
            }
            SeenKeys.writeEntry(batch, key.get(), at);
            indexed.add(KeyValue.pair(key, SeenKeys.time(at)));
        });
        byGeneration.forEach(this::put);
        wrapped().put(SEQUENCE, SeenKeys.time(sequence));
        indexed.add(KeyValue.pair(INDEX_SEQUENCE, SeenKeys.time(sequence)));
        index.putAll(indexed);
        pending.clear();
    }

    private void put(long generation, ByteArrayOutputStream batch) {
        wrapped().put(SeenKeys.batchKey(generation, ++sequence), batch.toByteArray());
    }

    /**
     * Logs again what the index still holds of each generation before {@code end}, and marks the
     * batches that held it for deletion.
     */
    private void compactBefore(long end) {
        for (long generation : new ArrayList<>(generations.headSet(end, false))) {
            boolean live = false;
            try (KeyValueIterator<Bytes, byte[]> it = index.range(SeenKeys.generationStart(generation),
                    SeenKeys.generationStart(generation + 1))) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    pending.putIfAbsent(kv.key, ByteBuffer.wrap(kv.value).getLong());
                    live = true;
                }
            }
            obsolete.add(new long[] {generation, sequence + 1});
            if (!live && pending.keySet().stream().noneMatch(k -> SeenKeys.generationOf(k.get()) == generation)) {
                generations.remove(generation);
                lastGeneration = Long.MIN_VALUE;
            }
        }
    }

    private void deleteObsolete() {
        int budget = DELETES_PER_FLUSH;
        while (budget > 0 && !obsolete.isEmpty()) {
            long[] range = obsolete.peek();
            List<Bytes> keys = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = wrapped().range(SeenKeys.batchKey(range[0], 0),
                    SeenKeys.batchKey(range[0], range[1] - 1))) {
                while (it.hasNext() && keys.size() < budget) {
                    keys.add(it.next().key);
                }
            }
            keys.forEach(wrapped()::delete);
            budget -= keys.size();
            if (budget > 0) {
                obsolete.poll();   // the range is empty now
            }
        }
    }

    /** One SID of the log: its generation, its index key and when it was judged. */
    private interface Entry {
        void accept(long generation, byte[] indexKey, long at);
    }

    /** Reads every SID of the log, and its last sequence. */
    private void readAll(Entry entry) {
        try (KeyValueIterator<Bytes, byte[]> it = wrapped().all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] key = kv.key.get();
                if (key.length == 1 && key[0] == 0) {
                    sequence = Math.max(sequence, readSequence(kv.value));
                } else if (key[0] == 0) {
                    long generation = SeenKeys.batchGeneration(key);
                    SeenKeys.readEntries(kv.value, (indexKey, at) -> entry.accept(generation, indexKey, at));
                } else {
                    legacy = true;
                    byte[] indexKey = SeenKeys.fromLegacy(key);
                    entry.accept(SeenKeys.generationOf(indexKey), indexKey, ByteBuffer.wrap(kv.value).getLong());
                }
            }
        }
    }

    private void rebuildIndex() {
        List<KeyValue<Bytes, byte[]>> chunk = new ArrayList<>(REBUILD_CHUNK);
        readAll((generation, key, at) -> {
            chunk.add(KeyValue.pair(Bytes.wrap(key), SeenKeys.time(at)));
            if (chunk.size() == REBUILD_CHUNK) {
                index.putAll(chunk);
                chunk.clear();
            }
        });
        chunk.add(KeyValue.pair(INDEX_SEQUENCE, SeenKeys.time(sequence)));
        index.putAll(chunk);
    }

    private static long readSequence(byte[] value) {
        return value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    private static void deleteRange(KeyValueStore<Bytes, byte[]> store, Bytes[] range) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(range[0], range[1])) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
    }
}
