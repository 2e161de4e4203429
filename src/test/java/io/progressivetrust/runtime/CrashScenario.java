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

/**
 * Input for the crash tests (scores and grants that change during the day, intents with
 * duplicates, in time order) and the verdicts one uninterrupted run of the same topology gives
 * for it, computed with {@link TopologyTestDriver}.
 */
final class CrashScenario {

    record Input(String topic, String key, String value, long ts) { }

    final Topics topics;
    final List<Input> inputs;
    final int intents;

    CrashScenario(Topics t, int intents, int accounts, long seed) {
        this.topics = t;
        this.intents = intents;
        Random random = new Random(seed);
        inputs = new ArrayList<>();
        long start = Instant.parse("2026-07-01T00:00:00Z").toEpochMilli();
        for (int a = 0; a < accounts; a++) {
            inputs.add(new Input(t.reputation(), "ACcrash" + a, "{\"score\":" + (1 + a % 5) + "}", start - 1));
        }
        Input previous = null;
        for (int i = 0; i < intents; i++) {
            long ts = start + i * 2_000L;                     // even milliseconds for intents
            String account = "ACcrash" + random.nextInt(accounts);
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
    }

    /** The verdict of each message SID from one uninterrupted run under {@code policy}. */
    Map<String, byte[]> expectedVerdicts(Policy policy) throws Exception {
        Properties props = new Properties();
        props.put("application.id", "crash-expected");
        props.put("bootstrap.servers", "unused:9092");
        props.put("state.dir", Files.createTempDirectory("pt-crash-driver").toString());
        Map<String, byte[]> expected = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EnforcerTopology.build(new Enforcer(policy), topics, EnforcerListener.NONE), props)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            Map<String, TestInputTopic<byte[], byte[]>> in = new HashMap<>();
            for (Input i : inputs) {
                in.computeIfAbsent(i.topic(), name -> driver.createInputTopic(name, ser, ser))
                        .pipeInput(i.key().getBytes(StandardCharsets.UTF_8), i.value().getBytes(StandardCharsets.UTF_8), i.ts());
            }
            for (String out : List.of(topics.accepted(), topics.rejected())) {
                TestOutputTopic<byte[], byte[]> topic = driver.createOutputTopic(out, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                topic.readValuesToList().forEach(v -> expected.put(messageSid(v), v));
            }
        }
        return expected;
    }

    /** Every verdict on the cluster's output topics is the expected one, and there is one per intent. */
    void assertVerdicts(KafkaCluster cluster, Map<String, byte[]> expected) {
        List<ConsumerRecord<byte[], byte[]>> verdicts = new ArrayList<>(cluster.readAll(topics.accepted()));
        verdicts.addAll(cluster.readAll(topics.rejected()));
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
    }

    /**
     * Sends the input: the scores and grants first, then the intents at a steady pace, so that
     * faults fall while the application works. A score or grant is read before the intents it is
     * older than, as in a replay: sent in between at the same pace, one could reach the application
     * after them (late, and so applied from then on), and the verdicts would rightly differ from
     * the uninterrupted run's. Never more than {@code maxAhead} intents ahead of what the
     * application's group has committed: however slowly an instance starts on a busy machine, it
     * cannot have judged all of the input before a fault meant to fall while it works.
     */
    void feed(KafkaCluster cluster, int recordsPerSecond, String applicationId, long maxAhead) {
        controls().forEach(in -> cluster.send(in.topic(), in.key(), in.value(), in.ts()));
        cluster.flush();
        long start = System.nanoTime();
        int sent = 0;
        for (Input in : intentsOnly()) {
            cluster.send(in.topic(), in.key(), in.value(), in.ts());
            if (++sent % 100 == 0) {
                cluster.flush();
                long due = start + TimeUnit.SECONDS.toNanos(sent) / recordsPerSecond;
                long sentSoFar = sent;
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                        System.nanoTime() >= due && sentSoFar - committedOffsets(cluster, applicationId) <= maxAhead);
            }
        }
        cluster.flush();
    }

    List<Input> controls() {
        return inputs.stream().filter(in -> !in.topic().equals(topics.intents())).toList();
    }

    List<Input> intentsOnly() {
        return inputs.stream().filter(in -> in.topic().equals(topics.intents())).toList();
    }

    /** Intents of the input that the application's group has committed. */
    long committedOffsets(KafkaCluster cluster, String applicationId) throws Exception {
        return cluster.committedOffsets(applicationId, topics.intents());
    }

    static String messageSid(byte[] verdict) {
        String json = new String(verdict, StandardCharsets.UTF_8);
        int at = json.indexOf("\"messageSid\":\"") + 14;
        return json.substring(at, json.indexOf('"', at));
    }
}
