package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** A liveness probe restarts a failed instance, never one whose group is rebalancing. */
class HealthTest {

    @Test
    void anInstanceIsLiveUnlessItFailedOrStopped() {
        assertThat(StatusServer.live(State.CREATED)).isTrue();
        assertThat(StatusServer.live(State.REBALANCING)).isTrue();
        assertThat(StatusServer.live(State.RUNNING)).isTrue();
        assertThat(StatusServer.live(State.PENDING_SHUTDOWN)).isTrue();
        assertThat(StatusServer.live(State.PENDING_ERROR)).isFalse();
        assertThat(StatusServer.live(State.ERROR)).isFalse();
        assertThat(StatusServer.live(State.NOT_RUNNING)).isFalse();
    }
}
