package io.progressivetrust.runtime;

import static org.awaitility.Awaitility.await;

import io.progressivetrust.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The application, in a process of its own under exactly-once, killed with
 * SIGKILL twice while it works: every intent still gets exactly one verdict,
 * and each verdict is byte for byte the one a single uninterrupted run gives
 * (computed with Kafka Streams' test driver from the same input). A lost,
 * duplicated or altered verdict cannot hide. Slow: run with {@code -Pslow}.
 */
@Tag("slow")
class CrashRecoveryTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();
    private static final int INTENTS = 60_000;
    private static final int ACCOUNTS = 40;

    @Test
    void killedTwiceItStillGivesEachVerdictOnceAndTheSameBytes() throws Exception {
        Topics t = KafkaCluster.topics("crash-");
        cluster.createTopics(t, 3, 3);
        CrashScenario scenario = new CrashScenario(t, INTENTS, ACCOUNTS, 7);
        Map<String, byte[]> expected = scenario.expectedVerdicts(Settings.of(Map.of("pt.policy.default-limit", "300")).policy());

        Path config = cluster.configFile("crash-test", t, "pt.policy.default-limit=300");

        for (CrashScenario.Input in : scenario.inputs) {
            cluster.send(in.topic(), in.key(), in.value(), in.ts());
        }
        cluster.flush();

        try (Instances instances = new Instances()) {
            for (int kill = 1; kill <= 2; kill++) {
                Process app = instances.start(config);
                int reached = kill * INTENTS / 4;
                await().atMost(Duration.ofMinutes(3)).until(() -> scenario.committedOffsets(cluster, "crash-test") >= reached);
                app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no clean close
            }
            instances.start(config);
            await().atMost(Duration.ofMinutes(5)).until(() -> scenario.committedOffsets(cluster, "crash-test") >= INTENTS);
            scenario.assertVerdicts(cluster, expected);
        }
    }

    static Process start(Path config) throws Exception {
        return start(config, Files.createTempFile("pt-crash", ".log"));
    }

    static Process start(Path config, Path log) throws Exception {
        return KafkaCluster.startMain(log, "run", "--config", config.toString());
    }
}
