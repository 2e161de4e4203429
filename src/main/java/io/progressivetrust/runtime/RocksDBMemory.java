package io.progressivetrust.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the process ({@code pt.rocksdb.memory}): a shared
 * block cache that also holds the index and filter blocks, and a write-buffer manager that
 * charges the memtables to that same cache. Without it each store of each task takes its own
 * 50 MiB cache and up to three 16 MiB memtables, so memory grows with the number of tasks.
 * Point lookups (an account's state, a message SID that is almost never there) are answered by
 * the bloom filter Kafka Streams gives every store, whose blocks stay in the cache with high
 * priority so that data blocks leave it first.
 *
 * <p>Level-0 files (Kafka Streams' stores compact universally: every file is a sorted run) are
 * merged only once there are many of them. Merging early buys faster reads, and these stores
 * are read little: an account only when it is not held decoded in memory, a message SID only
 * when the in-memory filter says it may have been seen, and the bloom filters, cached, spare
 * most of those reads a file. Merging late spares most of the rewriting, which measured as the
 * largest share of RocksDB's own CPU (docs/performance.md). Writes slow down only well beyond it.
 */
public final class RocksDBMemory implements RocksDBConfigSetter {

    /** The Kafka Streams config key that carries the budget in bytes to each store. */
    static final String BYTES_CONFIG = "pt.rocksdb.memory.bytes";

    private static final double INDEX_AND_FILTER_SHARE = 0.1;
    private static final long BLOCK_SIZE = 8 * 1024;
    private static final int MEMTABLES = 2;
    private static final int SORTED_RUNS_BEFORE_MERGING = 16;
    private static final int SORTED_RUNS_BEFORE_SLOWING_WRITES = 48;
    private static final int SORTED_RUNS_BEFORE_STOPPING_WRITES = 64;
    private static Shared shared;

    private record Shared(long bytes, Cache cache, WriteBufferManager writeBuffers) { }

    /** Created once per process, on the first store: the stores of every task and thread share it. */
    private static synchronized Shared shared(long bytes) {
        if (shared == null || shared.bytes != bytes) {
            Cache cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            shared = new Shared(bytes, cache, new WriteBufferManager(bytes / 2, cache));
        }
        return shared;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long bytes = Long.parseLong(String.valueOf(configs.get(BYTES_CONFIG)));
        Shared memory = shared(bytes);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setMaxWriteBufferNumber(MEMTABLES);
        options.setWriteBufferSize(Math.min(16L << 20, Math.max(1L << 20, bytes / 8)));
        options.setTableFormatConfig(table);
        options.setLevel0FileNumCompactionTrigger(SORTED_RUNS_BEFORE_MERGING);
        options.setLevel0SlowdownWritesTrigger(SORTED_RUNS_BEFORE_SLOWING_WRITES);
        options.setLevel0StopWritesTrigger(SORTED_RUNS_BEFORE_STOPPING_WRITES);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write-buffer manager are shared by every store of the process: never closed here
    }
}
