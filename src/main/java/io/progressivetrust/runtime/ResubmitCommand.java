package io.progressivetrust.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code resubmit}: after a grant, publishes an account's rejected intents of a time range again
 * as new intents, so that they are judged under the new limit. Each keeps every field of the
 * original; its {@code messageSid} is the original's with {@value #SUFFIX} appended and the
 * original is kept in {@code resubmittedFrom}. An intent resubmitted once is never sent again.
 */
@Command(name = "resubmit", mixinStandardHelpOptions = true,
        description = {"Publishes an account's rejected intents again as new intents, to be judged under its limit now.", "",
            "Reads the account's rejected verdicts between --from and --to and publishes each intent again with "
                + "messageSid <original>" + ResubmitCommand.SUFFIX + " and resubmittedFrom <original>. Intents already "
                + "resubmitted are skipped, so running it twice sends nothing new.", ""})
final class ResubmitCommand extends AccountCommand {

    static final String SUFFIX = "-resubmitted";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Option(names = "--from", paramLabel = "INSTANT", description = "Rejected at or after this time (default: the beginning).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Rejected before this time (default: now).")
    String to;

    @Option(names = "--dry-run", description = "Lists what would be published, and publishes nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        String sid = sid();
        long start = from == null ? 0 : ControlRecords.instant(spec, "--from", from);
        long end = to == null ? System.currentTimeMillis() : ControlRecords.instant(spec, "--to", to);
        if (end <= start) {
            throw invalid("--to must be after --from");
        }
        Settings settings = options.settings();
        new TopicGuard(settings).requireExisting(List.of(settings.topics().rejected(), settings.topics().intents()));

        Map<String, ObjectNode> rejected = new LinkedHashMap<>();
        read(settings, settings.topics().rejected(), sid, start, verdict -> {
            long at = Instant.parse(verdict.path("evaluatedAt").asText()).toEpochMilli();
            if ("rejected".equals(verdict.path("verdict").asText()) && at >= start && at < end
                    && verdict.get("intent") instanceof ObjectNode intent) {
                rejected.put(verdict.path("messageSid").asText(), intent);
            }
        });
        Set<String> done = new HashSet<>();
        read(settings, settings.topics().intents(), sid, start, intent -> done.add(intent.path("resubmittedFrom").asText()));

        PrintWriter out = spec.commandLine().getOut();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Map.Entry<String, ObjectNode> e : rejected.entrySet()) {
            if (done.contains(e.getKey())) {
                continue;
            }
            ObjectNode intent = e.getValue().deepCopy();
            intent.put("messageSid", e.getKey() + SUFFIX);
            intent.put("resubmittedFrom", e.getKey());
            records.add(new ProducerRecord<>(settings.topics().intents(), null, now, sid.getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(intent)));
            if (dryRun) {
                out.println("would publish " + e.getKey() + SUFFIX + " (rejected as " + e.getKey() + ")");
            }
        }
        if (!dryRun) {
            send(settings, records);
        }
        out.printf("%s %d intent%s of %s rejected between %s and %s; %d had been resubmitted already.%n",
                dryRun ? "Would resubmit" : "Resubmitted", records.size(), records.size() == 1 ? "" : "s", sid,
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), rejected.size() - records.size());
        return 0;
    }

    /**
     * Reads the records of the account from the partition its key goes to (the enforcer writes
     * with Kafka's default partitioner), from {@code start} to the end as it is now.
     */
    private static void read(Settings settings, String topic, String sid, long start, Consumer<JsonNode> each) {
        byte[] key = sid.getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Clients.consumer(settings),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            int partitions = consumer.partitionsFor(topic).size();
            TopicPartition tp = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
            Clients.read(consumer, List.of(tp), start, r -> {
                if (r.key() != null && java.util.Arrays.equals(r.key(), key) && r.value() != null) {
                    parse(r.value(), each);
                }
            });
        }
    }

    private static void parse(byte[] value, Consumer<JsonNode> each) {
        try {
            each.accept(JSON.readTree(value));
        } catch (IOException | RuntimeException e) {
            // not a record this command wrote or reads (a malformed intent): not ours to resubmit
        }
    }

    private static void send(Settings settings, List<ProducerRecord<byte[], byte[]>> records) throws InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Clients.producer(settings),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            records.forEach(r -> sent.add(producer.send(r)));
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new TopicGuard.ClusterException("Kafka did not take a resubmitted intent: " + e.getCause().getMessage());
        }
    }
}
