package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressivetrust.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The HTTP API of a running instance on a real broker: account status, notices, health and metrics. */
@Tag("integration")
class StatusApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KafkaCluster cluster = KafkaCluster.shared();

    private static Topics t;
    private static EnforcerService service;
    private static int port;

    /** One instance for the tests that only read from it, each about an account of its own. */
    @BeforeAll
    static void startInstance() throws Exception {
        t = KafkaCluster.topics("status-");
        service = new EnforcerService(cluster.settings("status", t,
                Map.of("pt.policy.default-limit", "5", "pt.topics.create", "true"))).start();
        port = service.httpPort();
    }

    @AfterAll
    static void stopInstance() {
        service.close();
    }

    /** A score on 1 June, then {@code intents} intents a minute apart from 10:00 on 10 June; waits for their verdicts. */
    private static void scoreAndJudge(String account, int score, String sidPrefix, int intents) {
        cluster.send(t.reputation(), account, "{\"score\":" + score + "}", "2026-06-01T00:00:00Z");
        for (int i = 0; i < intents; i++) {
            cluster.send(t.intents(), account, EnforcerOnBrokerTest.intent(sidPrefix + i, account, null), "2026-06-10T10:0" + i + ":00Z");
        }
        cluster.flush();
        awaitVerdicts(account, intents);
    }

    @Test
    void theStatusMatchesWhatTheNextVerdictShows() throws Exception {
        scoreAndJudge("ACs", 3, "SM", 4);

        JsonNode before = status(port, "ACs");
        assertThat(before.get("enrolled").asBoolean()).isTrue();
        assertThat(before.get("score").asInt()).isEqualTo(3);
        assertThat(before.get("dailyLimit").asLong()).isEqualTo(5);
        assertThat(before.get("used").asLong()).isEqualTo(4);
        assertThat(before.get("remaining").asLong()).isEqualTo(1);
        assertThat(before.get("nextRoomAt").isNull()).isTrue();
        assertThat(before.get("asOf").asText()).isEqualTo("2026-06-10T10:03:00Z");
        assertThat(before.get("freeing")).hasSize(24);
        // seen from 10:03, the four leave between 10:00 and 10:03 the next day: the last hour
        assertThat(before.get("freeing").get(23).get("count").asLong()).isEqualTo(4);
        assertThat(before.get("history60")).hasSize(60);
        assertThat(before.get("history60").get(59).get("date").asText()).isEqualTo("2026-06-09");

        cluster.send(t.intents(), "ACs", EnforcerOnBrokerTest.intent("SM4", "ACs", null), "2026-06-10T10:04:00Z");
        cluster.flush();
        JsonNode fifth = lastVerdict(awaitVerdicts("ACs", 5));
        assertThat(fifth.get("countInWindow").asLong()).isEqualTo(before.get("used").asLong() + 1);
        assertThat(fifth.get("dailyLimit").asLong()).isEqualTo(before.get("dailyLimit").asLong());

        JsonNode full = status(port, "ACs");
        assertThat(full.get("remaining").asLong()).isZero();
        cluster.send(t.intents(), "ACs", EnforcerOnBrokerTest.intent("SM5", "ACs", null), "2026-06-10T10:05:00Z");
        cluster.flush();
        JsonNode rejected = lastVerdict(cluster.read(t.rejected(), 1, WAIT));
        assertThat(rejected.get("nextRoomAt").asText()).isEqualTo(full.get("nextRoomAt").asText());
        assertThat(full.get("nextRoomAt").asText()).isEqualTo("2026-06-11T10:04:00Z");
    }

    @Test
    void anUnknownAccountHasTheStatusOfANewOne() throws Exception {
        JsonNode unknown = status(port, "ACnobody");
        assertThat(unknown.get("enrolled").asBoolean()).isFalse();
        assertThat(unknown.get("used").asLong()).isZero();
        assertThat(unknown.get("dailyLimit").isNull()).isTrue();
        assertThat(unknown.get("remaining").isNull()).isTrue();
    }

    @Test
    void metricsCountVerdictsByOutcomeAndScoreBesideKafkaStreamsOwn() throws Exception {
        scoreAndJudge("ACm", 4, "SMm", 2);
        String metrics = Http.get(port, "/metrics").body();
        assertThat(metrics).contains("pt_verdicts_total{outcome=\"accepted\",score=\"4\"} 2", "kafka_stream_thread_process_rate",
                "kafka_stream_thread_commit_latency_avg", "kafka_stream_processor_node_record_e2e_latency_avg",
                "kafka_stream_state_block_cache_usage", "kafka_stream_task_restore_total");
    }

    @Test
    void healthThePageAndWrongRequestsAnswerAsTheyShould() throws Exception {
        await().atMost(WAIT).until(() -> Http.get(port, "/health").statusCode() == 200);
        assertThat(Http.get(port, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/health/live").body()).contains("RUNNING");
        assertThat(Http.get(port, "/").body()).contains("<title>Progressive Trust");
        assertThat(Http.get(port, "/nothing").statusCode()).isEqualTo(404);
        assertThat(Http.post(port, "/accounts/ACs").statusCode()).isEqualTo(405);
    }

    /** The account's verdicts on the accepted topic, once there are {@code count} of them. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitVerdicts(String account, int count) {
        List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            mine.clear();
            cluster.readAll(t.accepted()).stream().filter(r -> account.equals(KafkaCluster.text(r.key()))).forEach(mine::add);
            return mine.size() >= count;
        });
        return mine;
    }

    @Test
    void anAccountProducedWithAnotherPartitionerIsStillFound() throws Exception {
        Topics t = KafkaCluster.topics("partitioner-");
        Settings settings = cluster.settings("partitioner", t, Map.of("pt.topics.create", "true"));
        try (EnforcerService service = new EnforcerService(settings).start()) {
            int javaPartition = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2("ACx".getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 3;
            int other = (javaPartition + 1) % 3;
            cluster.sendTo(t.reputation(), other, "ACx", "{\"score\":4}", "2026-06-01T00:00:00Z");
            cluster.sendTo(t.intents(), other, "ACx", EnforcerOnBrokerTest.intent("SM1", "ACx", null), "2026-06-10T10:00:00Z");
            cluster.flush();
            cluster.read(t.accepted(), 1, WAIT);

            JsonNode status = status(service.httpPort(), "ACx");
            assertThat(status.get("score").asInt()).isEqualTo(4);
            assertThat(status.get("used").asLong()).isEqualTo(1);
        }
    }

    @Test
    void ownersGetEachNoticeOnceEvenAcrossARestart() throws Exception {
        Topics t = KafkaCluster.topics("notices-");
        Settings settings = cluster.settings("notices", t,
                Map.of("pt.policy.default-limit", "5", "pt.topics.create", "true"));
        try (EnforcerService service = new EnforcerService(settings).start()) {
            cluster.send(t.reputation(), "ACn", "{\"score\":3}", "2026-06-01T00:00:00Z");
            for (int i = 0; i < 6; i++) {
                cluster.send(t.intents(), "ACn", EnforcerOnBrokerTest.intent("SM" + i, "ACn", null), "2026-06-10T10:0" + i + ":00Z");
            }
            cluster.send(t.grants(), "ACn", "{\"extraDailyMessages\":5}", "2026-06-10T11:00:00Z");
            cluster.send(t.reputation(), "ACn", "{\"score\":1}", "2026-06-10T12:00:00Z");
            cluster.flush();
            cluster.read(t.rejected(), 1, WAIT);
            assertThat(notices(cluster.read(t.notifications(), 5, WAIT))).containsExactly(
                    "enrolled 5 2026-06-01T00:00:00Z", "threshold 5 2026-06-10T10:03:00Z 80",
                    "threshold 5 2026-06-10T10:04:00Z 100", "limit-changed 10 2026-06-10T11:00:00Z",
                    "limit-changed null 2026-06-10T12:00:00Z");
        }
        try (EnforcerService again = new EnforcerService(settings).start()) {
            cluster.send(t.intents(), "ACn", EnforcerOnBrokerTest.intent("SM9", "ACn", null), "2026-06-10T13:00:00Z");
            cluster.flush();
            cluster.read(t.accepted(), 6, WAIT);
            // every notice on the topic, not just the first five: a repeated one would show here
            assertThat(cluster.readAll(t.notifications())).hasSize(5);
        }
    }

    private static JsonNode status(int port, String sid) throws Exception {
        // 503 until the instance has its tasks
        await().atMost(WAIT).until(() -> Http.get(port, "/accounts/" + sid).statusCode() == 200);
        return Http.json(Http.get(port, "/accounts/" + sid).body());
    }

    private static JsonNode lastVerdict(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        return Http.json(KafkaCluster.text(records.get(records.size() - 1).value()));
    }

    private static List<String> notices(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<String> notices = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode n = Http.json(KafkaCluster.text(r.value()));
            notices.add(n.get("type").asText() + " " + n.get("dailyLimit").asText() + " " + n.get("at").asText()
                    + (n.has("percent") ? " " + n.get("percent").asText() : ""));
        }
        return notices;
    }
}
