package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code local} as a user runs it: its own process, another client producing to its broker, SIGTERM to stop. */
@Tag("integration")
class LocalProcessTest {

    private static final Pattern BROKER = Pattern.compile("Kafka broker: (127\\.0\\.0\\.1:\\d+)");

    @Test
    void otherClientsProduceToTheLocalBrokerAndTheApiAnswers() throws Exception {
        int http = KafkaCluster.freePort();
        Path out = Files.createTempFile("pt-local", ".log");
        // with the example configuration, as the README suggests
        Process local = KafkaCluster.startMain(out, "local", "--config", "config/application.properties", "--port", "0",
                // not under the system's temporary folder, which Kafka Streams warns about for its state
                "--data-dir", Files.createTempDirectory(Path.of("target"), "pt-local").toString(), "--set", "pt.http.port=" + http);
        try {
            String[] bootstrap = new String[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = BROKER.matcher(Files.readString(out, StandardCharsets.UTF_8));
                bootstrap[0] = m.find() ? m.group(1) : null;
                return bootstrap[0] != null;
            });
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Http.get(http, "/health").statusCode() == 200);

            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap[0]);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                long t = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
                producer.send(new ProducerRecord<>("trust-reputation", null, t, "AClocal", "{\"score\":5}"));
                producer.send(new ProducerRecord<>("sms-send-intents", null, t + 1000, "AClocal",
                        EnforcerOnBrokerTest.intent("SM1", "AClocal", null)));
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> Http.json(Http.get(http, "/accounts/AClocal").body()).get("used").asLong() == 1);
            var status = Http.json(Http.get(http, "/accounts/AClocal").body());
            assertThat(status.get("score").asInt()).isEqualTo(5);
            assertThat(status.get("dailyLimit").asLong()).isEqualTo(1000);
        } finally {
            local.destroy();
            assertThat(local.waitFor(90, TimeUnit.SECONDS)).as("local stopped in time").isTrue();
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(log).contains("PENDING_SHUTDOWN -> NOT_RUNNING");
        // a start and a stop that went well look like it: nothing that reads as trouble
        assertThat(log).doesNotContain(" WARN ", " ERROR ");
    }
}
