package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressivetrust.policy.Verdict;
import io.progressivetrust.topology.EnforcerListener;
import io.progressivetrust.topology.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A stream thread that dies mid-work is replaced, and exactly-once still gives each intent one verdict. */
@Tag("integration")
class ThreadReplacementTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void aDeadStreamThreadIsReplacedAndNoVerdictIsLostOrRepeated() throws Exception {
        Topics t = KafkaCluster.topics("replace-");
        cluster.createTopics(t, 1, 1);
        AtomicInteger verdicts = new AtomicInteger();
        EnforcerListener failsOnce = new EnforcerListener() {
            @Override
            public void verdict(Verdict verdict) {
                if (verdicts.incrementAndGet() == 50) {
                    throw new IllegalStateException("a failure the stream thread does not survive");
                }
            }
        };
        // the dead thread's consumer does not leave the group: a short session lets the new one take over sooner
        Map<String, String> quickGroup = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");
        try (EnforcerApp app = new EnforcerApp(cluster.settings("replace", t, quickGroup), failsOnce)) {
            app.start();
            for (int i = 0; i < 200; i++) {
                cluster.send(t.intents(), "ACr", EnforcerOnBrokerTest.intent("SM" + i, "ACr", null),
                        "2026-06-10T10:00:00Z");
            }
            cluster.flush();

            List<ConsumerRecord<byte[], byte[]>> accepted = cluster.read(t.accepted(), 200, Duration.ofSeconds(90));
            Set<String> sids = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : accepted) {
                assertThat(sids.add(Http.json(KafkaCluster.text(r.value())).get("messageSid").asText())).isTrue();
            }
            assertThat(sids).hasSize(200);
            assertThat(verdicts.get()).as("the failed batch was judged again").isGreaterThan(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
            assertThat(app.streams().metadataForLocalThreads()).hasSize(1);
        }
    }
}
