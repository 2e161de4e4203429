package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressivetrust.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two instances of one application: any account answers from either, and a departure never gives a 500. */
@Tag("integration")
class TwoInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int ACCOUNTS = 12;
    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void everyAccountAnswersFromBothInstancesAndDuringARebalance() throws Exception {
        Topics t = KafkaCluster.topics("pair-");
        cluster.createTopics(t, 4, 1);
        Map<String, String> policy = Map.of("pt.policy.default-limit", "100");
        try (EnforcerService a = new EnforcerService(cluster.settings("pair", t, policy)).start()) {
            EnforcerService b = new EnforcerService(cluster.settings("pair", t, policy)).start();
            int expected = 0;
            for (int n = 0; n < ACCOUNTS; n++) {
                String account = "ACpair" + n;
                cluster.send(t.reputation(), account, "{\"score\":3}", "2026-06-01T00:00:00Z");
                for (int i = 0; i <= n; i++) {
                    cluster.send(t.intents(), account, EnforcerOnBrokerTest.intent("SM" + n + "-" + i, account, null),
                            "2026-06-10T10:00:00Z");
                    expected++;
                }
            }
            cluster.flush();
            cluster.read(t.accepted(), expected, WAIT);

            for (int port : new int[] {a.httpPort(), b.httpPort()}) {
                for (int n = 0; n < ACCOUNTS; n++) {
                    String path = "/accounts/ACpair" + n;
                    await().atMost(WAIT).until(() -> Http.get(port, path).statusCode() == 200);
                    assertThat(Http.json(Http.get(port, path).body()).get("used").asLong()).isEqualTo(n + 1);
                }
            }

            Map<Integer, Integer> codes = new ConcurrentHashMap<>();
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    for (int n = 0; n < ACCOUNTS; n++) {
                        try {
                            codes.merge(Http.get(a.httpPort(), "/accounts/ACpair" + n).statusCode(), 1, Integer::sum);
                        } catch (Exception e) {
                            codes.merge(-1, 1, Integer::sum);
                        }
                    }
                }
            });
            poller.start();
            b.close();
            List<Long> used = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                used.clear();
                for (int n = 0; n < ACCOUNTS; n++) {
                    var response = Http.get(a.httpPort(), "/accounts/ACpair" + n);
                    if (response.statusCode() != 200) {
                        return false;
                    }
                    used.add(Http.json(response.body()).get("used").asLong());
                }
                return true;
            });
            polling.set(false);
            poller.join();

            assertThat(codes.keySet()).as("status codes while instance b left: %s", codes).isSubsetOf(200, 503);
            assertThat(codes).containsKey(200);
            for (int n = 0; n < ACCOUNTS; n++) {
                assertThat(used.get(n)).isEqualTo(n + 1);
            }
        }
    }
}
