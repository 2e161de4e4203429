package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.topology.EnforcerListener;
import io.progressivetrust.topology.EnforcerTopology;
import io.progressivetrust.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The application, in a process of its own under exactly-once, killed with
 * SIGKILL twice while it works: every intent still gets exactly one verdict,
 * and each verdict is byte for byte the one a single uninterrupted run gives
 * (computed with {@link TopologyTestDriver} from the same input). A lost,
 * duplicated or altered verdict cannot hide. Slow: run with {@code -Pslow}.
 */
@Tag("slow")
class CrashRecoveryTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();
    private static final int INTENTS = 60_000;
    private static final int ACCOUNTS = 40;

    record Input(String topic, String key, String value, long ts) { }

    @Test
    void killedTwiceItStillGivesEachVerdictOnceAndTheSameBytes() throws Exception {
        Topics t = KafkaCluster.topics("crash-");
        cluster.createTopics(t, 3, 3);
        List<Input> inputs = scenario(t);
        Map<String, byte[]> expected = expectedVerdicts(t, inputs);

        Path config = cluster.configFile("crash-test", t, "pt.policy.default-limit=300");

        for (Input in : inputs) {
            cluster.send(in.topic(), in.key(), in.value(), in.ts());
        }
        cluster.flush();

        for (int kill = 1; kill <= 2; kill++) {
            Process app = start(config);
            int reached = kill * INTENTS / 4;
            await().atMost(Duration.ofMinutes(3)).until(() -> committedOffsets(t) >= reached);
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no clean close
        }
        Process last = start(config);
        try {
            await().atMost(Duration.ofMinutes(5)).until(() -> committedOffsets(t) >= INTENTS);
            List<ConsumerRecord<byte[], byte[]>> verdicts = new ArrayList<>(cluster.readAll(t.accepted()));
            verdicts.addAll(cluster.readAll(t.rejected()));

            Map<String, byte[]> actual = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : verdicts) {
                String sid = messageSid(r.value());
                assertThat(actual.put(sid, r.value())).as("a second verdict for %s", sid).isNull();
            }
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertThat(new String(actual.get(e.getKey()), StandardCharsets.UTF_8))
                        .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
            }
        } finally {
            last.destroy();
            last.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Scores and grants that change during the day, and intents with duplicates, in time order. */
    private static List<Input> scenario(Topics t) {
        Random random = new Random(7);
        List<Input> inputs = new ArrayList<>();
        long start = Instant.parse("2026-07-01T00:00:00Z").toEpochMilli();
        for (int a = 0; a < ACCOUNTS; a++) {
            inputs.add(new Input(t.reputation(), "ACcrash" + a, "{\"score\":" + (1 + a % 5) + "}", start - 1));
        }
        Input previous = null;
        for (int i = 0; i < INTENTS; i++) {
            long ts = start + i * 2_000L;                     // even milliseconds for intents
            String account = "ACcrash" + random.nextInt(ACCOUNTS);
            if (i % 5_000 == 2_500) {                         // odd ones for control records: no ties
                inputs.add(new Input(t.reputation(), account, "{\"score\":" + (2 + random.nextInt(4)) + "}", ts - 1));
                inputs.add(new Input(t.grants(), account, "{\"extraDailyMessages\":" + random.nextInt(200) + "}", ts - 1));
            }
            Input intent = previous != null && random.nextInt(50) == 0
                    ? new Input(t.intents(), previous.key(), previous.value(), ts)   // the same intent sent again
                    : new Input(t.intents(), account, EnforcerOnBrokerTest.intent("SM" + i, account,
                            random.nextInt(10) == 0 ? "whatsapp" : null), ts);
            inputs.add(intent);
            previous = intent;
        }
        return inputs;
    }

    /** The verdict of each message SID from one uninterrupted run of the same topology. */
    private static Map<String, byte[]> expectedVerdicts(Topics t, List<Input> inputs) throws Exception {
        Properties props = new Properties();
        props.put("application.id", "crash-expected");
        props.put("bootstrap.servers", "unused:9092");
        props.put("state.dir", Files.createTempDirectory("pt-crash-driver").toString());
        Policy policy = Settings.of(Map.of("pt.policy.default-limit", "300")).policy();
        Map<String, byte[]> expected = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EnforcerTopology.build(new Enforcer(policy), t, EnforcerListener.NONE), props)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            Map<String, TestInputTopic<byte[], byte[]>> topics = new HashMap<>();
            for (Input in : inputs) {
                topics.computeIfAbsent(in.topic(), name -> driver.createInputTopic(name, ser, ser))
                        .pipeInput(in.key().getBytes(StandardCharsets.UTF_8), in.value().getBytes(StandardCharsets.UTF_8), in.ts());
            }
            for (String out : List.of(t.accepted(), t.rejected())) {
                TestOutputTopic<byte[], byte[]> topic = driver.createOutputTopic(out, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                topic.readValuesToList().forEach(v -> expected.put(messageSid(v), v));
            }
        }
        return expected;
    }

    private static long committedOffsets(Topics t) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
            return admin.listConsumerGroupOffsets("crash-test").partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(t.intents())).mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static Process start(Path config) throws Exception {
        return KafkaCluster.startMain(Files.createTempFile("pt-crash", ".log"), "run", "--config", config.toString());
    }

    private static String messageSid(byte[] verdict) {
        String json = new String(verdict, StandardCharsets.UTF_8);
        int at = json.indexOf("\"messageSid\":\"") + 14;
        return json.substring(at, json.indexOf('"', at));
    }
}
