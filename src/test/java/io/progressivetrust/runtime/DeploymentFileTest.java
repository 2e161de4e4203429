package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.topology.Topics;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no container engine), so it is read and checked against
 * what the rest of the project says: the Kafka version of the pom, three brokers that agree on
 * their quorum and replication, the seven topics with the settings the application creates them
 * with, and two instances configured for failover, scraped by Prometheus.
 */
class DeploymentFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileAgreesWithTheConfigAndThePom() throws Exception {
        Map<String, Object> compose;
        try (Reader in = Files.newBufferedReader(COMPOSE)) {
            compose = new Yaml().load(in);
        }
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("kafka-1", "kafka-2", "kafka-3", "topics", "enforcer-1", "enforcer-2", "prometheus");

        String kafkaVersion = pomProperty("kafka.version");
        Set<String> voters = new HashSet<>();
        for (int n = 1; n <= 3; n++) {
            Map<String, Object> broker = services.get("kafka-" + n);
            assertThat(broker.get("image")).isEqualTo("apache/kafka:" + kafkaVersion);
            Map<String, Object> env = (Map<String, Object>) broker.get("environment");
            assertThat(String.valueOf(env.get("KAFKA_NODE_ID"))).isEqualTo(String.valueOf(n));
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://kafka-" + n + ":9092");
            assertThat(String.valueOf(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"))).isEqualTo("3");
            assertThat(String.valueOf(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))).isEqualTo("3");
            assertThat(String.valueOf(env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"))).isEqualTo("2");
            assertThat(String.valueOf(env.get("KAFKA_MIN_INSYNC_REPLICAS"))).isEqualTo("2");
            voters.add((String) env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        }
        assertThat(voters).containsExactly("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");

        Properties production = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("config/production.properties"))) {
            production.load(in);
        }
        Settings settings = Settings.of(propertiesMap(production));
        String topicsScript = String.join("\n", (List<String>) services.get("topics").get("command"));
        assertThat(services.get("topics").get("image")).isEqualTo("apache/kafka:" + kafkaVersion);
        Topics topics = settings.topics();
        for (String topic : topics.all()) {
            Matcher line = Pattern.compile("(?m)^\\s*create --topic " + Pattern.quote(topic) + "(.*)$").matcher(topicsScript);
            assertThat(line.find()).as("the topics service creates " + topic).isTrue();
            TopicGuard.topicConfig(topics, topic).forEach((k, v) -> {
                if (!k.equals("retention.ms")) {
                    assertThat(line.group(1)).as(topic).contains("--config " + k + "=" + v);
                }
            });
        }
        assertThat(topicsScript).contains("--config retention.ms=-1", "--replication-factor " + settings.replicationFactor(),
                "--partitions " + settings.topicPartitions());
        assertThat(production.getProperty("replication.factor")).isEqualTo("3");
        assertThat(production.getProperty("num.standby.replicas")).isEqualTo("1");
        assertThat(production.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(production.getProperty("bootstrap.servers")).isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");

        for (String name : List.of("enforcer-1", "enforcer-2")) {
            Map<String, Object> app = services.get(name);
            String command = (String) app.get("command");
            assertThat(command).contains("--config /app/config/production.properties",
                    "application.server=" + name + ":" + settings.httpPort(), "group.instance.id=" + name);
            assertThat((List<String>) app.get("volumes")).contains(name + ":" + production.getProperty("state.dir"));
        }
        String prometheus = Files.readString(Path.of("config/prometheus.yml"));
        assertThat(prometheus).contains("enforcer-1:" + settings.httpPort(), "enforcer-2:" + settings.httpPort(), "/metrics");
    }

    private static Map<String, String> propertiesMap(Properties p) {
        Map<String, String> map = new java.util.TreeMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

    private static String pomProperty(String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as(name + " in the pom").isTrue();
        return m.group(1).trim();
    }
}
