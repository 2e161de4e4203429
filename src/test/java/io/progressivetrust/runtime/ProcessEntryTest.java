package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real entry point in a process of its own: {@code run --config FILE}, stopped with SIGTERM. */
@Tag("integration")
class ProcessEntryTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void runJudgesFromAConfigFileAndStopsCleanlyOnSigterm() throws Exception {
        Topics t = KafkaCluster.topics("process-");
        Path config = cluster.configFile("process-test", t, "pt.topics.create=true");
        Path log = Files.createTempFile("pt", ".log");
        Process app = KafkaCluster.startMain(log, "run", "--config", config.toString(), "--set", "pt.policy.default-limit=1");
        try {
            cluster.send(t.reputation(), "ACp", "{\"score\":2}", "2026-06-01T00:00:00Z");
            cluster.send(t.intents(), "ACp", EnforcerOnBrokerTest.intent("SM1", "ACp", null), "2026-06-02T00:00:00Z");
            cluster.send(t.intents(), "ACp", EnforcerOnBrokerTest.intent("SM2", "ACp", null), "2026-06-02T00:00:01Z");
            cluster.flush();

            assertThat(cluster.read(t.accepted(), 1, Duration.ofSeconds(90))).hasSize(1);
            assertThat(cluster.read(t.rejected(), 1, Duration.ofSeconds(30))).hasSize(1);
        } finally {
            app.destroy(); // SIGTERM
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("stopped in time").isTrue();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("Closing Kafka Streams", "PENDING_SHUTDOWN -> NOT_RUNNING");
        assertThat(app.exitValue()).as(output).isEqualTo(143); // 128 + SIGTERM, after the clean close
    }
}
