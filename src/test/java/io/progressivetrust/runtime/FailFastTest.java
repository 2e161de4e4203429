package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way the application refuses to start: one clear message and a meaningful exit code. */
@Tag("integration")
class FailFastTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    record Outcome(int code, String out, String err) { }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Path config(String... lines) throws Exception {
        Path file = Files.createTempFile("pt", ".properties");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void anUnknownSettingIsNamed() throws Exception {
        Outcome o = run("run", "--config", config("bootstrap.servers=127.0.0.1:1", "pt.polcy.default-limit=5").toString());
        assertThat(o.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(o.err()).contains("Unknown setting pt.polcy.default-limit").doesNotContain("\tat ");
    }

    @Test
    void aReplacedSettingSaysWhatReplacedIt() throws Exception {
        Outcome o = run("run", "--config", config("bootstrap.servers=127.0.0.1:1", "pt.cache.accounts=20000").toString());
        assertThat(o.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(o.err()).contains("pt.cache.accounts is no longer a setting: use pt.cache.memory").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pt.policy.unenrolled=7            | pt.policy.unenrolled",
        "pt.policy.default-limit=-1        | pt.policy.default-limit",
        "pt.policy.multiplier.3=abc        | pt.policy.multiplier.3",
        "pt.policy.history-days=0          | pt.policy.history-days",
        "pt.window=weekly                  | pt.window",
        "pt.window.bucket=7m               | window bucket must divide 24h",
        "pt.zone=Mars/Olympus              | pt.zone",
        "pt.dedupe.retention=soon          | pt.dedupe.retention",
        "pt.mode=loud                      | pt.mode",
        "pt.http.port=70000                | pt.http.port",
        "pt.policy.average=weekly          | pt.policy.average",
        "pt.cache.memory=0                 | pt.cache.memory",
        "pt.rocksdb.memory=lots            | pt.rocksdb.memory",
        "pt.http.account-pattern=[         | pt.http.account-pattern",
    })
    void aBadValueIsRefusedWithWhatToWriteInstead(String setting, String named) throws Exception {
        Outcome o = run("run", "--config", config("bootstrap.servers=127.0.0.1:1").toString(), "--set", setting.trim());
        assertThat(o.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(o.err()).startsWith("Configuration error:").contains(named.trim()).doesNotContain("\tat ");
    }

    @Test
    void aBadKafkaStreamsSettingIsAConfigurationErrorToo() throws Exception {
        Topics t = KafkaCluster.topics("badstreams-");
        KafkaCluster cluster = KafkaCluster.shared();
        Outcome o = run("run", "--config", cluster.configFile("badstreams", t, "pt.topics.create=true",
                "processing.guarantee=sometimes").toString());
        assertThat(o.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(o.err()).startsWith("Configuration error:").contains("processing.guarantee").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileOrBootstrapIsNamed() throws Exception {
        assertThat(run("run", "--config", "/nonexistent/pt.properties").err()).contains("/nonexistent/pt.properties");
        Outcome noBootstrap = run("run", "--config", config("pt.mode=shadow").toString());
        assertThat(noBootstrap.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(noBootstrap.err()).contains("bootstrap.servers is not set");
    }

    @Test
    void missingTopicsAreNamedWithTheCommandThatCreatesThem() throws Exception {
        Topics t = KafkaCluster.topics("missing-");
        cluster.createTopics(Map.of(t.intents(), 2, t.accepted(), 2));
        Outcome o = run(args(t));
        assertThat(o.code()).isEqualTo(Main.BAD_CLUSTER);
        assertThat(o.err()).contains("Missing topics", t.reputation(), t.grants(), t.rejected(), "kafka-topics.sh",
                "--topic " + t.reputation(), "cleanup.policy=compact", "pt.topics.create=true");
        assertThat(o.err()).doesNotContain("--topic " + t.intents() + " ");
    }

    @Test
    void inputsWithDifferentPartitionCountsAreRefused() throws Exception {
        Topics t = KafkaCluster.topics("mismatch-");
        cluster.createTopics(Map.of(t.intents(), 3, t.reputation(), 2, t.grants(), 3, t.accepted(), 1,
                t.rejected(), 1, t.notifications(), 1, t.deadLetters(), 1));
        Outcome o = run(args(t));
        assertThat(o.code()).isEqualTo(Main.BAD_CLUSTER);
        assertThat(o.err()).contains("same number of partitions", t.reputation() + "=2", t.intents() + "=3");
    }

    @Test
    void createdInputsArePartitionedLikeTheExistingOnes() throws Exception {
        Topics t = KafkaCluster.topics("created-");
        cluster.createTopics(Map.of(t.intents(), 2));
        new TopicGuard(cluster.settings("created", t, Map.of("pt.topics.create", "true"))).check();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
            var described = admin.describeTopics(List.of(t.reputation(), t.grants(), t.accepted())).allTopicNames().get();
            assertThat(described.get(t.reputation()).partitions()).hasSize(2);
            assertThat(described.get(t.grants()).partitions()).hasSize(2);
            assertThat(described.get(t.accepted()).partitions()).hasSize(3);
            var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t.reputation()))).all().get().values()
                    .iterator().next();
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        }
    }

    @Test
    void anUnreachableBrokerIsReportedInTime() throws Exception {
        Outcome o = run("run", "--config", config("bootstrap.servers=127.0.0.1:1", "default.api.timeout.ms=2000").toString());
        assertThat(o.code()).isEqualTo(Main.BAD_CLUSTER);
        assertThat(o.err()).contains("Cannot reach Kafka at 127.0.0.1:1");
    }

    @Test
    void aClientSettingKafkaRefusesIsAConfigurationError() throws Exception {
        // Kafka Streams' clients refuse a default.api.timeout.ms below request.timeout.ms (30 s by default),
        // wrapped in "Failed to create new KafkaAdminClient"
        Topics t = KafkaCluster.topics("badclient-");
        Outcome o = run("run", "--config", KafkaCluster.shared().configFile("badclient", t, "pt.topics.create=true",
                "default.api.timeout.ms=2000").toString());
        assertThat(o.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(o.err()).startsWith("Configuration error:").contains("default.api.timeout.ms").doesNotContain("\tat ");
    }

    private static String[] args(Topics t) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--config", config("bootstrap.servers=" + cluster.bootstrap()).toString()));
        KafkaCluster.topicSettings(t).forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args.toArray(String[]::new);
    }
}
