package io.progressivetrust.runtime;

import static org.awaitility.Awaitility.await;

import io.progressivetrust.local.EmbeddedKafka;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A real KRaft broker for a test class, with plain clients to feed and read it. */
final class KafkaCluster implements AutoCloseable {

    private static KafkaCluster shared;

    private final EmbeddedKafka kafka;
    private final String bootstrap;
    private final Map<String, String> client;
    private final KafkaProducer<byte[], byte[]> producer;
    private Admin offsetsAdmin;   // made on first use by committedOffsets

    KafkaCluster() throws Exception {
        this(EmbeddedKafka.start(Files.createTempDirectory("pt-kafka").resolve("kafka"), 0));
    }

    private KafkaCluster(EmbeddedKafka kafka) {
        this(kafka, kafka.bootstrapServers(), Map.of());
    }

    private KafkaCluster(EmbeddedKafka kafka, String bootstrap, Map<String, String> client) {
        this.kafka = kafka;
        this.bootstrap = bootstrap;
        this.client = client;
        Properties p = clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Clients for brokers that run elsewhere (processes of their own). */
    static KafkaCluster at(String bootstrap) {
        return at(bootstrap, Map.of());
    }

    /** As {@link #at(String)}, with client settings such as a secured cluster's credentials. */
    static KafkaCluster at(String bootstrap, Map<String, String> client) {
        return new KafkaCluster(null, bootstrap, client);
    }

    Admin admin() {
        return Admin.create(clientProperties());
    }

    /**
     * The offsets {@code group} has committed on {@code topic}, summed over its partitions. One
     * admin client serves every call: tests poll this several times a second.
     */
    synchronized long committedOffsets(String group, String topic) throws Exception {
        if (offsetsAdmin == null) {
            offsetsAdmin = admin();
        }
        return offsetsAdmin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /** One broker for all the integration tests of a run: they keep apart by topic names and application ids. */
    static synchronized KafkaCluster shared() {
        if (shared == null) {
            try {
                shared = new KafkaCluster();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test broker", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Topics named with {@code prefix}, so that tests sharing the broker never meet. */
    static Topics topics(String prefix) {
        Topics d = Topics.defaults();
        return new Topics(prefix + d.intents(), prefix + d.reputation(), prefix + d.grants(), prefix + d.accepted(),
                prefix + d.rejected(), prefix + d.notifications(), prefix + d.deadLetters());
    }

    static Map<String, String> topicSettings(Topics t) {
        return Settings.topicSettings(t);
    }

    /** Settings of an application on this broker, with its own state folder and a free HTTP port. */
    Settings settings(String applicationId, Topics topics, Map<String, String> more) throws Exception {
        Map<String, String> s = new HashMap<>(topicSettings(topics));
        s.put("bootstrap.servers", bootstrap());
        s.put("application.id", applicationId);
        s.put("state.dir", Files.createTempDirectory("pt-state").toString());
        s.put("pt.http.port", String.valueOf(freePort()));
        s.putAll(more);
        return Settings.of(s);
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** All seven topics: the inputs with {@code inputs} partitions, the outputs with {@code outputs}. */
    void createTopics(Topics t, int inputs, int outputs) throws Exception {
        Map<String, Integer> partitions = new HashMap<>();
        t.all().forEach(topic -> partitions.put(topic, t.inputs().contains(topic) ? inputs : outputs));
        createTopics(partitions);
    }

    void createTopics(Map<String, Integer> partitions) throws Exception {
        createTopics(partitions, (short) 1);
    }

    void createTopics(Map<String, Integer> partitions, short replication) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            // explicit: the tests' records carry old timestamps
            partitions.forEach((name, n) -> topics.add(new NewTopic(name, n, replication).configs(Map.of("retention.ms", "-1"))));
            admin.createTopics(topics).all().get();
            // a broker may answer a moment after creation without the new topics: wait for their leaders
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    admin.describeTopics(partitions.keySet()).allTopicNames().get().values().stream()
                            .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null));
        }
    }

    void send(String topic, String key, String value, String iso) {
        send(topic, key, value, Instant.parse(iso).toEpochMilli());
    }

    void send(String topic, String key, String value, long ts) {
        producer.send(new ProducerRecord<>(topic, null, ts, bytes(key), bytes(value)));
    }

    /** Sends to a chosen partition, as a client with another partitioner than Java's would. */
    void sendTo(String topic, int partition, String key, String value, String iso) {
        producer.send(new ProducerRecord<>(topic, partition, Instant.parse(iso).toEpochMilli(), bytes(key), bytes(value)));
    }

    void flush() {
        producer.flush();
    }

    /** Reads a topic from the beginning with read_committed until it holds {@code count} records. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        return readFromStart(topic, timeout, (consumer, records) -> records.size() >= count);
    }

    /** Reads a whole topic with read_committed: up to its last stable offsets as they are now. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<TopicPartition, Long> end = new HashMap<>();
        return readFromStart(topic, Duration.ofMinutes(2), (consumer, records) -> {
            if (end.isEmpty()) {
                end.putAll(consumer.endOffsets(consumer.assignment()));
            }
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
    }

    private List<ConsumerRecord<byte[], byte[]>> readFromStart(String topic, Duration timeout,
            java.util.function.BiPredicate<KafkaConsumer<byte[], byte[]>, List<ConsumerRecord<byte[], byte[]>>> done) {
        Properties p = clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return done.test(consumer, records);
            });
        }
        return records;
    }

    /** Runs {@code Main} with these arguments in a JVM of its own, its output going to {@code log}. */
    static Process startMain(Path log, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                // the application's own logging, as a user gets it, not the tests'
                "-Dlog4j2.configurationFile=" + Main.class.getResource("/log4j2.xml"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A properties file for {@code run} against this broker with these topics and settings. */
    Path configFile(String applicationId, Topics topics, String... more) throws java.io.IOException {
        List<String> lines = new ArrayList<>(List.of("bootstrap.servers=" + bootstrap(), "application.id=" + applicationId,
                "state.dir=" + Files.createTempDirectory("pt-state"), "pt.http.port=0"));
        topicSettings(topics).forEach((k, v) -> lines.add(k + "=" + v));
        lines.addAll(List.of(more));
        Path config = Files.createTempFile("pt", ".properties");
        Files.write(config, lines);
        return config;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        producer.close();
        if (offsetsAdmin != null) {
            offsetsAdmin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
