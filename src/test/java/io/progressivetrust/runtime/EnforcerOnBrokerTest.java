package io.progressivetrust.runtime;

import static io.progressivetrust.runtime.KafkaCluster.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The application on a real broker under exactly-once, fed by a plain producer, read by read_committed consumers. */
@Tag("integration")
class EnforcerOnBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void judgesEveryIntentOfAScenarioExactlyOnce() throws Exception {
        Topics t = KafkaCluster.topics("scenario-");
        Settings settings = cluster.settings("scenario", t, Map.of("pt.policy.default-limit", "3", "pt.topics.create", "true"));
        try (EnforcerService service = new EnforcerService(settings).start()) {
            cluster.send(t.reputation(), "ACa", "{\"score\":3}", "2026-06-01T00:00:00Z");
            cluster.send(t.reputation(), "ACc", "{\"score\":5}", "2026-06-01T00:00:00Z");
            cluster.send(t.reputation(), "ACc-sub", "{\"score\":5}", "2026-06-01T00:00:00Z");
            cluster.send(t.grants(), "ACc", "{\"extraDailyMessages\":2,\"expiresAt\":\"2026-06-10T12:00:00Z\","
                    + "\"approvedBy\":\"ts\",\"reason\":\"launch\"}", "2026-06-10T00:00:00Z");
            cluster.flush();
            for (int i = 0; i < 5; i++) {
                cluster.send(t.intents(), "ACa", intent("SMa" + i, "ACa", null), "2026-06-10T10:0" + i + ":00Z");
                cluster.send(t.intents(), "ACc", intent("SMc" + i, "ACc", "SMS"), "2026-06-10T11:0" + i + ":00Z");
            }
            cluster.send(t.intents(), "ACc", intent("SMc5", "ACc", null), "2026-06-10T12:00:00Z");
            for (int i = 0; i < 3; i++) {
                cluster.send(t.intents(), "ACc-sub", intent("SMs" + i, "ACc-sub", null), "2026-06-10T12:00:00Z");
            }
            cluster.send(t.intents(), "ACb", intent("SMb0", "ACb", "whatsapp"), "2026-06-10T10:00:00Z");
            cluster.send(t.intents(), "ACb", intent("SMb1", "ACb", null), "2026-06-10T10:00:00Z");
            cluster.send(t.intents(), "ACa", intent("SMa0", "ACa", null), "2026-06-10T10:30:00Z"); // duplicate
            cluster.send(t.intents(), "ACa", "{not json", "2026-06-10T10:30:00Z");
            cluster.send(t.intents(), "ACz", intent("SMz", "ACa", null), "2026-06-10T10:30:00Z");
            cluster.flush();

            Map<String, JsonNode> accepted = bySid(cluster.read(t.accepted(), 13, WAIT));
            Map<String, JsonNode> rejected = bySid(cluster.read(t.rejected(), 3, WAIT));
            List<ConsumerRecord<byte[], byte[]>> dead = cluster.read(t.deadLetters(), 2, WAIT);

            assertThat(accepted.keySet()).containsExactlyInAnyOrder("SMa0", "SMa1", "SMa2", "SMc0", "SMc1", "SMc2",
                    "SMc3", "SMc4", "SMs0", "SMs1", "SMs2", "SMb0", "SMb1");
            assertThat(rejected.keySet()).containsExactlyInAnyOrder("SMa3", "SMa4", "SMc5");
            // score 3, no history: the default limit of 3
            assertThat(accepted.get("SMa2").get("countInWindow").asLong()).isEqualTo(3);
            assertThat(rejected.get("SMa3").get("dailyLimit").asLong()).isEqualTo(3);
            assertThat(rejected.get("SMa3").get("errorCode").asInt()).isEqualTo(63038);
            // on 11 June the limit is ceil(2 x 3 / 60) = 1, so room opens only when the last of the three leaves
            assertThat(rejected.get("SMa3").get("nextRoomAt").asText()).isEqualTo("2026-06-11T10:02:00Z");
            // the grant adds 2 until noon; at noon the limit is 3 again with 5 in the window
            assertThat(accepted.get("SMc4").get("dailyLimit").asLong()).isEqualTo(5);
            assertThat(rejected.get("SMc5").get("dailyLimit").asLong()).isEqualTo(3);
            // the subaccount stands alone
            assertThat(accepted.get("SMs2").get("countInWindow").asLong()).isEqualTo(3);
            assertThat(accepted.get("SMb0").get("limited").asBoolean()).isFalse();
            assertThat(accepted.get("SMb1").get("score").isNull()).isTrue();
            assertThat(dead).extracting(r -> text(r.value())).containsExactlyInAnyOrder("{not json", intent("SMz", "ACa", null));
            assertThat(dead).allSatisfy(r -> assertThat(header(r, "__streams.errors.topic")).isEqualTo(t.intents()));
            assertThat(dead).anySatisfy(r -> assertThat(header(r, "__streams.errors.message")).contains("does not equal accountSid"));
        }
    }

    static String intent(String messageSid, String account, String channel) {
        return "{\"messageSid\":\"" + messageSid + "\",\"accountSid\":\"" + account + "\""
                + (channel == null ? "" : ",\"channel\":\"" + channel + "\"") + ",\"to\":\"+15550001\"}";
    }

    static Map<String, JsonNode> bySid(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, JsonNode> bySid = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode v = JSON.readTree(r.value());
            assertThat(bySid.put(v.get("messageSid").asText(), v)).as("one verdict per intent").isNull();
            assertThat(r.timestamp()).isEqualTo(java.time.Instant.parse(v.get("evaluatedAt").asText()).toEpochMilli());
        }
        return bySid;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
