package io.progressivetrust.runtime;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code what-if}: judges the real input topics of a time range under the policy in force and
 * under a proposed change, in memory, and reports the verdicts that would change. It writes
 * nothing to any topic.
 */
@Command(name = "what-if", mixinStandardHelpOptions = true,
        description = {"Shows which verdicts a policy change would turn, before it ships. Writes nothing to Kafka.", "",
            "Reads the intents, reputation and grants topics (from --from to --to) and judges every intent twice: "
                + "under the settings in force (--config, the environment, and --set of other keys) and under those "
                + "plus the policy settings given with --set (pt.policy.*, pt.window, pt.window.bucket, pt.zone, "
                + "pt.dedupe.retention). Start --from at least pt.policy.history-days before the days you care about, "
                + "so that the history the limits rest on is read too.", ""})
final class WhatIfCommand implements Callable<Integer> {

    /** The settings a policy change is made of; any other --set applies to both sides. */
    private static final List<String> POLICY_KEYS = List.of("pt.policy.", "pt.window", "pt.zone", "pt.dedupe.retention");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Java properties file, as for run.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A policy setting to try (pt.policy.multiplier.5=1.2, pt.window=calendar-day...), or any other "
                    + "setting, which applies to both sides; may be repeated.")
    List<String> sets = List.of();

    @Option(names = "--from", paramLabel = "INSTANT", description = "Read records from this time (default: the beginning).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Read records before this time (default: now).")
    String to;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Accounts to list (default: 10).")
    int top;

    @Option(names = "--html", paramLabel = "FILE", description = "Also writes the report as an HTML page with a chart.")
    Path html;

    @Override
    public Integer call() throws Exception {
        Map<String, String> shared = new LinkedHashMap<>();
        Map<String, String> change = new LinkedHashMap<>();
        RunCommand.overrides(sets).forEach((k, v) -> (isPolicy(k) ? change : shared).put(k, v));
        if (change.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to compare: give the change with --set, e.g. --set pt.policy.multiplier.5=1.2");
        }
        long start = from == null ? 0 : ControlRecords.instant(spec, "--from", from);
        long end = to == null ? System.currentTimeMillis() : ControlRecords.instant(spec, "--to", to);
        if (end <= start) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to must be after --from");
        }
        Settings current = Settings.load(config, System.getenv(), shared);
        current.bootstrapServers();
        Settings changed = current.with(change);
        new TopicGuard(current).requireExisting(current.topics().inputs());

        PolicyComparison comparison = new PolicyComparison(current.policy(), changed.policy());
        long records = replay(current, start, end, comparison);
        WhatIfReport report = new WhatIfReport(change, start, end, records, comparison, top);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.text());
        if (html != null) {
            Files.writeString(html, report.html());
            out.println("Wrote " + html);
        }
        return 0;
    }

    private static boolean isPolicy(String key) {
        return POLICY_KEYS.stream().anyMatch(key::startsWith);
    }

    /** Reads the three inputs from start to end and feeds them in timestamp order, as Kafka Streams would. */
    private static long replay(Settings settings, long start, long end, PolicyComparison comparison) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        Map<String, Integer> order = new HashMap<>();
        List<String> inputs = List.of(settings.topics().reputation(), settings.topics().grants(), settings.topics().intents());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Clients.consumer(settings),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : inputs) {
                order.put(topic, order.size());
                readTopic(consumer, topic, start, end, all);
            }
        }
        // a control record and an intent of the same millisecond: either order gives the same verdicts
        all.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                .thenComparing(r -> order.get(r.topic())).thenComparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        for (ConsumerRecord<byte[], byte[]> r : all) {
            switch (order.get(r.topic())) {
                case 0 -> comparison.score(r.key(), r.value(), r.timestamp());
                case 1 -> comparison.grant(r.key(), r.value(), r.timestamp());
                default -> comparison.intent(r.key(), r.value(), r.timestamp());
            }
        }
        return all.size();
    }

    private static void readTopic(KafkaConsumer<byte[], byte[]> consumer, String topic, long start, long end,
                                  List<ConsumerRecord<byte[], byte[]>> into) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Clients.read(consumer, partitions, start, r -> {
            if (r.timestamp() >= start && r.timestamp() < end) {
                into.add(r);
            }
        });
    }
}
