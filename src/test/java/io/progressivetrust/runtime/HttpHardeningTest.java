package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressivetrust.topology.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side as it faces a network: account SIDs checked before any lookup, a bearer token for
 * /accounts when one is set, while probes and Prometheus keep working without it.
 */
class HttpHardeningTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void accountsNeedTheTokenAndAWellFormedSidWhileHealthAndMetricsStayOpen() throws Exception {
        Topics t = KafkaCluster.topics("http-");
        Settings settings = cluster.settings("http", t, Map.of("pt.topics.create", "true", "pt.http.token", "s3cret",
                "pt.http.address", "127.0.0.1"));
        try (EnforcerService service = new EnforcerService(settings).start()) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health/ready").statusCode() == 200);
            assertThat(Http.get(port, "/health/live").statusCode()).isEqualTo(200);
            assertThat(Http.get(port, "/metrics").statusCode()).isEqualTo(200);

            assertThat(Http.get(port, "/accounts/AC1").statusCode()).isEqualTo(401);
            assertThat(Http.get(port, "/accounts/AC1", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(Http.get(port, "/accounts/AC1", "Bearer s3cret").statusCode()).isEqualTo(200);
            assertThat(Http.get(port, "/accounts/ACc-sub_2.x", "Bearer s3cret").statusCode()).isEqualTo(200);

            for (String bad : new String[] {"..%2F..%2Fetc%2Fpasswd", "AC1%00", "AC1/extra", "AC%20x",
                "AC" + "1".repeat(20_000)}) {
                assertThat(Http.get(port, "/accounts/" + bad, "Bearer s3cret").statusCode()).as(bad.length() > 40
                        ? bad.length() + " characters" : bad).isEqualTo(400);
            }
        }
    }
}
