package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressivetrust.topology.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start that fails after the HTTP server is up leaves nothing behind: the port is free again. */
class StartFailureTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void aFailedStartReleasesTheHttpPort() throws Exception {
        Topics t = KafkaCluster.topics("startfail-");
        int port = KafkaCluster.freePort();
        // the topics check passes, the HTTP server binds, then Kafka Streams refuses its configuration
        Settings settings = cluster.settings("startfail", t, Map.of("pt.topics.create", "true",
                "pt.http.port", String.valueOf(port), "pt.http.address", "127.0.0.1", "processing.guarantee", "sometimes"));
        assertThatThrownBy(() -> new EnforcerService(settings).start()).hasMessageContaining("processing.guarantee");

        assertThatCode(() -> {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                again.setReuseAddress(true);
            }
        }).doesNotThrowAnyException();
    }
}
