package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.policy.Verdict;
import io.progressivetrust.topology.EnforcerListener;
import io.progressivetrust.topology.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A failure that recurs however often the stream thread is replaced: after
 * the fourth death the instance gives up, reports that it failed, and ends in
 * ERROR, so that its tasks can move to a healthy instance. Slow: each
 * replacement waits out a session timeout. Run with {@code -Pslow}.
 */
@Tag("slow")
class RepeatedFailureTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void afterTheFourthDeathTheInstanceStopsAsFailed() throws Exception {
        Topics t = KafkaCluster.topics("repeat-");
        cluster.createTopics(t, 1, 1);
        AtomicInteger deaths = new AtomicInteger();
        EnforcerListener alwaysFails = new EnforcerListener() {
            @Override
            public void verdict(Verdict verdict) {
                deaths.incrementAndGet();
                throw new IllegalStateException("a failure that no replacement thread survives");
            }
        };
        Map<String, String> quickGroup = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");
        try (EnforcerApp app = new EnforcerApp(cluster.settings("repeat", t, quickGroup), alwaysFails)) {
            app.start();
            cluster.send(t.intents(), "ACx", EnforcerOnBrokerTest.intent("SM1", "ACx", null), "2026-06-10T10:00:00Z");
            cluster.flush();

            assertThat(app.awaitStop(Duration.ofMinutes(3))).as("stopped").isTrue();
            assertThat(app.awaitStop()).as("stopped because it failed").isTrue();
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.ERROR);
            assertThat(deaths.get()).isEqualTo(4);
        }
    }
}
