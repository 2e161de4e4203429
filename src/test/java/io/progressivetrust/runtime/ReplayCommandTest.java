package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code replay} as an operator runs it after an incident: refused while an instance is alive,
 * a dry run that changes nothing, then a reset after which the application gives every verdict
 * again, byte for byte.
 */
class ReplayCommandTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aReplayGivesTheSameVerdictsAgainAndIsRefusedWhileAnInstanceRuns() throws Exception {
        Topics t = KafkaCluster.topics("replay-");
        cluster.createTopics(t, 2, 2);
        Settings settings = cluster.settings("replay", t, Map.of("pt.policy.default-limit", "2"));
        Path config = Files.createTempFile("pt-replay", ".properties");
        List<String> lines = new java.util.ArrayList<>();
        settings.streams().forEach((k, v) -> lines.add(k + "=" + v));
        KafkaCluster.topicSettings(t).forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(config, lines);
        cluster.send(t.reputation(), "ACr", "{\"score\":3}", "2026-05-01T00:00:00Z");
        for (int i = 0; i < 4; i++) {
            cluster.send(t.intents(), "ACr", EnforcerOnBrokerTest.intent("SMr" + i, "ACr", null), "2026-05-02T10:0" + i + ":00Z");
        }
        cluster.flush();

        List<ConsumerRecord<byte[], byte[]>> first;
        try (EnforcerService service = new EnforcerService(settings).start()) {
            first = verdicts(t, 4);
            FailFastTest.Outcome refused = FailFastTest.run("replay", "--config", config.toString());
            assertThat(refused.code()).isEqualTo(Main.BAD_CLUSTER);
            assertThat(refused.err()).contains("still has 1 live member", "Stop every instance first");
        }

        FailFastTest.Outcome dry = FailFastTest.run("replay", "--config", config.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Would reset", "--to-earliest", "Dry run: nothing was changed");
        Path state = Path.of(settings.streams().getProperty("state.dir"), "replay");
        assertThat(state).exists();

        FailFastTest.Outcome replay = FailFastTest.run("replay", "--config", config.toString());
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
        assertThat(state).doesNotExist();

        try (EnforcerService service = new EnforcerService(settings).start()) {
            List<ConsumerRecord<byte[], byte[]>> both = verdicts(t, 8);
            List<String> again = both.stream().skip(0).map(r -> KafkaCluster.text(r.value())).toList();
            List<String> before = first.stream().map(r -> KafkaCluster.text(r.value())).toList();
            assertThat(again).hasSize(8);
            for (String verdict : before) {
                assertThat(again).as("the replay gives %s again", verdict).filteredOn(verdict::equals).hasSize(2);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> verdicts(Topics t, int count) {
        List<ConsumerRecord<byte[], byte[]>> all = new java.util.ArrayList<>(cluster.read(t.accepted(), count / 2, WAIT));
        all.addAll(cluster.read(t.rejected(), count / 2, WAIT));
        return all;
    }
}
