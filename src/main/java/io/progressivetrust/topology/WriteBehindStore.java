package io.progressivetrust.topology;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Kafka Streams' RocksDB store of bytes, beneath its logging layer, with the writes of a commit
 * put into RocksDB just after the commit instead of inside it.
 *
 * <p>A commit's write-out ({@link HeldWrites}) sends each changed account and message SID to its
 * changelog and writes it to RocksDB. The changelog records must go inside the commit, in the
 * transaction with the input offsets; the RocksDB write need not: under exactly-once a task's
 * local state after a crash is thrown away and restored from the changelog, and a clean close
 * or checkpoint ({@link #commit}) writes first. No verdict is visible until the commit ends, and
 * RocksDB's write was about a fifth of a commit (docs/performance.md). So this layer holds the
 * writes it is given and puts them into RocksDB as one batch when the stream thread next loads
 * an account, as judging any record begins ({@link HeldWrites#catchUp}), outside the commit.
 * Until then reads find them here first, the status API's from another thread too.
 */
final class WriteBehindStore extends HoldingStore {

    WriteBehindStore(KeyValueStore<Bytes, byte[]> rocksDB) {
        super(rocksDB);
    }

    @Override
    void startedHolding() {
        HeldWrites.behind(this);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeHeld();
        super.commit(changelogOffsets);
    }

    @Override
    public void close() {
        try {
            writeHeld();
        } finally {
            forgetHeld();
            super.close();
        }
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        writeHeld();
        return super.query(query, positionBound, config);
    }
}
