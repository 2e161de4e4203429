package io.progressivetrust.bench;

import io.progressivetrust.local.EmbeddedKafka;
import io.progressivetrust.runtime.EnforcerApp;
import io.progressivetrust.runtime.Settings;
import io.progressivetrust.runtime.TopicGuard;
import io.progressivetrust.topology.EnforcerListener;
import io.progressivetrust.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * How fast the enforcer judges intents on a real broker, as a ratio to a
 * plain Kafka Streams copy of the same topic under the same settings,
 * measured in the same run (these machines are shared and noisy: only the
 * ratio means something). Each application runs until its consumer group has
 * committed the whole input topic.
 *
 * <p>Run with {@code scripts/benchmark.sh [intents] [accounts]}.
 */
public final class ThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int intents = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = Files.createTempDirectory("pt-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            Topics topics = Topics.defaults();
            createTopics(kafka.bootstrapServers(), topics);
            produce(kafka.bootstrapServers(), topics, intents, accounts);
            System.out.printf(Locale.ROOT, "%,d intents for %,d accounts, 1 partition, 1 stream thread, exactly_once_v2%n",
                    intents, accounts);
            double copy = measure("plain copy (baseline)", kafka.bootstrapServers(), "bench-copy", topics.intents(),
                    () -> copyApp(kafka.bootstrapServers(), dir, topics), intents);
            double enforcer = measure("enforcer", kafka.bootstrapServers(), "bench-enforcer", topics.intents(),
                    () -> enforcerApp(kafka.bootstrapServers(), dir), intents);
            System.out.printf(Locale.ROOT, "enforcer / baseline = %.2f%n", enforcer / copy);
        }
    }

    private static double measure(String name, String bootstrap, String appId, String input,
                                  Supplier<KafkaStreams> app, int intents) throws Exception {
        KafkaStreams streams = app.get();
        long start = System.nanoTime();
        streams.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicPartition tp = new TopicPartition(input, 0);
            long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(tp).get().offset();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata at = committed.get(tp);
                if (at != null && at.offset() >= end) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " committed " + at + " of " + end + " in 10 minutes; state "
                            + streams.state());
                }
                Thread.sleep(50);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        streams.close(Duration.ofSeconds(30));
        double rate = intents / seconds;
        System.out.printf(Locale.ROOT, "%-22s %8.1f s  %,10.0f intents/s%n", name, seconds, rate);
        return rate;
    }

    private static KafkaStreams copyApp(String bootstrap, Path dir, Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.intents(), Consumed.with(org.apache.kafka.common.serialization.Serdes.ByteArray(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray()).withName("copy-source"))
                .to("bench-copy-out", Produced.with(org.apache.kafka.common.serialization.Serdes.ByteArray(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray()).withName("copy-sink"));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-copy");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("copy-state").toString());
        return new KafkaStreams(builder.build(), p);
    }

    private static KafkaStreams enforcerApp(String bootstrap, Path dir) {
        Map<String, String> s = new HashMap<>();
        s.put("bootstrap.servers", bootstrap);
        s.put("application.id", "bench-enforcer");
        s.put("state.dir", dir.resolve("enforcer-state").toString());
        s.put("pt.http.port", "0");
        return new EnforcerApp(Settings.of(s), EnforcerListener.NONE).streams();
    }

    private static void createTopics(String bootstrap, Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> all = new java.util.ArrayList<>();
            // the intents carry old timestamps: time-based retention would delete them under the benchmark
            for (String t : topics.all()) {
                all.add(new NewTopic(t, 1, (short) 1).configs(TopicGuard.topicConfig(topics, t)));
            }
            all.add(new NewTopic("bench-copy-out", 1, (short) 1).configs(Map.of("retention.ms", "-1")));
            admin.createTopics(all).all().get();
        }
    }

    /** Every account gets score 3 first; its intents then arrive a few seconds apart over one day. */
    private static void produce(String bootstrap, Topics topics, int intents, int accounts) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", 20);
        p.put("batch.size", 512 * 1024);
        long t0 = java.time.Instant.parse("2026-06-10T00:00:00Z").toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int a = 0; a < accounts; a++) {
                producer.send(new ProducerRecord<>(topics.reputation(), null, t0 - 1, bytes(account(a)), bytes("{\"score\":3}")));
            }
            for (int i = 0; i < intents; i++) {
                String account = account(i % accounts);
                String value = "{\"messageSid\":\"SM" + i + "\",\"accountSid\":\"" + account
                        + "\",\"to\":\"+15555550100\",\"from\":\"+15555550199\",\"body\":\"Your code is 123456\"}";
                producer.send(new ProducerRecord<>(topics.intents(), null, t0 + i * 86_400_000L / intents,
                        bytes(account), bytes(value)));
            }
        }
    }

    private static String account(int n) {
        return String.format(Locale.ROOT, "AC%032d", n);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
