package io.progressivetrust.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * Settings for the plain Kafka clients of the operator commands and start-up checks: the
 * application's own client settings (bootstrap servers, security...) that each kind of client
 * knows, so that a secured cluster needs them written once.
 */
final class Clients {

    /** How long to wait for the cluster: the admin client's {@code default.api.timeout.ms} if set. */
    static Duration timeout(Settings settings) {
        String configured = settings.streams().getProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        return configured == null ? Duration.ofSeconds(30) : Duration.ofMillis(Long.parseLong(configured.trim()));
    }

    static Properties admin(Settings settings) {
        Properties p = known(settings, AdminClientConfig.configNames());
        int timeout = (int) timeout(settings).toMillis();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, timeout));
        return p;
    }

    /** A producer that waits for every replica and gives up within the cluster timeout. */
    static Properties producer(Settings settings) {
        Properties p = known(settings, ProducerConfig.configNames());
        int timeout = (int) timeout(settings).toMillis();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, timeout));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout + 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    /** A consumer that reads committed records only and joins no group. */
    static Properties consumer(Settings settings) {
        Properties p = known(settings, ConsumerConfig.configNames());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout(settings).toMillis());
        return p;
    }

    /**
     * Reads these partitions from their first record at or after {@code start} to their end as it
     * is when the reading begins; the consumer is assigned to them.
     */
    static void read(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long start,
                     java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, start));
        Map<TopicPartition, OffsetAndTimestamp> firsts = consumer.offsetsForTimes(times);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp first = firsts.get(tp);
            consumer.seek(tp, first == null ? ends.get(tp) : first.offset());
        }
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            consumer.poll(Duration.ofMillis(500)).forEach(each);
        }
    }

    private static Properties known(Settings settings, Set<String> names) {
        Properties p = new Properties();
        settings.streams().forEach((k, v) -> {
            if (names.contains(k.toString())) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return p;
    }

    private Clients() { }
}
