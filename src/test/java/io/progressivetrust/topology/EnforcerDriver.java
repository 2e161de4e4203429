package io.progressivetrust.topology;

import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The whole topology under {@link TopologyTestDriver}, fed and read through its topics. */
final class EnforcerDriver implements AutoCloseable {

    static final Topics TOPICS = Topics.defaults();

    final TopologyTestDriver driver;
    private final java.nio.file.Path stateDir;
    private final TestInputTopic<byte[], byte[]> intents;
    private final TestInputTopic<byte[], byte[]> reputation;
    private final TestInputTopic<byte[], byte[]> grants;
    final TestOutputTopic<byte[], byte[]> accepted;
    final TestOutputTopic<byte[], byte[]> rejected;
    final TestOutputTopic<byte[], byte[]> notifications;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    EnforcerDriver(Policy policy) {
        this(policy, EnforcerTopology.DEFAULT_CACHE_MEMORY);
    }

    /** With {@code cacheMemory} bytes for decoded accounts: a few hundred make every other intent a reload. */
    EnforcerDriver(Policy policy, long cacheMemory) {
        this(policy, cacheMemory, new Properties());
    }

    /** With Kafka Streams settings of the test's own on top of the driver's. */
    EnforcerDriver(Policy policy, long cacheMemory, Properties settings) {
        Properties props = new Properties();
        props.putAll(settings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enforcer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        try {
            stateDir = Files.createTempDirectory("pt-driver");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                EnforcerTopology.build(new Enforcer(policy), TOPICS, EnforcerListener.NONE, props, cacheMemory), props);
        ByteArraySerializer out = new ByteArraySerializer();
        ByteArrayDeserializer in = new ByteArrayDeserializer();
        intents = driver.createInputTopic(TOPICS.intents(), out, out);
        reputation = driver.createInputTopic(TOPICS.reputation(), out, out);
        grants = driver.createInputTopic(TOPICS.grants(), out, out);
        accepted = driver.createOutputTopic(TOPICS.accepted(), in, in);
        rejected = driver.createOutputTopic(TOPICS.rejected(), in, in);
        notifications = driver.createOutputTopic(TOPICS.notifications(), in, in);
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), in, in);
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    void score(String account, Integer score, String iso) {
        reputation.pipeInput(utf8(account), score == null ? null : utf8("{\"score\":" + score + "}"), Instant.parse(iso));
    }

    void grant(String account, String json, String iso) {
        grants.pipeInput(utf8(account), utf8(json), Instant.parse(iso));
    }

    void intent(String key, String json, String iso) {
        intents.pipeInput(utf8(key), utf8(json), Instant.parse(iso));
    }

    void intent(String key, String json, long ts) {
        intents.pipeInput(utf8(key), utf8(json), ts);
    }

    void sms(String account, String messageSid, String iso) {
        intent(account, "{\"messageSid\":\"" + messageSid + "\",\"accountSid\":\"" + account + "\",\"to\":\"+15550001\"}", iso);
    }

    void raw(String topic, byte[] key, byte[] value, String iso) {
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(key, value, Instant.parse(iso));
    }

    static List<TestRecord<byte[], byte[]>> drain(TestOutputTopic<byte[], byte[]> topic) {
        return topic.readRecordsToList();
    }

    /** Closes the driver and deletes its state folder. */
    @Override
    public void close() {
        driver.close();
        try (java.util.stream.Stream<java.nio.file.Path> paths = Files.walk(stateDir)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
