package io.progressivetrust.topology;

import static io.progressivetrust.topology.EnforcerDriver.text;
import static io.progressivetrust.topology.EnforcerDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class EnforcerTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(byte[] value) throws Exception {
        return JSON.readTree(value);
    }

    @Test
    void anAcceptedVerdictCarriesTheIntentWholeAndIsTimestampedAtTheAccountsClock() throws Exception {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults())) {
            d.score("AC1", 3, "2026-11-01T00:00:00Z");
            String intent = "{\"messageSid\":\"SM1\", \"accountSid\":\"AC1\",\"channel\":\"SMS\",\"to\":\"+15550001\","
                    + "\"from\":\"+15550002\",\"body\":\"hi\",\"campaign\":{\"id\":7,\"price\":1.10}}";
            d.intent("AC1", intent, "2026-11-29T10:15:00Z");

            TestRecord<byte[], byte[]> out = d.accepted.readRecord();
            JsonNode v = json(out.value());
            assertThat(text(out.key())).isEqualTo("AC1");
            assertThat(out.timestamp()).isEqualTo(Instant.parse("2026-11-29T10:15:00Z").toEpochMilli());
            assertThat(v.get("messageSid").asText()).isEqualTo("SM1");
            assertThat(v.get("accountSid").asText()).isEqualTo("AC1");
            assertThat(v.get("verdict").asText()).isEqualTo("accepted");
            assertThat(v.get("channel").asText()).isEqualTo("sms");
            assertThat(v.get("limited").asBoolean()).isTrue();
            assertThat(v.get("score").asInt()).isEqualTo(3);
            assertThat(v.get("dailyLimit").asLong()).isEqualTo(1000);
            assertThat(v.get("countInWindow").asLong()).isEqualTo(1);
            assertThat(v.get("evaluatedAt").asText()).isEqualTo("2026-11-29T10:15:00Z");
            assertThat(v.has("errorCode")).isFalse();
            // the intent is the published text, unknown fields and number spelling included
            assertThat(text(out.value())).endsWith("\"intent\":" + intent + "}");
            assertThat(d.rejected.isEmpty()).isTrue();
        }
    }

    @Test
    void aRejectedVerdictSaysWhyAndWhenThereIsRoom() throws Exception {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults().with(p -> p.defaultLimit(1)))) {
            d.score("AC1", 3, "2026-11-01T00:00:00Z");
            d.sms("AC1", "SM1", "2026-11-29T10:15:00Z");
            d.sms("AC1", "SM2", "2026-11-29T10:16:00Z");

            JsonNode v = json(d.rejected.readValue());
            assertThat(v.get("verdict").asText()).isEqualTo("rejected");
            assertThat(v.get("errorCode").asInt()).isEqualTo(63038);
            assertThat(v.get("errorMessage").asText())
                    .startsWith("Account AC1 exceeded the 1 daily messages limit")
                    .contains("score 3", "default limit of 1");
            assertThat(v.get("nextRoomAt").asText()).isEqualTo("2026-11-30T10:15:00Z");
            assertThat(v.get("countInWindow").asLong()).isEqualTo(1);
            assertThat(v.get("intent").get("messageSid").asText()).isEqualTo("SM2");
        }
    }

    @Test
    void unenrolledAndNonSmsVerdictsAreNotLimited() throws Exception {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults())) {
            d.sms("AC9", "SM1", "2026-11-29T10:00:00Z");
            d.intent("AC9", "{\"messageSid\":\"SM2\",\"accountSid\":\"AC9\",\"channel\":\"whatsapp\"}", "2026-11-29T10:01:00Z");

            List<JsonNode> verdicts = new ArrayList<>();
            for (byte[] value : d.accepted.readValuesToList()) {
                verdicts.add(json(value));
            }
            assertThat(verdicts).hasSize(2);
            assertThat(verdicts).allSatisfy(v -> {
                assertThat(v.get("limited").asBoolean()).isFalse();
                assertThat(v.get("dailyLimit").isNull()).isTrue();
                assertThat(v.get("score").isNull()).isTrue();
            });
            assertThat(verdicts.get(1).get("channel").asText()).isEqualTo("whatsapp");
            assertThat(verdicts.get(1).get("countInWindow").asLong()).isEqualTo(1);
        }
    }

    @Test
    void shadowModeSendsWouldBeRejectionsToTheAcceptedTopic() throws Exception {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults().with(p -> p.defaultLimit(1).mode(Policy.Mode.SHADOW)))) {
            d.score("AC1", 5, "2026-11-01T00:00:00Z");
            d.sms("AC1", "SM1", "2026-11-29T10:00:00Z");
            d.sms("AC1", "SM2", "2026-11-29T10:00:00Z");

            List<byte[]> accepted = d.accepted.readValuesToList();
            JsonNode shadow = json(accepted.get(1));
            assertThat(d.rejected.isEmpty()).isTrue();
            assertThat(shadow.get("verdict").asText()).isEqualTo("accepted");
            assertThat(shadow.get("shadowRejected").asBoolean()).isTrue();
            assertThat(shadow.get("errorMessage").asText()).startsWith("Account AC1 exceeded the 1 daily messages limit");
            assertThat(shadow.get("countInWindow").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aDuplicateMessageSidGetsNoSecondVerdict() {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults())) {
            d.sms("AC1", "SM1", "2026-11-29T10:00:00Z");
            d.sms("AC1", "SM1", "2026-11-29T10:00:05Z");
            d.sms("AC2", "SM1", "2026-11-29T10:00:05Z"); // another account's SID space

            assertThat(d.accepted.readRecordsToList()).hasSize(2);
            assertThat(d.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void seenMessageSidsAreFoundAcrossMidnightAndDroppedOnceExpired() {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults())) {
            for (int i = 0; i < 10; i++) {
                d.sms("AC1", "SM" + i, "2026-06-01T23:59:00Z");
            }
            d.sms("AC1", "SM9", "2026-06-02T00:01:00Z");  // a duplicate from the previous retention period
            d.sms("AC1", "SM10", "2026-06-02T10:00:00Z");
            d.sms("AC1", "SM11", "2026-06-03T10:00:00Z");
            assertThat(d.accepted.readRecordsToList()).hasSize(12);

            var store = d.driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(EnforcerTopology.SEEN_STORE);
            long remembered = 0;
            try (var all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    remembered++;
                }
            }
            // on 3 June everything judged on 1 June has expired and is gone
            assertThat(remembered).isEqualTo(2);
        }
    }

    @Test
    void unreadableInputGoesToTheDeadLetterTopicWithTheReasonAndItsOrigin() {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults())) {
            String[][] bad = {
                {"AC1", "not json"},
                {"AC1", "[1,2]"},
                {"AC1", "{\"accountSid\":\"AC1\"}"},
                {"AC1", "{\"messageSid\":\"\",\"accountSid\":\"AC1\"}"},
                {"AC1", "{\"messageSid\":5,\"accountSid\":\"AC1\"}"},
                {"AC2", "{\"messageSid\":\"SM1\",\"accountSid\":\"AC1\"}"},
                {null, "{\"messageSid\":\"SM1\",\"accountSid\":\"AC1\"}"},
                {"AC1", null},
                {"AC1", "{\"messageSid\":\"SM1\",\"accountSid\":\"AC1\"} trailing"},
            };
            for (String[] record : bad) {
                d.intent(record[0], record[1], "2026-11-29T10:00:00Z");
            }
            String huge = "{\"messageSid\":\"SMbig\",\"accountSid\":\"AC1\",\"body\":\"" + "x".repeat(300_000) + "\"}";
            d.intent("AC1", huge, "2026-11-29T10:00:00Z");
            d.raw(EnforcerDriver.TOPICS.reputation(), utf8("AC1"), utf8("{\"score\":6}"), "2026-11-29T10:00:00Z");
            d.raw(EnforcerDriver.TOPICS.reputation(), null, utf8("{\"score\":2}"), "2026-11-29T10:00:00Z");
            d.raw(EnforcerDriver.TOPICS.grants(), utf8("AC1"), utf8("{\"extraDailyMessages\":-5}"), "2026-11-29T10:00:00Z");
            d.raw(EnforcerDriver.TOPICS.grants(), utf8("AC1"), utf8("{\"extraDailyMessages\":5,\"expiresAt\":\"soon\"}"), "2026-11-29T10:00:00Z");
            d.sms("AC1", "SM9", "2026-11-29T10:01:00Z"); // and the application goes on

            List<TestRecord<byte[], byte[]>> dead = d.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(bad.length + 5);
            assertThat(header(dead.remove(bad.length), DeadLetters.MESSAGE)).contains("more than the 262144");
            for (int i = 0; i < bad.length; i++) {
                assertThat(text(dead.get(i).key())).isEqualTo(bad[i][0]);
                assertThat(text(dead.get(i).value())).isEqualTo(bad[i][1]);
                assertThat(header(dead.get(i), DeadLetters.TOPIC)).isEqualTo("sms-send-intents");
                assertThat(header(dead.get(i), DeadLetters.OFFSET)).isEqualTo(String.valueOf(i));
                assertThat(header(dead.get(i), DeadLetters.PARTITION)).isEqualTo("0");
                assertThat(header(dead.get(i), DeadLetters.EXCEPTION)).isEqualTo(UnreadableRecordException.class.getName());
            }
            assertThat(header(dead.get(2), DeadLetters.MESSAGE)).isEqualTo("messageSid is missing");
            assertThat(header(dead.get(3), DeadLetters.MESSAGE)).isEqualTo("messageSid is empty");
            assertThat(header(dead.get(5), DeadLetters.MESSAGE)).contains("does not equal accountSid");
            assertThat(header(dead.get(bad.length), DeadLetters.TOPIC)).isEqualTo("trust-reputation");
            assertThat(header(dead.get(bad.length), DeadLetters.MESSAGE)).contains("1 to 5");
            assertThat(header(dead.get(bad.length + 3), DeadLetters.MESSAGE)).contains("expiresAt");
            assertThat(d.accepted.readRecordsToList()).hasSize(1);
        }
    }

    @Test
    void aReplayIntoAFreshApplicationGivesTheSameBytes() {
        List<List<String>> first = runScenario();
        List<List<String>> second = runScenario();
        assertThat(first.get(0)).isNotEmpty();
        assertThat(first.get(1)).isNotEmpty();
        assertThat(second).isEqualTo(first);
    }

    private static List<List<String>> runScenario() {
        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults().with(p -> p.defaultLimit(3)))) {
            d.score("AC1", 3, "2026-11-01T00:00:00Z");
            d.grant("AC1", "{\"extraDailyMessages\":2,\"expiresAt\":\"2026-11-29T12:00:00Z\",\"approvedBy\":\"ts\"}",
                    "2026-11-29T00:00:00Z");
            for (int i = 0; i < 8; i++) {
                d.sms("AC1", "SM" + i, "2026-11-29T1" + i + ":00:00Z");
            }
            d.score("AC1", 1, "2026-11-29T15:30:00Z");
            d.sms("AC1", "SM9", "2026-11-29T16:00:00Z");
            List<List<String>> out = new ArrayList<>();
            for (var topic : List.of(d.accepted, d.rejected, d.notifications)) {
                List<String> records = new ArrayList<>();
                topic.readRecordsToList().forEach(r -> records.add(r.timestamp() + " " + text(r.key()) + " " + text(r.value())));
                out.add(records);
            }
            return out;
        }
    }

    @Test
    void theTopologyDescriptionInTheDocsIsCurrent() throws Exception {
        String described = EnforcerTopology.build(new io.progressivetrust.policy.Enforcer(Policy.defaults()),
                Topics.defaults(), EnforcerListener.NONE).describe().toString().trim();
        String docs = Files.readString(Path.of("docs/topology.md"), StandardCharsets.UTF_8);
        assertThat(docs).contains(described);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
