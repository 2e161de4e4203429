package io.progressivetrust.runtime;

import io.progressivetrust.policy.Notice;
import io.progressivetrust.policy.Verdict;
import io.progressivetrust.topology.EnforcerListener;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Prometheus metrics: the application's own counters (verdicts by outcome
 * and score, dead letters, duplicates, notices) and the Kafka Streams metrics
 * an operator watches (process rate, commit latency, end-to-end latency,
 * restores, RocksDB block cache).
 */
public final class Metrics {

    /** Kafka Streams metric groups worth exporting; the rest is noise at 3 a.m. */
    private static final Set<String> STREAMS_GROUPS = Set.of("stream-metrics", "stream-thread-metrics",
            "stream-task-metrics", "stream-processor-node-metrics", "stream-state-metrics");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    // no counter carries exemplars: there is no tracing to take them from, and sampling them would
    // still schedule a task on the client's own thread every 90 ms for each busy data point
    private final Counter verdicts = Counter.builder().name("pt_verdicts")
            .help("Verdicts given, by outcome (accepted, rejected, shadow_rejected) and score")
            .labelNames("outcome", "score").withoutExemplars().register(registry);
    private final Counter deadLetters = Counter.builder().name("pt_dead_letters")
            .help("Input records sent to the dead-letter topic, by source topic")
            .labelNames("topic").withoutExemplars().register(registry);
    private final Counter duplicates = Counter.builder().name("pt_duplicates")
            .help("Intents whose messageSid had been judged already").withoutExemplars().register(registry);
    private final Counter notices = Counter.builder().name("pt_notices")
            .help("Notices sent to account owners, by type").labelNames("type").withoutExemplars().register(registry);

    private static final String[] OUTCOMES = {"accepted", "rejected", "shadow_rejected"};
    private static final String[] SCORES = {"none", "1", "2", "3", "4", "5"};

    public EnforcerListener listener() {
        // the label values are few and known: look each data point up once, not once per verdict
        CounterDataPoint[][] byOutcomeAndScore = new CounterDataPoint[OUTCOMES.length][SCORES.length];
        for (int o = 0; o < OUTCOMES.length; o++) {
            for (int s = 0; s < SCORES.length; s++) {
                byOutcomeAndScore[o][s] = verdicts.labelValues(OUTCOMES[o], SCORES[s]);
            }
        }
        return new EnforcerListener() {
            @Override
            public void verdict(Verdict v) {
                int outcome = v.shadowRejected() ? 2 : v.accepted() ? 0 : 1;
                byOutcomeAndScore[outcome][v.score() == null ? 0 : v.score()].inc();
            }

            @Override
            public void duplicate(String account) {
                duplicates.inc();
            }

            @Override
            public void deadLetter(String topic, String reason) {
                deadLetters.labelValues(topic).inc();
            }

            @Override
            public void notice(Notice notice) {
                notices.labelValues(notice.type().text()).inc();
            }
        };
    }

    /** Exports the instance's Kafka Streams metrics along with the application's. */
    public void bind(KafkaStreams streams) {
        registry.register((MultiCollector) () -> streamsMetrics(streams));
    }

    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private static MetricSnapshots streamsMetrics(KafkaStreams streams) {
        Map<String, GaugeSnapshot.Builder> families = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (!STREAMS_GROUPS.contains(name.group()) || !(e.getValue().metricValue() instanceof Number value)) {
                continue;
            }
            double v = value.doubleValue();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            String family = sanitize("kafka_" + name.group().replace("-metrics", "") + "_" + name.name());
            families.computeIfAbsent(family, f -> GaugeSnapshot.builder().name(f).help(name.description()))
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(v).labels(labels(name.tags())).build());
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.values().forEach(b -> snapshots.add(b.build()));
        return new MetricSnapshots(snapshots);
    }

    private static Labels labels(Map<String, String> tags) {
        Labels.Builder labels = Labels.builder();
        new TreeMap<>(tags).forEach((k, v) -> labels.label(sanitize(k), v));
        return labels.build();
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }
}
