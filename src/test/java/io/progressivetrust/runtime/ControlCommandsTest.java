package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code score} and {@code grant} as Trust &amp; Safety would use them: the records they publish,
 * the enforcer judging with them, and the input they refuse before anything is sent.
 */
class ControlCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void aScoreAndAGrantFromTheCommandLineSetTheLimitTheEnforcerJudgesWith() throws Exception {
        Topics t = KafkaCluster.topics("commands-");
        cluster.createTopics(t, 2, 2);
        Path config = cluster.configFile("commands", t, "pt.policy.default-limit=2");

        FailFastTest.Outcome score = FailFastTest.run("score", "--config", config.toString(), "--account", "ACops",
                "--score", "4", "--at", "2026-03-01T00:00:00Z");
        assertThat(score.code()).as(score.err()).isZero();
        assertThat(score.out()).contains("{\"score\":4}", "1.8x", "2026-03-01T00:00:00Z");
        FailFastTest.Outcome grant = FailFastTest.run("grant", "--config", config.toString(), "--account", "ACops",
                "--extra", "1", "--expires", "2026-03-02T00:00:00Z", "--approved-by", "Dana \"T&S\" Lee",
                "--reason", "launch day", "--at", "2026-03-01T08:00:00Z");
        assertThat(grant.code()).as(grant.err()).isZero();

        ConsumerRecord<byte[], byte[]> scoreRecord = cluster.read(t.reputation(), 1, Duration.ofSeconds(30)).get(0);
        assertThat(KafkaCluster.text(scoreRecord.key())).isEqualTo("ACops");
        assertThat(KafkaCluster.text(scoreRecord.value())).isEqualTo("{\"score\":4}");
        assertThat(scoreRecord.timestamp()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli());
        JsonNode grantValue = JSON.readTree(cluster.read(t.grants(), 1, Duration.ofSeconds(30)).get(0).value());
        assertThat(grantValue.get("extraDailyMessages").asLong()).isEqualTo(1);
        assertThat(grantValue.get("expiresAt").asText()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(grantValue.get("approvedBy").asText()).isEqualTo("Dana \"T&S\" Lee");
        assertThat(grantValue.get("reason").asText()).isEqualTo("launch day");

        Settings settings = cluster.settings("commands", t, Map.of("pt.policy.default-limit", "2"));
        try (EnforcerService service = new EnforcerService(settings).start()) {
            for (int i = 0; i < 4; i++) {
                cluster.send(t.intents(), "ACops", EnforcerOnBrokerTest.intent("SMops" + i, "ACops", null),
                        "2026-03-01T09:0" + i + ":00Z");
            }
            cluster.flush();
            List<ConsumerRecord<byte[], byte[]>> accepted = cluster.read(t.accepted(), 3, Duration.ofSeconds(60));
            JsonNode rejected = JSON.readTree(cluster.read(t.rejected(), 1, Duration.ofSeconds(60)).get(0).value());
            // score 4 with no history: the default limit of 2, plus the grant's 1
            assertThat(accepted).hasSize(3);
            assertThat(rejected.get("score").asInt()).isEqualTo(4);
            assertThat(rejected.get("dailyLimit").asLong()).isEqualTo(3);
            assertThat(rejected.get("errorMessage").asText()).contains("plus 1 extra daily messages granted");
        }

        assertThat(FailFastTest.run("score", "--config", config.toString(), "--account", "ACops", "--remove").code())
                .isZero();
        assertThat(FailFastTest.run("grant", "--config", config.toString(), "--account", "ACops", "--revoke").code())
                .isZero();
        assertThat(cluster.readAll(t.reputation())).last().satisfies(r -> assertThat(r.value()).isNull());
        assertThat(cluster.readAll(t.grants())).last().satisfies(r -> assertThat(r.value()).isNull());
    }

    @Test
    void badInputIsRefusedWithOneLineAndNothingIsSent() throws Exception {
        Topics t = KafkaCluster.topics("refused-");
        cluster.createTopics(t, 1, 1);
        Path config = cluster.configFile("refused", t);
        String c = config.toString();

        assertRefused(FailFastTest.run("score", "--config", c, "--account", "AC1", "--score", "7"), "--score must be 1 to 5");
        assertRefused(FailFastTest.run("score", "--config", c, "--account", "AC1", "--score", "3", "--remove"), "mutually exclusive");
        assertRefused(FailFastTest.run("score", "--config", c, "--account", " AC1", "--score", "3"), "--account");
        assertRefused(FailFastTest.run("score", "--config", c, "--account", "AC1", "--score", "3", "--at", "yesterday"), "--at");
        assertRefused(FailFastTest.run("grant", "--config", c, "--account", "AC1", "--extra", "-5", "--approved-by", "x",
                "--reason", "y"), "--extra");
        assertRefused(FailFastTest.run("grant", "--config", c, "--account", "AC1", "--extra", "5", "--approved-by", "x",
                "--reason", "y", "--at", "2026-03-02T00:00:00Z", "--expires", "2026-03-01T00:00:00Z"), "is not after");
        assertRefused(FailFastTest.run("grant", "--config", c, "--account", "AC1", "--extra", "5"), "--approved-by");
        assertThat(cluster.readAll(t.reputation())).isEmpty();
        assertThat(cluster.readAll(t.grants())).isEmpty();

        FailFastTest.Outcome missing = FailFastTest.run("score", "--config", c, "--set", "pt.topic.reputation=nowhere",
                "--account", "AC1", "--score", "3");
        assertThat(missing.code()).isEqualTo(Main.BAD_CLUSTER);
        assertThat(missing.err()).contains("nowhere", "kafka-topics.sh");
    }

    private static void assertRefused(FailFastTest.Outcome o, String why) {
        assertThat(o.code()).as(o.err()).isEqualTo(Main.BAD_CONFIG);
        assertThat(o.err()).contains(why);
    }
}
