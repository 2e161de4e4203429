package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void helpListsTheCommandsAndExitCodes() {
        FailFastTest.Outcome o = FailFastTest.run("--help");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("run", "local", "Exit codes");
    }

    @Test
    void versionNamesKafkaStreams() {
        FailFastTest.Outcome o = FailFastTest.run("--version");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("progressive-trust", "Kafka Streams 4.4.0");
    }

    @Test
    void runWithoutConfigIsAUsageError() {
        FailFastTest.Outcome o = FailFastTest.run("run");
        assertThat(o.code()).isEqualTo(Main.BAD_CONFIG);
        assertThat(o.err()).contains("--config");
    }

    @Test
    void environmentVariablesSetTheirKeys() {
        assertThat(Settings.fromEnvironment(java.util.Map.of("PT_POLICY_DEFAULT_LIMIT", "5", "PT_ZONE", "Europe/Paris",
                "HOME", "/root"))).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("pt.policy.default-limit", "5",
                "pt.zone", "Europe/Paris"));
    }
}
