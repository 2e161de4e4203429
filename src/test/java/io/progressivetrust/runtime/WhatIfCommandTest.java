package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code what-if} as a reviewer of a policy change reads it: the verdicts per score that the
 * change would turn, the accounts it hits, an HTML page, and nothing written to any topic.
 */
class WhatIfCommandTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void aLowerDefaultLimitTurnsTheThirdIntentOfANewScore3AccountAndNothingElse() throws Exception {
        Topics t = KafkaCluster.topics("whatif-");
        cluster.createTopics(t, 2, 2);
        cluster.send(t.reputation(), "ACnew", "{\"score\":3}", "2026-02-01T00:00:00Z");
        cluster.send(t.reputation(), "ACbest", "{\"score\":1}", "2026-02-01T00:00:00Z");
        for (int i = 0; i < 4; i++) {
            cluster.send(t.intents(), "ACnew", EnforcerOnBrokerTest.intent("SMn" + i, "ACnew", null), "2026-02-02T10:0" + i + ":00Z");
            cluster.send(t.intents(), "ACbest", EnforcerOnBrokerTest.intent("SMb" + i, "ACbest", null), "2026-02-02T10:0" + i + ":00Z");
        }
        cluster.send(t.intents(), "ACnew", "{not json", "2026-02-02T11:00:00Z");
        cluster.flush();
        Path config = cluster.configFile("whatif", t, "pt.policy.default-limit=3");
        Path html = Files.createTempFile("what-if", ".html");
        Map<TopicPartition, Long> before = endOffsets(t);

        FailFastTest.Outcome o = FailFastTest.run("what-if", "--config", config.toString(), "--set",
                "pt.policy.default-limit=2", "--html", html.toString());

        assertThat(o.code()).as(o.err()).isZero();
        // score 3, no history: 3 of 4 accepted at the default of 3, 2 of 4 at 2; score 1 is never limited
        assertThat(o.out()).containsPattern("(?m)^3\\s+4\\s+3\\s+2\\s+1\\s+0$");
        assertThat(o.out()).containsPattern("(?m)^1\\s+4\\s+4\\s+4\\s+0\\s+0$");
        assertThat(o.out()).contains("pt.policy.default-limit=2", "Unreadable records skipped: 1", "ACnew");
        assertThat(o.out()).doesNotContain("ACbest");
        assertThat(Files.readString(html)).contains("<svg", "ACnew", "1 lost");
        assertThat(endOffsets(t)).as("nothing written to any topic").isEqualTo(before);

        FailFastTest.Outcome nothing = FailFastTest.run("what-if", "--config", config.toString());
        assertThat(nothing.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(nothing.err()).contains("nothing to compare");
    }

    private static Map<TopicPartition, Long> endOffsets(Topics t) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : t.all()) {
                for (int p = 0; p < 2; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        }
    }
}
