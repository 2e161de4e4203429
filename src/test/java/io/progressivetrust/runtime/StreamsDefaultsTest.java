package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings the application adds to the operator's. */
class StreamsDefaultsTest {

    private static Properties streams(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("bootstrap.servers", "127.0.0.1:9092");
        return EnforcerApp.streamsConfig(Settings.of(all));
    }

    @Test
    void storesAreTransactionalWhereARestartedInstanceKeepsItsTasks() {
        assertThat(streams(Map.of("group.instance.id", "enforcer-1")))
                .containsEntry(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true");
        assertThat(streams(Map.of())).doesNotContainKey(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG);
    }

    @Test
    void theOperatorsChoiceOfTransactionalStoresStands() {
        assertThat(streams(Map.of("group.instance.id", "enforcer-1", StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "false")))
                .containsEntry(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "false");
    }

    @Test
    void theGlobalHandlerSettingAlsoReachesEachThreadsPartitionAssignor() {
        String global = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;
        StreamsConfig config = new StreamsConfig(streams(Map.of()));
        assertThat(config.getBoolean(global)).isTrue();
        // the assignor reads its settings again from the main consumer's, and warns if this one is off
        Map<String, Object> consumer = config.getMainConsumerConfigs("progressive-trust", "client-1", 0);
        assertThat(new StreamsConfig(consumer).getBoolean(global)).isTrue();
    }

    @Test
    void theProducerBatchesMoreThanKafkasDefaultUnlessTheOperatorSaysOtherwise() {
        String batchSize = ProducerConfig.BATCH_SIZE_CONFIG;
        int kafkaDefault = producerConfig(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")).getInt(batchSize);
        assertThat(producerBatchSize(Map.of())).isGreaterThan(kafkaDefault);
        assertThat(producerBatchSize(Map.of(batchSize, "32768"))).isEqualTo(32768);
        assertThat(producerBatchSize(Map.of(StreamsConfig.PRODUCER_PREFIX + batchSize, "65536"))).isEqualTo(65536);
    }

    @Test
    void theProducerCompressesUnlessTheOperatorSaysOtherwise() {
        String compression = ProducerConfig.COMPRESSION_TYPE_CONFIG;
        assertThat(producerSetting(Map.of(), compression)).isNotEqualTo("none");
        assertThat(producerSetting(Map.of(compression, "none"), compression)).isEqualTo("none");
        assertThat(producerSetting(Map.of(StreamsConfig.PRODUCER_PREFIX + compression, "zstd"), compression)).isEqualTo("zstd");
    }

    @Test
    void theConsumersLetTheKernelSizeTheirReceiveBuffersUnlessTheOperatorSaysOtherwise() {
        String buffer = ConsumerConfig.RECEIVE_BUFFER_CONFIG;
        int kernelSized = -1;
        assertThat(mainConsumerSetting(Map.of(), buffer)).isEqualTo(kernelSized);
        assertThat(restoreConsumerSetting(Map.of(), buffer)).isEqualTo(kernelSized);
        assertThat(mainConsumerSetting(Map.of(buffer, "65536"), buffer)).isEqualTo(65536);
        assertThat(mainConsumerSetting(Map.of(StreamsConfig.CONSUMER_PREFIX + buffer, "131072"), buffer)).isEqualTo(131072);
        assertThat(mainConsumerSetting(Map.of(StreamsConfig.MAIN_CONSUMER_PREFIX + buffer, "262144"), buffer)).isEqualTo(262144);
        assertThat(restoreConsumerSetting(Map.of(StreamsConfig.MAIN_CONSUMER_PREFIX + buffer, "262144"), buffer)).isEqualTo(kernelSized);
    }

    /** The setting as each stream thread's consumer will read it. */
    private static int mainConsumerSetting(Map<String, String> settings, String key) {
        return consumerConfig(new StreamsConfig(streams(settings)).getMainConsumerConfigs("progressive-trust", "client-1", 0)).getInt(key);
    }

    /** The setting as the consumer that restores the stores will read it. */
    private static int restoreConsumerSetting(Map<String, String> settings, String key) {
        return consumerConfig(new StreamsConfig(streams(settings)).getRestoreConsumerConfigs("client-1")).getInt(key);
    }

    private static ConsumerConfig consumerConfig(Map<String, Object> settings) {
        Map<String, Object> consumer = new HashMap<>(settings);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new ConsumerConfig(consumer);
    }

    private static int producerBatchSize(Map<String, String> settings) {
        return Integer.parseInt(producerSetting(settings, ProducerConfig.BATCH_SIZE_CONFIG));
    }

    /** The setting as the producer Kafka Streams creates will read it, Kafka's default where none is given. */
    private static String producerSetting(Map<String, String> settings, String key) {
        return String.valueOf(producerConfig(new StreamsConfig(streams(settings)).getProducerConfigs("client-1")).values().get(key));
    }

    private static ProducerConfig producerConfig(Map<String, Object> settings) {
        Map<String, Object> producer = new HashMap<>(settings);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new ProducerConfig(producer);
    }
}
