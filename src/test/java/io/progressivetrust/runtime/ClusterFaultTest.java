package io.progressivetrust.runtime;

import static org.awaitility.Awaitility.await;

import io.progressivetrust.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A short fault scenario on three brokers (replication 3, min.insync.replicas=2): while the
 * application works through a few thousand intents, its process is SIGKILLed and started again,
 * then a broker is SIGKILLed and started again. Every intent still has exactly one verdict, byte
 * for byte the one an uninterrupted run gives.
 */
class ClusterFaultTest {

    private static final int INTENTS = 4_000;
    private static final String APP = "cluster-fault";

    @Test
    void anInstanceAndABrokerKilledMidStreamLoseAndRepeatNothing() throws Exception {
        try (BrokerProcesses brokers = BrokerProcesses.three(); KafkaCluster cluster = KafkaCluster.at(brokers.bootstrap())) {
            Topics t = KafkaCluster.topics("fault-");
            Map<String, Integer> partitions = new HashMap<>();
            t.all().forEach(topic -> partitions.put(topic, 3));
            cluster.createTopics(partitions, (short) 3);
            CrashScenario scenario = new CrashScenario(t, INTENTS, 60, 21);
            Map<String, byte[]> expected = scenario.expectedVerdicts(Settings.of(Map.of("pt.policy.default-limit", "40")).policy());
            Path config = cluster.configFile(APP, t, "pt.policy.default-limit=40", "replication.factor=3",
                    "max.poll.records=50");
            // held to two seconds' work ahead of the application, so that input is left for each fault
            CompletableFuture<Void> feeder = CompletableFuture.runAsync(
                    () -> scenario.feed(cluster, 250, APP, 500));

            try (Instances instances = new Instances()) {
                Process app = instances.start(config);
                await().atMost(Duration.ofMinutes(2)).until(() -> scenario.committedOffsets(cluster, APP) >= INTENTS / 4);
                app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                instances.start(config);
                await().atMost(Duration.ofMinutes(2)).until(() -> scenario.committedOffsets(cluster, APP) >= INTENTS / 2);
                brokers.kill(2);
                long before = scenario.committedOffsets(cluster, APP);
                await().atMost(Duration.ofMinutes(2)).until(() -> scenario.committedOffsets(cluster, APP) > before + 200);
                brokers.start(2);
                brokers.awaitUp(2);
                feeder.get(5, TimeUnit.MINUTES);
                await().atMost(Duration.ofMinutes(3)).until(() -> scenario.committedOffsets(cluster, APP) >= INTENTS);
                scenario.assertVerdicts(cluster, expected);
            }
        }
    }
}
