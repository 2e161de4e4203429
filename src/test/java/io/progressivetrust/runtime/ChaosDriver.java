package io.progressivetrust.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The project's fault driver: a seeded stream of intents (scores and grants changing mid-stream,
 * duplicates, WhatsApp, malformed records) fed at a steady pace to three brokers, application
 * instances as processes of their own, and a fault injected while they work. Then every output
 * is read with read_committed and checked: one verdict per unique intent, byte for byte the one
 * an uninterrupted run gives; no accepted limited SMS beyond its limit; every malformed record in
 * the dead-letter topic exactly once. Prints one line per scenario; exits 1 on any violation.
 *
 * <p>Run with {@code scripts/chaos.sh SCENARIO|all [--standby|--both] [--static] [--set key=value]... [--trace]};
 * scenarios: instance-kill, scale, broker-kill, state-wipe.
 */
public final class ChaosDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INTENTS = 18_000;
    private static final int RATE = 300;   // records a second

    /** With --static, each instance has its own group.instance.id (static membership), kept across restarts. */
    private static boolean staticMembers;
    /** With --trace, a line a second on standard error: intents sent, committed, verdicts seen. */
    private static boolean trace;
    /** Settings given with --set key=value, on top of the application's defaults. */
    private static final List<String> extraSettings = new ArrayList<>();

    private ChaosDriver() { }

    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length == 0 || args[0].equals("all")
                ? List.of("instance-kill", "scale", "broker-kill", "state-wipe") : List.of(args[0]);
        List<Boolean> standbys = List.of(args).contains("--standby") ? List.of(true)
                : List.of(args).contains("--both") ? List.of(false, true) : List.of(false);
        staticMembers = List.of(args).contains("--static");
        trace = List.of(args).contains("--trace");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--set")) {
                extraSettings.add(args[i + 1]);
            }
        }
        int violations = 0;
        for (String scenario : scenarios) {
            for (boolean standby : standbys) {
                violations += run(scenario, standby);
            }
        }
        System.exit(violations == 0 ? 0 : 1);
    }

    private static int run(String scenario, boolean standby) throws Exception {
        try (BrokerProcesses brokers = BrokerProcesses.three(); KafkaCluster cluster = KafkaCluster.at(brokers.bootstrap())) {
            Topics t = KafkaCluster.topics("chaos-");
            Map<String, Integer> partitions = new HashMap<>();
            t.all().forEach(topic -> partitions.put(topic, 6));
            cluster.createTopics(partitions, (short) 3);
            CrashScenario input = new CrashScenario(t, INTENTS, 200, scenario.hashCode());
            String app = "chaos-" + scenario;
            List<String> all = new ArrayList<>(List.of("pt.policy.default-limit=40", "replication.factor=3",
                    "num.standby.replicas=" + (standby ? 1 : 0)));
            all.addAll(extraSettings);
            // the uninterrupted run judges under the same policy, --set ones included
            Map<String, String> policy = new HashMap<>();
            all.stream().map(Settings::assignment).forEach(kv -> policy.put(kv.getKey(), kv.getValue()));
            Map<String, byte[]> expected = input.expectedVerdicts(Settings.of(policy).policy());
            String[] settings = all.toArray(String[]::new);
            Verdicts seen = new Verdicts(cluster.bootstrap(), List.of(t.accepted(), t.rejected()));
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Set<String> malformed = ConcurrentHashMap.newKeySet();
            AtomicInteger fed = new AtomicInteger();
            Thread feeder = new Thread(() -> feed(cluster, input, app, sentAt, malformed, fed), "feeder");
            List<Instance> instances = new ArrayList<>();
            try {
                // the instances the fault needs are up before the first intent, so that it falls on a group in its stride
                int before = scenario.equals("instance-kill") || scenario.equals("state-wipe") ? 2 : 1;
                for (int i = 0; i < before; i++) {
                    instances.add(Instance.start(cluster, app, t, settings));
                }
                awaitReady(instances);
                feeder.start();
                if (trace) {
                    startTrace(cluster, input, app, sentAt, seen);
                }
                long lag = awaitStride(input, cluster, app, fed);
                long faultFrom = System.currentTimeMillis();
                Map<String, Long> steps = new LinkedHashMap<>();
                inject(scenario, brokers, cluster, app, t, settings, instances, input, steps);
                feeder.join();
                awaitCommitted(input, cluster, app, INTENTS);
                seen.close();
                int violations = report(scenario, standby, cluster, t, expected, seen, sentAt, malformed, faultFrom);
                System.out.println("  the fault fell " + (lag <= RATE / 2 ? "with the group keeping up" : "on a backlog")
                        + ": " + lag + " intents sent and not yet committed");
                if (!steps.isEmpty()) {
                    System.out.println("  longest wait by step: " + waitsBySteps(steps, seen, sentAt));
                    System.out.println("  the restarted instance, from its log: " + instances.get(0).startUp());
                }
                return violations;
            } finally {
                for (Instance i : instances) {
                    i.stop();
                }
            }
        }
    }

    private static void inject(String scenario, BrokerProcesses brokers, KafkaCluster cluster, String app, Topics t,
                               String[] settings, List<Instance> instances, CrashScenario input, Map<String, Long> steps)
            throws Exception {
        switch (scenario) {
            case "instance-kill" -> {
                steps.put("kill", System.currentTimeMillis());
                instances.get(0).kill();
                steps.put("restart", System.currentTimeMillis());
                instances.set(0, instances.get(0).restart());
            }
            case "scale" -> {
                instances.add(Instance.start(cluster, app, t, settings));
                instances.add(Instance.start(cluster, app, t, settings));
                awaitCommitted(input, cluster, app, INTENTS / 2);
                instances.remove(2).stop();
                instances.remove(1).stop();
            }
            case "broker-kill" -> {
                brokers.kill(2);
                awaitCommitted(input, cluster, app, INTENTS / 2);
                brokers.start(2);
                brokers.awaitUp(2);
            }
            case "state-wipe" -> {
                steps.put("stop and wipe", System.currentTimeMillis());
                Instance first = instances.get(0);
                first.stop();
                first.wipeState();
                steps.put("restart", System.currentTimeMillis());
                instances.set(0, first.restart());
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario
                    + ": instance-kill, scale, broker-kill or state-wipe");
        }
    }

    private static int report(String scenario, boolean standby, KafkaCluster cluster, Topics t, Map<String, byte[]> expected,
                              Verdicts seen, Map<String, Long> sentAt, Set<String> malformed, long faultFrom)
            throws Exception {
        List<ConsumerRecord<byte[], byte[]>> verdicts = new ArrayList<>(cluster.readAll(t.accepted()));
        verdicts.addAll(cluster.readAll(t.rejected()));
        Map<String, Integer> count = new HashMap<>();
        int violations = 0;
        for (ConsumerRecord<byte[], byte[]> r : verdicts) {
            String sid = CrashScenario.messageSid(r.value());
            count.merge(sid, 1, Integer::sum);
            byte[] want = expected.get(sid);
            if (want == null || !Arrays.equals(want, r.value())) {
                violations++;   // a verdict no uninterrupted run gives
                if (violations <= 5) {
                    System.out.println("  unexpected verdict: " + new String(r.value(), StandardCharsets.UTF_8)
                            + "\n    an uninterrupted run gives: " + (want == null ? "none" : new String(want, StandardCharsets.UTF_8)));
                }
            }
            JsonNode v = JSON.readTree(r.value());
            if (v.get("limited").asBoolean() && v.get("verdict").asText().equals("accepted") && !v.has("shadowRejected")
                    && v.get("countInWindow").asLong() > v.get("dailyLimit").asLong()) {
                violations++;   // an accepted SMS beyond its limit
            }
        }
        for (String sid : expected.keySet()) {
            violations += Math.abs(count.getOrDefault(sid, 0) - 1);   // none, or more than one
        }
        Map<String, Integer> dead = new HashMap<>();
        cluster.readAll(t.deadLetters()).forEach(r -> dead.merge(KafkaCluster.text(r.value()), 1, Integer::sum));
        for (String bad : malformed) {
            violations += Math.abs(dead.getOrDefault(bad, 0) - 1);
        }
        double longestWait = 0;
        for (Map.Entry<String, Long> e : seen.arrivals.entrySet()) {
            Long sent = sentAt.get(e.getKey());
            if (sent != null && sent >= faultFrom) {
                longestWait = Math.max(longestWait, (e.getValue() - sent) / 1000.0);
            }
        }
        System.out.printf(Locale.ROOT, "%-14s standby=%d%s: intents %d, verdicts %d, dead letters %d, violations %d, "
                + "longest pause %.1f s, longest wait for a verdict from the fault on %.1f s%n", scenario, standby ? 1 : 0,
                (staticMembers ? " static" : "") + extraSettings.stream().map(s -> " " + s).collect(Collectors.joining()), expected.size(), verdicts.size(),
                dead.values().stream().mapToInt(Integer::intValue).sum(), violations, longestPause(seen, sentAt, faultFrom), longestWait);
        return violations;
    }

    /**
     * The longest time, from the fault on, that an account with an intent waiting got no verdict:
     * for each verdict after the fault, the time since the latest of its intent's sending, the
     * account's verdict before it and the fault. A backlog that drains steadily is not a pause; a
     * stalled partition is.
     */
    private static double longestPause(Verdicts seen, Map<String, Long> sentAt, long faultFrom) {
        Map<String, List<long[]>> byAccount = new HashMap<>();   // account -> {sent, arrived}
        seen.arrivals.forEach((sid, arrived) -> {
            Long sent = sentAt.get(sid);
            if (sent != null) {
                byAccount.computeIfAbsent(seen.accounts.get(sid), a -> new ArrayList<>()).add(new long[] {sent, arrived});
            }
        });
        long longest = 0;
        long longestFrom = 0;
        for (List<long[]> verdicts : byAccount.values()) {
            verdicts.sort(Comparator.comparingLong((long[] v) -> v[1]));
            long previous = Long.MIN_VALUE;
            for (long[] v : verdicts) {
                long waitingSince = Math.max(faultFrom, Math.max(v[0], previous));
                if (v[1] > faultFrom && v[1] - waitingSince > longest) {
                    longest = v[1] - waitingSince;
                    longestFrom = waitingSince;
                }
                previous = v[1];
            }
        }
        System.out.println("  longest pause from " + Instant.ofEpochMilli(longestFrom) + " to "
                + Instant.ofEpochMilli(longestFrom + longest));
        return longest / 1000.0;
    }

    /** For each step of the fault, the longest wait for a verdict among the intents sent from it to the next. */
    private static String waitsBySteps(Map<String, Long> steps, Verdicts seen, Map<String, Long> sentAt) {
        List<Map.Entry<String, Long>> list = new ArrayList<>(steps.entrySet());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            long from = list.get(i).getValue();
            long to = i + 1 < list.size() ? list.get(i + 1).getValue() : Long.MAX_VALUE;
            double longest = 0;
            for (Map.Entry<String, Long> e : seen.arrivals.entrySet()) {
                Long sent = sentAt.get(e.getKey());
                if (sent != null && sent >= from && sent < to) {
                    longest = Math.max(longest, (e.getValue() - sent) / 1000.0);
                }
            }
            text.append(i == 0 ? "" : ", ").append(list.get(i).getKey()).append(String.format(Locale.ROOT, " %.1f s", longest));
        }
        return text.toString();
    }

    /**
     * The input in the order it was generated, the intents at a steady pace with a malformed one
     * every 250; notes when the brokers had each intent. Scores and grants are read exactly where
     * the uninterrupted run reads them: the first ones before any intent is sent, and one that
     * falls mid-stream only once every intent before it is committed, the next intent only once
     * it is. Kafka Streams reads a task's inputs in timestamp order only among the records it has
     * fetched, so a control sent alongside intents can be read before or after them; by the rules
     * that rightly changes verdicts, and the check could not tell it from a fault's doing.
     */
    private static void feed(KafkaCluster cluster, CrashScenario input, String app, Map<String, Long> sentAt,
                             Set<String> malformed, AtomicInteger fed) {
        try {
            Map<String, Integer> controls = new HashMap<>();
            List<String> unacknowledged = new ArrayList<>();
            long start = 0;
            int sent = 0;
            for (CrashScenario.Input in : input.inputs) {
                if (!in.topic().equals(input.topics.intents())) {
                    int count = controls.merge(in.topic(), 1, Integer::sum);
                    if (sent > 0) {
                        // every intent before it judged, then it, then nothing until it is read
                        long waitFrom = System.nanoTime();
                        acknowledge(cluster, unacknowledged, sentAt);
                        awaitCommittedOn(cluster, app, input.topics.intents(), fed.get());
                        cluster.send(in.topic(), in.key(), in.value(), in.ts());
                        cluster.flush();
                        awaitCommittedOn(cluster, app, in.topic(), count);
                        start += System.nanoTime() - waitFrom;   // the pace goes on from where it stopped
                    } else {
                        cluster.send(in.topic(), in.key(), in.value(), in.ts());
                    }
                    continue;
                }
                if (sent == 0) {   // every first score read before the first intent
                    cluster.flush();
                    for (Map.Entry<String, Integer> c : controls.entrySet()) {
                        awaitCommittedOn(cluster, app, c.getKey(), c.getValue());
                    }
                    start = System.nanoTime();
                }
                cluster.send(in.topic(), in.key(), in.value(), in.ts());
                unacknowledged.add(CrashScenario.messageSid(in.value().getBytes(StandardCharsets.UTF_8)));
                fed.incrementAndGet();
                if (++sent % 250 == 0) {
                    String bad = "{\"messageSid\":\"SMbad" + sent + "\"";   // not JSON: cut short
                    malformed.add(bad);
                    cluster.send(input.topics.intents(), in.key(), bad, in.ts());
                    fed.incrementAndGet();
                }
                if (sent % 50 == 0) {
                    acknowledge(cluster, unacknowledged, sentAt);
                    long due = start + TimeUnit.SECONDS.toNanos(sent) / RATE;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            }
            acknowledge(cluster, unacknowledged, sentAt);
        } catch (Exception e) {
            throw new IllegalStateException("the feed stopped", e);
        }
    }

    /**
     * Flushes the feed and notes the time as the intents' sending time: an intent counts as sent
     * once the brokers have it, so that a stall of the feeder's own producer (a broker killed) is
     * not taken for the application's.
     */
    private static void acknowledge(KafkaCluster cluster, List<String> unacknowledged, Map<String, Long> sentAt) {
        cluster.flush();
        long now = System.currentTimeMillis();
        unacknowledged.forEach(sid -> sentAt.putIfAbsent(sid, now));
        unacknowledged.clear();
    }

    private static void awaitCommitted(CrashScenario input, KafkaCluster cluster, String app, long intents) throws Exception {
        awaitCommittedOn(cluster, app, input.topics.intents(), intents);
    }

    private static void awaitCommittedOn(KafkaCluster cluster, String app, String topic, long records) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (cluster.committedOffsets(app, topic) < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app + " did not commit " + records + " records of " + topic + " within 5 minutes");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until a tenth of the intents are committed and the group keeps up with the feed (less
     * than half a second of it not yet committed), so that the fault falls on a group in its stride
     * rather than on the backlog of its start. If it has not caught up by the time 60 % of the feed
     * is sent, the fault falls anyway (the report says so). Returns the intents not yet committed.
     */
    private static long awaitStride(CrashScenario input, KafkaCluster cluster, String app,
                                    AtomicInteger fed) throws Exception {
        awaitCommitted(input, cluster, app, INTENTS / 10);
        while (true) {
            int sent = fed.get();
            long lag = sent - input.committedOffsets(cluster, app);
            if (lag <= RATE / 2 || sent >= INTENTS * 6 / 10) {
                return lag;
            }
            Thread.sleep(100);
        }
    }

    private static void startTrace(KafkaCluster cluster, CrashScenario input, String app, Map<String, Long> sentAt,
                                   Verdicts seen) {
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    System.err.printf(Locale.ROOT, "%tT sent %d, committed %d, verdicts %d%n", System.currentTimeMillis(),
                            sentAt.size(), input.committedOffsets(cluster, app), seen.arrivals.size());
                    Thread.sleep(1_000);
                }
            } catch (Exception stopped) {
                // the cluster closed under it: the scenario is over
            }
        }, "trace");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until every instance reports ready (its Kafka Streams client RUNNING) at once. */
    private static void awaitReady(List<Instance> instances) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!instances.stream().allMatch(Instance::ready)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the instances were not all ready within 3 minutes; see their logs in /tmp/pt-crash*.log");
            }
            Thread.sleep(200);
        }
    }

    /** One application instance: a process with its own config, state folder and log. */
    private record Instance(Process process, Path config, Path state, int port, Path log) {

        private static int started;
        private static final Pattern STATE = Pattern.compile("-> (REBALANCING|RUNNING) \\(([0-9.]+) s after the process started\\)");

        static Instance start(KafkaCluster cluster, String app, Topics t, String[] settings) throws Exception {
            List<String> all = new ArrayList<>(List.of(settings));
            if (staticMembers) {
                all.add("group.instance.id=" + app + "-" + started++);
            }
            int port = KafkaCluster.freePort();
            all.add("pt.http.port=" + port);
            Path config = cluster.configFile(app, t, all.toArray(String[]::new));
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(config)) {
                p.load(in);
            }
            return launch(config, Path.of(p.getProperty("state.dir")), port);
        }

        private static Instance launch(Path config, Path state, int port) throws Exception {
            Path log = Files.createTempFile("pt-crash", ".log");
            return new Instance(CrashRecoveryTest.start(config, log), config, state, port, log);
        }

        Instance restart() throws Exception {
            return launch(config, state, port);
        }

        /** How long after its process started it first joined and first ran, as its log says. */
        String startUp() throws Exception {
            Map<String, String> first = new LinkedHashMap<>();
            Matcher m = STATE.matcher(Files.readString(log));
            while (m.find()) {
                first.putIfAbsent(m.group(1), m.group(2) + " s");
            }
            return first.isEmpty() ? "no state change yet (" + log + ")"
                    : first.entrySet().stream().map(e -> e.getKey() + " after " + e.getValue()).collect(Collectors.joining(", "))
                    + " (" + log + ")";
        }

        boolean ready() {
            if (!process.isAlive()) {
                throw new IllegalStateException("an instance stopped before it was ready; see its log, " + log);
            }
            try {
                return Http.get(port, "/health/ready").statusCode() == 200;
            } catch (Exception notListeningYet) {
                return false;
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        void wipeState() throws Exception {
            try (Stream<Path> paths = Files.walk(state)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Notes when each verdict first became visible to a read_committed consumer. */
    private static final class Verdicts implements AutoCloseable {
        final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        final Map<String, String> accounts = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Verdicts(String bootstrap, List<String> topics) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("isolation.level", "read_committed");
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(topic -> consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            String sid = CrashScenario.messageSid(r.value());
                            arrivals.putIfAbsent(sid, System.currentTimeMillis());
                            accounts.putIfAbsent(sid, new String(r.key(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }, "verdicts");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            Thread.sleep(2_000);   // the last transaction's verdicts
            running.set(false);
            thread.join();
        }
    }
}
