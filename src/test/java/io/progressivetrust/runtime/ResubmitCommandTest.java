package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * After a grant, Trust &amp; Safety sends an account's rejected intents again: a dry run lists
 * them, a run publishes them as new intents that the enforcer now accepts, and a second run
 * sends nothing new.
 */
class ResubmitCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KafkaCluster cluster = KafkaCluster.shared();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void rejectedIntentsAreJudgedAgainOnceAfterAGrant() throws Exception {
        Topics t = KafkaCluster.topics("resubmit-");
        cluster.createTopics(t, 2, 2);
        Settings settings = cluster.settings("resubmit", t, Map.of("pt.policy.default-limit", "2"));
        Path config = cluster.configFile("resubmit-cli", t);
        String c = config.toString();
        try (EnforcerService service = new EnforcerService(settings).start()) {
            cluster.send(t.reputation(), "ACrs", "{\"score\":3}", "2026-04-01T00:00:00Z");
            for (int i = 0; i < 4; i++) {
                cluster.send(t.intents(), "ACrs", "{\"messageSid\":\"SMrs" + i + "\",\"accountSid\":\"ACrs\",\"body\":\"n" + i
                        + "\",\"price\":1.50}", "2026-04-02T10:0" + i + ":00Z");
            }
            cluster.send(t.intents(), "ACother", EnforcerOnBrokerTest.intent("SMo", "ACother", null), "2026-04-02T10:00:00Z");
            cluster.flush();
            assertThat(cluster.read(t.rejected(), 2, WAIT)).hasSize(2);

            FailFastTest.Outcome dry = FailFastTest.run("resubmit", "--config", c, "--account", "ACrs", "--dry-run",
                    "--from", "2026-04-02T00:00:00Z");
            assertThat(dry.code()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("would publish SMrs2-resubmitted", "would publish SMrs3-resubmitted",
                    "Would resubmit 2 intents");

            assertThat(FailFastTest.run("grant", "--config", c, "--account", "ACrs", "--extra", "10", "--approved-by", "t&s",
                    "--reason", "backlog", "--at", "2026-04-02T11:00:00Z").code()).isZero();
            FailFastTest.Outcome run = FailFastTest.run("resubmit", "--config", c, "--account", "ACrs");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("Resubmitted 2 intents", "0 had been resubmitted already");

            List<ConsumerRecord<byte[], byte[]>> accepted = cluster.read(t.accepted(), 5, WAIT);
            JsonNode again = accepted.stream().map(r -> tree(r.value()))
                    .filter(v -> v.get("messageSid").asText().equals("SMrs2-resubmitted")).findFirst().orElseThrow();
            assertThat(again.get("verdict").asText()).isEqualTo("accepted");
            assertThat(again.get("intent").get("resubmittedFrom").asText()).isEqualTo("SMrs2");
            assertThat(again.get("intent").get("body").asText()).isEqualTo("n2");
            assertThat(again.get("intent").get("price").decimalValue()).isEqualByComparingTo("1.50");

            FailFastTest.Outcome twice = FailFastTest.run("resubmit", "--config", c, "--account", "ACrs");
            assertThat(twice.out()).contains("Resubmitted 0 intents", "2 had been resubmitted already");
        }
        assertThat(FailFastTest.run("resubmit", "--config", c, "--account", "ACrs", "--from", "2026-05-01T00:00:00Z",
                "--to", "2026-04-01T00:00:00Z").code()).isEqualTo(Main.BAD_CONFIG);
    }

    private static JsonNode tree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
