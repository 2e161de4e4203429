package io.progressivetrust.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.progressivetrust.runtime.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What judging an intent costs, as a ratio to a Kafka Streams application that only copies it,
 * both measured in the same run on the same broker (these machines are shared and noisy: only
 * ratios mean something). The broker and each application run in JVMs of their own. Rounds
 * alternate copy and enforcer, each application starting fresh on the whole input and timed from
 * its group's first commit until it has committed every intent. Then, in rounds alternated the same
 * way, each is started fresh and offered half the enforcer's median rate for a while (once it has
 * read every account's score, and after a warm-up that leaves out the backlog a fresh process builds
 * in its first seconds), and the time from an intent's timestamp to its output being visible to a
 * read_committed consumer is measured. The medians over the rounds are reported, as for the rates,
 * and the warm-up's latencies apart: what a fresh process costs.
 *
 * <p>Run with {@code scripts/benchmark.sh [--quick] [--intents N] [--accounts N] [--partitions N]
 * [--guarantee exactly_once_v2|at_least_once] [--commit-ms N (both applications; at least once needs it, since
 * the runs are timed by commits and Kafka's default there is 30 s)] [--threads N] [--rounds N] [--latency-seconds N] [--warmup-seconds N (before latency is measured; default 20)]
 * [--latency-rate N (intents/s offered while latency is measured; default half the enforcer's median rate)]
 * [--days N] [--profile] [--heap SIZE (-Xmx of both applications)] [--jvm OPTION (both applications)]... [--set KEY=VALUE]...
 * [--broker-dir DIR (the broker's log on another filesystem, for example tmpfs)]}. Writes {@code target/benchmark/result.json}.
 */
public final class Benchmark {

    private final Options options;
    private final Path dir;
    private final List<String> jvm = List.of("-Dlog4j2.configurationFile=log4j2-bench.xml");
    private String bootstrap;
    private Process broker;
    private Admin admin;

    static Path resultFile() {
        return Path.of("target", "benchmark", "result.json");
    }

    private Benchmark(Options options) throws IOException {
        this.options = options;
        this.dir = Path.of("target", "benchmark").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        deleteTree(brokerDir());
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> result = new Benchmark(Options.parse(args)).run();
        System.out.println("Wrote " + resultFile());
        if (result.isEmpty()) {
            System.exit(1);
        }
    }

    /** Runs the whole benchmark and returns (and writes) its report. */
    public static Map<String, Object> run(String... args) throws Exception {
        return new Benchmark(Options.parse(args)).run();
    }

    private Map<String, Object> run() throws Exception {
        broker = startBroker();
        try (Admin a = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin = a;
            createTopics("", options.partitions);
            long produced = produceInput();
            List<Run> copies = new ArrayList<>();
            List<Run> enforcers = new ArrayList<>();
            for (int round = 1; round <= options.rounds; round++) {
                copies.add(throughput("copy", round, produced));
                enforcers.add(throughput("enforcer", round, produced));
            }
            double offered = options.latencyRate > 0 ? options.latencyRate : median(enforcers, r -> r.rate) / 2;
            List<LatencyRun> copyLatency = new ArrayList<>();
            List<LatencyRun> enforcerLatency = new ArrayList<>();
            for (int round = 1; round <= options.rounds; round++) {
                copyLatency.add(latency("copy", round, offered));
                enforcerLatency.add(latency("enforcer", round, offered));
            }
            Map<String, Object> report = report(copies, enforcers, offered, copyLatency, enforcerLatency);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("result.json").toFile(), report);
            return report;
        } finally {
            broker.getOutputStream().close();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
            if (options.brokerDir != null) {
                deleteTree(brokerDir());   // outside target/, and on tmpfs it holds memory
            }
        }
    }

    /** Where the broker keeps its log: under target/ unless {@code --broker-dir} puts it on a disk of its own. */
    private Path brokerDir() {
        return options.brokerDir == null ? dir.resolve("broker") : options.brokerDir.resolve("progressive-trust-benchmark-broker");
    }

    private Process startBroker() throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java"));
        command.addAll(jvm);
        if (options.profile) {
            command.addAll(recording("broker"));   // a commit waits on the broker's handling as much as on its own work
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(),
                brokerDir().toString()));
        Process broker = new ProcessBuilder(command).redirectError(dir.resolve("broker.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                bootstrap = line.substring(6).trim();
                return broker;
            }
        }
        throw new IllegalStateException("the broker did not start; see " + dir.resolve("broker.log"));
    }

    /** The seven topics of one enforcer under {@code prefix}, and the copy's output. */
    private void createTopics(String prefix, int partitions) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of("sms-send-intents", "sms-accepted", "sms-rejected-63038", "trust-notifications",
                "sms-send-intents-dlq", "copy-out")) {
            topics.add(new NewTopic(prefix + t, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
        }
        if (prefix.isEmpty()) {
            for (String t : List.of("trust-reputation", "trust-limit-grants")) {
                topics.add(new NewTopic(t, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact",
                        "min.compaction.lag.ms", String.valueOf(Long.MAX_VALUE))));
            }
        }
        admin.createTopics(topics).all().get();
        awaitLeaders(topics.stream().map(NewTopic::name).toList());
    }

    /** A producer that writes to a partition before its leader is known may get stuck retrying. */
    private void awaitLeaders(List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            if (haveLeaders(topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " have no leaders after a minute");
            }
            Thread.sleep(100);
        }
    }

    private boolean haveLeaders(List<String> topics) throws Exception {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;   // created, but the broker's metadata does not show it yet
            }
            throw e;
        }
    }

    private KafkaProducer<byte[], byte[]> producer(int lingerMs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", lingerMs);
        p.put("batch.size", 256 * 1024);
        p.put("acks", "all");
        // a freshly created partition may answer its first writes with NOT_LEADER_OR_FOLLOWER, after which an
        // idempotent producer can be left retrying OUT_OF_ORDER_SEQUENCE_NUMBER for good; one request in flight
        // keeps the order without it
        p.put("enable.idempotence", "false");
        p.put("max.in.flight.requests.per.connection", "1");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every account's score an hour before the first intent, then the intents spread over the days. */
    private long produceInput() {
        long start = System.nanoTime();
        Workload workload = new Workload(options.accounts, 42);
        long t0 = Instant.parse("2026-06-10T00:00:00Z").toEpochMilli();
        long span = options.days * 86_400_000L;
        try (KafkaProducer<byte[], byte[]> producer = producer(20)) {
            for (int a = 0; a < options.accounts; a++) {
                producer.send(new ProducerRecord<>("trust-reputation", null, t0 - 3_600_000,
                        Workload.utf8(Workload.account(a)), Workload.scoreRecord(a)));
            }
            for (long i = 0; i < options.intents; i++) {
                int account = workload.nextAccount();
                producer.send(new ProducerRecord<>("sms-send-intents", null, t0 + i * span / options.intents,
                        Workload.utf8(Workload.account(account)), workload.intent(account, "")));
            }
        }
        System.out.printf(Locale.ROOT, "Produced %,d intents for %,d accounts over %d days in %.1f s%n",
                options.intents, options.accounts, options.days, (System.nanoTime() - start) / 1e9);
        return options.intents;
    }

    /** JFR options for one process; waits of a millisecond and more too: a commit's time is mostly waiting. */
    private List<String> recording(String name) {
        return List.of("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr")
                + ",settings=profile,jdk.ThreadPark#threshold=1ms", "-XX:FlightRecorderOptions=stackdepth=256");
    }

    private AppProcess startApp(String kind, String appId, String prefix, String reputationPrefix) throws IOException {
        Path state = dir.resolve("state").resolve(appId);
        Path log = dir.resolve("logs").resolve(appId + ".log");
        List<String> jvmOptions = new ArrayList<>(jvm);
        jvmOptions.addAll(options.jvmOptions);
        if (options.heap != null) {
            jvmOptions.add("-Xmx" + options.heap);   // both applications alike, as a deployment would set it
        }
        if (options.profile) {
            jvmOptions.addAll(recording(appId));
        }
        if (kind.equals("copy")) {
            List<String> args = new ArrayList<>(List.of(bootstrap, appId, prefix + "sms-send-intents", prefix + "copy-out",
                    state.toString(), options.guarantee, String.valueOf(options.threads)));
            if (options.commitMs > 0) {
                args.add(String.valueOf(options.commitMs));
            }
            return AppProcess.start(log, jvmOptions, CopyApp.class.getName(), args.toArray(String[]::new));
        }
        List<String> lines = new ArrayList<>(List.of("bootstrap.servers=" + bootstrap, "application.id=" + appId,
                "state.dir=" + state, "processing.guarantee=" + options.guarantee,
                "num.stream.threads=" + options.threads, "pt.http.port=0"));
        for (String t : List.of("intents=sms-send-intents", "accepted=sms-accepted", "rejected=sms-rejected-63038",
                "notifications=trust-notifications", "dlq=sms-send-intents-dlq")) {
            String[] kv = t.split("=");
            lines.add("pt.topic." + kv[0] + "=" + prefix + kv[1]);
        }
        lines.add("pt.topic.reputation=" + reputationPrefix + "trust-reputation");
        lines.add("pt.topic.grants=" + reputationPrefix + "trust-limit-grants");
        if (options.commitMs > 0) {
            lines.add("commit.interval.ms=" + options.commitMs);
        }
        lines.addAll(options.sets);
        Path config = dir.resolve(appId + ".properties");
        Files.write(config, lines);
        return AppProcess.start(log, jvmOptions, Main.class.getName(), "run", "--config", config.toString());
    }

    private Run throughput(String kind, int round, long intents) throws Exception {
        String appId = "bench-" + kind + "-" + round;
        Map<TopicPartition, Long> end = endOffsets("sms-send-intents");
        try (AppProcess app = startApp(kind, appId, "", "")) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            long firstAt = 0;
            long firstCommitted = 0;
            double firstCpu = 0;
            double firstBrokerCpu = 0;
            Map<String, Double> firstByThread = Map.of();
            while (true) {
                app.checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(appId + " did not finish within 30 minutes; see " + app.log);
                }
                long committed = committed(appId, end);
                long now = System.nanoTime();
                if (committed > 0 && firstAt == 0) {
                    firstAt = now;
                    firstCommitted = committed;
                    firstCpu = app.cpuSeconds();
                    firstBrokerCpu = AppProcess.cpuSeconds(broker);
                    firstByThread = app.cpuSecondsByThread();
                }
                if (committed >= intents) {
                    if (committed == firstCommitted) {
                        throw new IllegalStateException(appId + " committed its whole input in its first commit, so its rate"
                                + " cannot be timed: commit more often (--commit-ms) or give it more intents (--intents)");
                    }
                    double seconds = (now - firstAt) / 1e9;
                    double cpu = app.cpuSeconds() - firstCpu;
                    long judged = intents - firstCommitted;
                    Run run = new Run(kind, round, judged / seconds, cpu * 1e6 / judged, app.peakRssMiB(), seconds);
                    run.cpuByThread = perMillion(since(firstByThread, app.cpuSecondsByThread()), judged);
                    run.brokerCpuPerMillion = (AppProcess.cpuSeconds(broker) - firstBrokerCpu) * 1e6 / judged;
                    System.out.println(run);
                    System.out.println("  CPU s per million intents by thread: " + run.cpuByThread);
                    app.close();
                    run.stateBytes = stateBytes(dir.resolve("state").resolve(appId));
                    return run;
                }
                Thread.sleep(20);
            }
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < options.partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Each thread kind's CPU seconds between two readings (threads started in between count from zero). */
    private static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new HashMap<>();
        after.forEach((name, cpu) -> used.put(name, Math.max(0, cpu - before.getOrDefault(name, 0.0))));
        return used;
    }

    /** Per million intents, largest first, leaving out the kinds under half a second per million. */
    private static Map<String, Double> perMillion(Map<String, Double> cpu, long intents) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        cpu.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), Math.round(e.getValue() * 1e7 / intents) / 10.0))
                .filter(e -> e.getValue() >= 0.5)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Intents of the input the group has committed. */
    private long committed(String appId, Map<TopicPartition, Long> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId)
                .partitionsToOffsetAndMetadata().get();
        long sum = 0;
        for (TopicPartition tp : partitions.keySet()) {
            OffsetAndMetadata at = offsets.get(tp);
            sum += at == null ? 0 : at.offset();
        }
        return sum;
    }

    /** Bytes in RocksDB's table files per store name, summed over the tasks. */
    private static Map<String, Long> stateBytes(Path state) throws IOException {
        Map<String, Long> bytes = new HashMap<>();
        if (!Files.exists(state)) {
            return bytes;
        }
        try (Stream<Path> files = Files.walk(state)) {
            files.filter(f -> f.toString().endsWith(".sst")).forEach(f -> {
                String store = f.getParent().getFileName().toString();
                try {
                    bytes.merge(store, Files.size(f), Long::sum);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return bytes;
    }

    private LatencyRun latency(String kind, int round, double rate) throws Exception {
        String prefix = "lat-" + kind + "-" + round + "-";
        createTopics(prefix, options.partitions);
        String appId = "bench-latency-" + kind + "-" + round;
        List<String> outputs = kind.equals("copy") ? List.of(prefix + "copy-out")
                : List.of(prefix + "sms-accepted", prefix + "sms-rejected-63038");
        try (AppProcess app = startApp(kind, appId, prefix, "");
             LatencyProbe probe = new LatencyProbe(bootstrap, outputs)) {
            if (kind.equals("enforcer")) {
                awaitCaughtUp(appId, "trust-reputation", app);
            }
            Workload workload = new Workload(options.accounts, 7);
            try (KafkaProducer<byte[], byte[]> producer = producer(5)) {
                // traffic until the application answers, then a warm-up at the same rate, neither counted
                long ready = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!probe.seenAny() && System.nanoTime() < ready) {
                    offer(producer, workload, prefix + "sms-send-intents", rate, 1, app);
                }
                probe.warmUpFrom(System.currentTimeMillis());
                long measureFrom = offer(producer, workload, prefix + "sms-send-intents", rate, options.warmupSeconds, app);
                probe.countFrom(measureFrom);
                long sent = (long) (rate * options.latencySeconds);
                double appCpu = app.cpuSeconds();
                double brokerCpu = AppProcess.cpuSeconds(broker);
                offer(producer, workload, prefix + "sms-send-intents", rate, options.latencySeconds, app);
                producer.flush();
                Latency latency = probe.await(sent, TimeUnit.MINUTES.toMillis(2))
                        .withCpu((app.cpuSeconds() - appCpu) * 1e6 / sent, (AppProcess.cpuSeconds(broker) - brokerCpu) * 1e6 / sent);
                LatencyRun run = new LatencyRun(round, probe.warmUp(), latency);
                System.out.printf(Locale.ROOT, "round %d %-9s at %,.0f intents/s: %s; slowest seconds: %s; warming up: p99 %d / max %d%n",
                        round, kind, rate, latency, probe.slowestSeconds(5), run.warmUp.p99(), run.warmUp.max());
                return run;
            }
        }
    }

    /**
     * Waits until the application has read the whole topic: the enforcer first reads every account's
     * score, and latency is measured in the steady state that follows, not while it catches up.
     */
    private void awaitCaughtUp(String appId, String topic, AppProcess app) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(topic);
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (committed(appId, end) < total) {
            app.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(appId + " did not read " + topic + " within 5 minutes; see " + app.log);
            }
            Thread.sleep(50);
        }
    }

    /** Sends at {@code rate} per second for {@code seconds}; returns the wall time when it stopped. */
    private long offer(KafkaProducer<byte[], byte[]> producer, Workload workload, String topic, double rate,
                       int seconds, AppProcess app) throws InterruptedException {
        long start = System.nanoTime();
        long total = (long) (rate * seconds);
        for (long sent = 0; sent < total; ) {
            app.checkAlive();
            long due = Math.min(total, (long) (rate * (System.nanoTime() - start) / 1e9));
            for (; sent < due; sent++) {
                int account = workload.nextAccount();
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                        Workload.utf8(Workload.account(account)), workload.intent(account, "L")));
            }
            Thread.sleep(1);
        }
        return System.currentTimeMillis();
    }

    private Map<String, Object> report(List<Run> copies, List<Run> enforcers, double offered, List<LatencyRun> copyRuns,
                                       List<LatencyRun> enforcerRuns) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workload", options.describe());
        report.put("copy", summary(copies));
        report.put("enforcer", summary(enforcers));
        double ratio = median(enforcers, r -> r.rate) / median(copies, r -> r.rate);
        double cpuRatio = median(enforcers, r -> r.cpuPerMillion) / median(copies, r -> r.cpuPerMillion);
        report.put("throughputRatio", ratio);
        report.put("cpuRatio", cpuRatio);
        Latency copyLatency = LatencyRun.median(copyRuns);
        Latency enforcerLatency = LatencyRun.median(enforcerRuns);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("offeredPerSecond", offered);
        latency.put("copy", LatencyRun.summary(copyLatency, copyRuns));
        latency.put("enforcer", LatencyRun.summary(enforcerLatency, enforcerRuns));
        latency.put("p99Ratio", enforcerLatency.p99 / (double) Math.max(1, copyLatency.p99));
        List<Double> byRound = new ArrayList<>();
        for (int i = 0; i < copyRuns.size(); i++) {
            byRound.add(enforcerRuns.get(i).measured.p99 / (double) Math.max(1, copyRuns.get(i).measured.p99));
        }
        latency.put("p99RatioByRound", byRound);
        report.put("latency", latency);
        Map<String, Long> state = enforcers.get(enforcers.size() - 1).stateBytes;
        report.put("stateBytesOnDisk", state);
        report.put("accountStateBytesPerAccount", state.getOrDefault("account-state", 0L) / (double) options.accounts);
        report.put("seenMessagesBytesPerIntent", state.getOrDefault("seen-messages", 0L) / (double) options.intents);

        System.out.println();
        System.out.println(options.describe());
        System.out.println("| application | intents/s median (min-max) | ratio to copy | CPU s per million | peak RSS MiB |");
        System.out.println("|---|---|---|---|---|");
        row("copy", copies, 1.0);
        row("enforcer", enforcers, ratio);
        System.out.printf(Locale.ROOT, "CPU per intent, enforcer / copy: %.2f (the broker's: %.1f and %.1f CPU s per million)%n",
                cpuRatio, median(copies, r -> r.brokerCpuPerMillion), median(enforcers, r -> r.brokerCpuPerMillion));
        System.out.printf(Locale.ROOT, "Latency at %,.0f intents/s (ms), medians of %d rounds: copy %s; enforcer %s; p99 ratio %.2f"
                + " (by round: %s)%n", offered, copyRuns.size(), copyLatency, enforcerLatency, latency.get("p99Ratio"),
                byRound.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
        System.out.printf(Locale.ROOT, "State on disk: account-state %.1f bytes per account, seen-messages %.1f bytes per intent%n",
                report.get("accountStateBytesPerAccount"), report.get("seenMessagesBytesPerIntent"));
        return report;
    }

    private static void row(String name, List<Run> runs, double ratio) {
        System.out.printf(Locale.ROOT, "| %s | %,.0f (%,.0f-%,.0f) | %.2f | %.1f | %.0f |%n", name, median(runs, r -> r.rate),
                min(runs, r -> r.rate), max(runs, r -> r.rate), ratio, median(runs, r -> r.cpuPerMillion),
                median(runs, r -> r.peakRss));
    }

    private static Map<String, Object> summary(List<Run> runs) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("intentsPerSecondMedian", median(runs, r -> r.rate));
        s.put("intentsPerSecondMin", min(runs, r -> r.rate));
        s.put("intentsPerSecondMax", max(runs, r -> r.rate));
        s.put("cpuSecondsPerMillion", median(runs, r -> r.cpuPerMillion));
        s.put("brokerCpuSecondsPerMillion", median(runs, r -> r.brokerCpuPerMillion));
        s.put("peakRssMiB", median(runs, r -> r.peakRss));
        s.put("rounds", runs.stream().map(Run::asMap).toList());
        return s;
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return median(runs.stream().mapToDouble(f));
    }

    /** Of an even number of values, the mean of the middle two. */
    static double median(java.util.stream.DoubleStream values) {
        double[] v = values.sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One application's pass over the whole input. */
    static final class Run {
        final String kind;
        final int round;
        final double rate;
        final double cpuPerMillion;
        final double peakRss;
        final double seconds;
        Map<String, Long> stateBytes = Map.of();
        Map<String, Double> cpuByThread = Map.of();
        /** The broker's CPU over the same span: what the application's writes and transactions cost it. */
        double brokerCpuPerMillion;

        Run(String kind, int round, double rate, double cpuPerMillion, double peakRss, double seconds) {
            this.kind = kind;
            this.round = round;
            this.rate = rate;
            this.cpuPerMillion = cpuPerMillion;
            this.peakRss = peakRss;
            this.seconds = seconds;
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", round);
            m.put("intentsPerSecond", rate);
            m.put("cpuSecondsPerMillion", cpuPerMillion);
            m.put("peakRssMiB", peakRss);
            m.put("seconds", seconds);
            m.put("cpuSecondsPerMillionByThread", cpuByThread);
            m.put("brokerCpuSecondsPerMillion", brokerCpuPerMillion);
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "round %d %-9s %,9.0f intents/s in %5.1f s, %5.1f CPU s per million (broker %.1f), peak RSS %4.0f MiB",
                    round, kind, rate, seconds, cpuPerMillion, brokerCpuPerMillion, peakRss);
        }
    }

    /**
     * Verdict latency percentiles, in milliseconds, and the CPU the application and the broker used
     * per million intents while the load was offered (so that a setting that buys latency with work
     * shows what it costs).
     */
    record Latency(long count, long p50, long p99, long max, double cpuPerMillion, double brokerCpuPerMillion) {
        Map<String, Object> asMap() {
            return Map.of("count", count, "p50Ms", p50, "p99Ms", p99, "maxMs", max,
                    "cpuSecondsPerMillion", cpuPerMillion, "brokerCpuSecondsPerMillion", brokerCpuPerMillion);
        }

        Latency withCpu(double app, double broker) {
            return new Latency(count, p50, p99, max, app, broker);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %d / p99 %d / max %d (%,d intents; CPU s per million %.1f, broker %.1f)",
                    p50, p99, max, count, cpuPerMillion, brokerCpuPerMillion);
        }

        static Latency of(long[] millis) {
            long[] v = millis.clone();
            Arrays.sort(v);
            if (v.length == 0) {
                return new Latency(0, 0, 0, 0, Double.NaN, Double.NaN);
            }
            return new Latency(v.length, v[(int) (v.length * 0.50)], v[Math.min(v.length - 1, (int) (v.length * 0.99))],
                    v[v.length - 1], Double.NaN, Double.NaN);
        }
    }

    /** One latency phase of a fresh application: its warm-up and the span measured after it. */
    record LatencyRun(int round, Latency warmUp, Latency measured) {

        /** Each figure's median over the rounds. */
        static Latency median(List<LatencyRun> runs) {
            return new Latency(Math.round(medianOf(runs, l -> l.count)), Math.round(medianOf(runs, l -> l.p50)),
                    Math.round(medianOf(runs, l -> l.p99)), Math.round(medianOf(runs, l -> l.max)),
                    medianOf(runs, l -> l.cpuPerMillion), medianOf(runs, l -> l.brokerCpuPerMillion));
        }

        static Map<String, Object> summary(Latency median, List<LatencyRun> runs) {
            Map<String, Object> m = new LinkedHashMap<>(median.asMap());
            m.put("rounds", runs.stream().map(r -> Map.of("round", r.round, "measured", r.measured.asMap(),
                    "warmUp", r.warmUp.asMap())).toList());
            return m;
        }

        private static double medianOf(List<LatencyRun> runs, java.util.function.ToDoubleFunction<Latency> f) {
            return Benchmark.median(runs.stream().map(LatencyRun::measured).mapToDouble(f));
        }
    }

    /** The benchmark's knobs; {@code --quick} is a run of a few seconds that only proves it works. */
    static final class Options {
        long intents = 1_000_000;
        int accounts = 100_000;
        int partitions = 6;
        String guarantee = "exactly_once_v2";
        int threads = 1;
        int rounds = 3;
        int days = 2;
        int latencySeconds = 20;
        /** Past a fresh process's start-up backlog; its JIT compilers still work for a while after (docs/performance.md). */
        int warmupSeconds = 20;
        double latencyRate;
        /** Both applications' commit interval; 0 leaves each Kafka Streams' default (30 s at least once). */
        long commitMs;
        boolean profile;
        String heap;
        Path brokerDir;
        List<String> sets = new ArrayList<>();
        List<String> jvmOptions = new ArrayList<>();

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> {
                        o.intents = 20_000;
                        o.accounts = 2_000;
                        o.partitions = 2;
                        o.rounds = 1;
                        o.latencySeconds = 2;
                        o.warmupSeconds = 1;
                    }
                    case "--profile" -> o.profile = true;
                    case "--intents" -> o.intents = Long.parseLong(args[++i]);
                    case "--accounts" -> o.accounts = Integer.parseInt(args[++i]);
                    case "--partitions" -> o.partitions = Integer.parseInt(args[++i]);
                    case "--guarantee" -> o.guarantee = args[++i];
                    case "--commit-ms" -> o.commitMs = Long.parseLong(args[++i]);
                    case "--threads" -> o.threads = Integer.parseInt(args[++i]);
                    case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
                    case "--days" -> o.days = Integer.parseInt(args[++i]);
                    case "--latency-seconds" -> o.latencySeconds = Integer.parseInt(args[++i]);
                    case "--latency-rate" -> o.latencyRate = Double.parseDouble(args[++i]);
                    case "--warmup-seconds" -> o.warmupSeconds = Integer.parseInt(args[++i]);
                    case "--set" -> o.sets.add(args[++i]);
                    case "--heap" -> o.heap = args[++i];
                    case "--jvm" -> o.jvmOptions.add(args[++i]);
                    case "--broker-dir" -> o.brokerDir = Path.of(args[++i]).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + a + "; see the class comment");
                }
            }
            if (o.rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1");
            }
            if ("at_least_once".equals(o.guarantee) && o.commitMs == 0) {
                throw new IllegalArgumentException("--guarantee at_least_once needs --commit-ms (for example 100): runs are timed"
                        + " by commits, and under at-least-once Kafka Streams commits every 30 s by default, so a run would"
                        + " judge its whole input before its first commit");
            }
            return o;
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d intents, %,d accounts (Zipf), %d days, %d partitions, %s, %d stream thread(s), %d rounds%s%s",
                    intents, accounts, days, partitions, guarantee, threads, rounds, heap == null ? "" : ", -Xmx" + heap,
                    sets.isEmpty() ? "" : ", " + sets) + (jvmOptions.isEmpty() ? "" : ", JVM " + jvmOptions)
                    + (commitMs > 0 ? ", a commit every " + commitMs + " ms" : "")
                    + (brokerDir == null ? "" : ", the broker's log in " + brokerDir);
        }
    }
}
