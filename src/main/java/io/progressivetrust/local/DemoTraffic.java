package io.progressivetrust.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.topology.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Demo traffic that shows every rule: accounts of each score with 60 days of
 * history, a new account on the default limit, a subaccount beside its
 * parent, a grant, a score change, non-SMS, an unenrolled account,
 * duplicates and malformed records. It publishes in phases and waits for the
 * verdicts of each, so that scores and grants meet the intents in the order
 * their timestamps say, then prints a table per account.
 */
public final class DemoTraffic {

    /** One row of the final table: today's outcome for one account. */
    public record Row(String account, String role, Integer score, Long limit, long accepted, long rejected) { }

    /** What the demo published today and what came back. */
    public record Result(List<Row> rows, long intentsToday, long duplicates, long malformed, long deadLetters) {
        public long accepted() {
            return rows.stream().mapToLong(Row::accepted).sum();
        }

        public long rejected() {
            return rows.stream().mapToLong(Row::rejected).sum();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(5);

    private final String bootstrap;
    private final Topics topics;
    private final PrintWriter out;
    private final Random random = new Random(42);
    private final String run = Long.toHexString(System.nanoTime() & 0xFFFFFFL);
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    /**
     * The demo's day is yesterday, noon to 2 p.m. UTC: always in the past (brokers refuse timestamps far in
     * the future), and its history, sent early in the morning of each of the 60 days before, has left the
     * rolling window by then, so each account's window holds only the demo day's traffic.
     */
    private final Instant todayStart = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(12));
    private long produced;
    private long expectedVerdicts;
    private long expectedDeadLetters;
    private long duplicates;
    private int messageSeq;

    private final class Account {
        final String sid;
        final String role;
        final Integer score;
        final int perDay;
        long today;
        Integer scoreNow;
        Long limit;
        long accepted;
        long rejected;
        final List<String> sent = new ArrayList<>();

        Account(String sid, String role, Integer score, int perDay) {
            this.sid = sid;
            this.role = role;
            this.score = score;
            this.perDay = perDay;
            this.scoreNow = score;
        }
    }

    public DemoTraffic(String bootstrap, Topics topics, PrintWriter out) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.out = out;
    }

    public Result run() throws InterruptedException, ExecutionException {
        plan();
        long deadLetters;
        try (KafkaProducer<String, String> producer = producer(); Verdicts verdicts = new Verdicts()) {
            phase("history", producer, verdicts, () -> history(producer));
            phase("scores", producer, verdicts, () -> scores(producer));
            phase("morning", producer, verdicts, () -> today(producer, 0, 2));
            phase("grant and score change", producer, verdicts, () -> changes(producer));
            phase("afternoon", producer, verdicts, () -> today(producer, 1, 2));
            phase("duplicates and bad input", producer, verdicts, () -> trouble(producer));
            deadLetters = verdicts.deadLetters;
        }
        Result result = result(deadLetters);
        printTable(result);
        return result;
    }

    private void plan() {
        int n = 0;
        int[] percents = {50, 90, 130, 200};
        for (int score = 1; score <= 5; score++) {
            for (int percent : percents) {
                int perDay = 10 + random.nextInt(50);
                // with the same volume every day the limit is ceil(m x perDay); score 1 sends 3x its usual
                long limit = score == 1 ? perDay * 3L
                        : Policy.defaultMultipliers().get(score).ceilOfAverage(60L * perDay, 60);
                add("score " + score + ", sends " + percent + "% of limit", score, perDay, limit * percent / 100, n++);
            }
        }
        add("new account (no history)", 3, 0, 1100, n++);
        add("parent account", 2, 40, 60, n++);
        add("its subaccount", 5, 10, 60, n++);
        add("grant of +30 at noon", 4, 20, 80, n++);
        add("score 2 -> 5 at noon", 2, 20, 100, n++);
        add("SMS and WhatsApp", 5, 10, 30, n++);
        add("unenrolled", null, 15, 200, n);
    }

    private void add(String role, Integer score, int perDay, long today, int n) {
        String sid = String.format(Locale.ROOT, "AC%s%0" + (32 - run.length()) + "d", run, n);
        Account a = new Account(sid, role, score, perDay);
        a.today = today;
        accounts.put(sid, a);
    }

    private void history(KafkaProducer<String, String> producer) {
        Instant firstDay = todayStart.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(60));
        for (int day = 0; day < 60; day++) {
            Instant dayStart = firstDay.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(30));
            for (Account a : accounts.values()) {
                for (int i = 0; i < a.perDay; i++) {
                    sendIntent(producer, a, dayStart.plusSeconds(i * 40L), "sms");
                }
            }
        }
    }

    private void scores(KafkaProducer<String, String> producer) {
        for (Account a : accounts.values()) {
            if (a.score != null) {
                send(producer, topics.reputation(), a.sid, "{\"score\":" + a.score + "}", todayStart.minusSeconds(60));
            }
        }
    }

    /** Half {@code half} of today's traffic: each account sends its planned burst over two hours. */
    private void today(KafkaProducer<String, String> producer, int half, int halves) {
        Instant start = todayStart.plus(Duration.ofHours(half));
        for (Account a : accounts.values()) {
            long total = a.today;
            long from = total * half / halves;
            long to = total * (half + 1) / halves;
            for (long i = from; i < to; i++) {
                String channel = a.role.contains("WhatsApp") && i % 3 == 0 ? "whatsapp" : "sms";
                sendIntent(producer, a, start.plusMillis((i - from) * 3_600_000L / Math.max(1, to - from)), channel);
            }
        }
    }

    private void changes(KafkaProducer<String, String> producer) {
        Instant noon = todayStart.plus(Duration.ofHours(1));
        for (Account a : accounts.values()) {
            if (a.role.startsWith("grant")) {
                send(producer, topics.grants(), a.sid, "{\"extraDailyMessages\":30,\"expiresAt\":\""
                        + noon.plus(Duration.ofDays(2)) + "\",\"approvedBy\":\"trust-and-safety\",\"reason\":\"demo launch\"}",
                        noon.minusSeconds(1));
            }
            if (a.role.startsWith("score 2 -> 5")) {
                send(producer, topics.reputation(), a.sid, "{\"score\":5}", noon.minusSeconds(1));
            }
        }
    }

    private void trouble(KafkaProducer<String, String> producer) {
        Instant at = todayStart.plus(Duration.ofHours(2));
        List<Account> all = new ArrayList<>(accounts.values());
        for (int i = 0; i < 20; i++) {
            Account a = all.get(i % all.size());
            String sid = a.sent.get(a.sent.size() - 1 - i / all.size());
            send(producer, topics.intents(), a.sid, intentJson(a, sid, "sms"), at);
            duplicates++;
        }
        Account a = all.get(0);
        send(producer, topics.intents(), a.sid, "this is not JSON", at);
        send(producer, topics.intents(), a.sid, "{\"accountSid\":\"" + a.sid + "\",\"body\":\"no messageSid\"}", at);
        send(producer, topics.intents(), "AC-some-other-key", intentJson(a, "SMbadkey" + run, "sms"), at);
        send(producer, topics.reputation(), a.sid, "{\"score\":9}", at);
        send(producer, topics.grants(), a.sid, "{\"extraDailyMessages\":\"lots\"}", at);
        expectedDeadLetters += 5;
    }

    private void sendIntent(KafkaProducer<String, String> producer, Account a, Instant at, String channel) {
        String sid = String.format(Locale.ROOT, "SM%s%025d", run, messageSeq++);
        a.sent.add(sid);
        send(producer, topics.intents(), a.sid, intentJson(a, sid, channel), at);
        expectedVerdicts++;
    }

    private static String intentJson(Account a, String messageSid, String channel) {
        return "{\"messageSid\":\"" + messageSid + "\",\"accountSid\":\"" + a.sid + "\",\"channel\":\"" + channel
                + "\",\"to\":\"+15555550100\",\"from\":\"+15555550199\",\"body\":\"Your code is 123456\"}";
    }

    private void send(KafkaProducer<String, String> producer, String topic, String key, String value, Instant at) {
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value));
        produced++;
    }

    private void phase(String name, KafkaProducer<String, String> producer, Verdicts verdicts, Runnable publish)
            throws InterruptedException {
        publish.run();
        producer.flush();
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        while (verdicts.total < expectedVerdicts || verdicts.deadLetters < expectedDeadLetters) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the enforcer gave " + verdicts.total + " of " + expectedVerdicts
                        + " verdicts within " + PHASE_TIMEOUT.toMinutes() + " minutes; see the log above");
            }
            verdicts.poll();
            out.printf("\r%-26s produced %7d   verdicts %7d / %7d   dead letters %d   ", name, produced, verdicts.total,
                    expectedVerdicts, verdicts.deadLetters);
            out.flush();
        }
        out.printf("\r%-26s produced %7d   verdicts %7d / %7d   dead letters %d   %n", name, produced, verdicts.total,
                expectedVerdicts, verdicts.deadLetters);
        out.flush();
    }

    /** The table, with the dead letters as counted on the topic (the malformed ones are as sent). */
    private Result result(long deadLetters) {
        List<Row> rows = new ArrayList<>();
        for (Account a : accounts.values()) {
            rows.add(new Row(a.sid, a.role, a.scoreNow, a.limit, a.accepted, a.rejected));
        }
        long today = accounts.values().stream().mapToLong(a -> a.today).sum();
        return new Result(rows, today, duplicates, expectedDeadLetters, deadLetters);
    }

    private void printTable(Result r) {
        out.println();
        out.printf("%-34s  %-30s  %5s  %9s  %8s  %8s%n", "account", "what it shows", "score", "limit", "accepted", "rejected");
        for (Row row : r.rows()) {
            out.printf("%-34s  %-30s  %5s  %9s  %8d  %8d%n", row.account(), row.role(),
                    row.score() == null ? "-" : row.score(), row.limit() == null ? "unlimited" : row.limit(),
                    row.accepted(), row.rejected());
        }
        out.printf("%nToday: %d intents, %d accepted, %d rejected with 63038; %d duplicates ignored; %d dead letters.%n",
                r.intentsToday(), r.accepted(), r.rejected(), r.duplicates(), r.deadLetters());
        out.flush();
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Reads the verdict and dead-letter topics from where they stood when the demo began. */
    private final class Verdicts implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, Boolean> accepted = new HashMap<>();
        long total;
        long deadLetters;

        Verdicts() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.accepted(), topics.rejected(), topics.deadLetters())) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            accepted.put(topics.accepted(), true);
            accepted.put(topics.rejected(), false);
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                if (r.topic().equals(topics.deadLetters())) {
                    deadLetters++;
                    continue;
                }
                Account a = accounts.get(key);
                if (a == null) {
                    continue;
                }
                total++;
                if (r.timestamp() >= todayStart.toEpochMilli()) {
                    count(a, accepted.get(r.topic()), r.value());
                }
            }
        }

        private void count(Account a, boolean wasAccepted, byte[] value) {
            if (wasAccepted) {
                a.accepted++;
            } else {
                a.rejected++;
            }
            try {
                JsonNode verdict = JSON.readTree(value);
                if (verdict.path("channel").asText().equals("sms")) {
                    a.scoreNow = verdict.path("score").isNumber() ? verdict.path("score").asInt() : null;
                    a.limit = verdict.path("dailyLimit").isNumber() ? verdict.path("dailyLimit").asLong() : null;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
