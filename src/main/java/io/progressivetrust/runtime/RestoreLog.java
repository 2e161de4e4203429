package io.progressivetrust.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each store partition that is rebuilt from its changelog, with how much and how long: after a
 * crash under exactly-once Kafka Streams wipes a task's local state and restores it before the task
 * judges again, and that restore is where a restarted instance's first minutes can go. A store with nothing to
 * restore, as after every clean restart, is not logged.
 */
final class RestoreLog implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final Map<TopicPartition, Long> startedAt = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        startedAt.put(changelog, System.nanoTime());
        if (endingOffset > startingOffset) {
            LOG.info("Restoring {} from {} (offsets {} to {})", store, changelog, startingOffset, endingOffset);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
        // per batch would flood the log; the start and the end say enough
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        long millis = elapsedMillis(changelog);
        if (totalRestored > 0) {
            LOG.info("Restored {} from {}: {} records in {} ms", store, changelog, totalRestored, millis);
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        LOG.info("Restore of {} from {} suspended after {} records in {} ms (the task moved)", store, changelog,
                totalRestored, elapsedMillis(changelog));
    }

    private long elapsedMillis(TopicPartition changelog) {
        Long start = startedAt.remove(changelog);
        return start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
    }
}
