package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.policy.Policy;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;

class UncopiedPositionStoreTest {

    private static final String INTENT = "{\"messageSid\":\"SM1\",\"accountSid\":\"AC1\",\"channel\":\"sms\"}";

    @Test
    void theLoggingLayerGetsNoCopyOfThePositionItWouldNotWrite() {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults(), EnforcerTopology.DEFAULT_CACHE_MEMORY, new Properties())) {
            d.intent("AC1", INTENT, "2026-03-01T10:00:00Z");

            UncopiedPositionStore layer = layer(d);
            assertThat(layer.getPosition().isEmpty()).isTrue();
            // the store beneath still keeps its position, for the queries that read it there
            assertThat(rocksDBPosition(layer).getTopics()).containsExactly(EnforcerDriver.TOPICS.intents());
            // and the changelog record is sent as before
            assertThat(d.driver.createOutputTopic("enforcer-test-" + EnforcerTopology.SEEN_STORE + "-changelog",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList()).hasSize(1);
        }
    }

    @Test
    void withTheConsistencyVectorEnabledThePositionIsTheStoresOwn() {
        Properties settings = new Properties();
        settings.put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, true);
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults(), EnforcerTopology.DEFAULT_CACHE_MEMORY, settings)) {
            d.intent("AC1", INTENT, "2026-03-01T10:00:00Z");

            UncopiedPositionStore layer = layer(d);
            assertThat(layer.getPosition()).isEqualTo(rocksDBPosition(layer));
            assertThat(layer.getPosition().isEmpty()).isFalse();
        }
    }

    private static UncopiedPositionStore layer(EnforcerDriver d) {
        WrappedStateStore<?, ?, ?> seen = (WrappedStateStore<?, ?, ?>) d.driver.getAllStateStores().get(EnforcerTopology.SEEN_STORE);
        return seen.findInner(UncopiedPositionStore.class);
    }

    private static Position rocksDBPosition(UncopiedPositionStore layer) {
        return layer.wrapped().getPosition();
    }
}
