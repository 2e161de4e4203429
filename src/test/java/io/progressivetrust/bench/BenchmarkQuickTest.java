package io.progressivetrust.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's quick mode, so that it cannot rot between the runs that matter: a broker and
 * the two applications as processes of their own, a few thousand intents, one round. Its figures
 * are not judged here (a shared machine makes them noise); only that every one was measured.
 */
class BenchmarkQuickTest {

    @Test
    @SuppressWarnings("unchecked")
    void measuresBothApplicationsAndWritesItsReport() throws Exception {
        Map<String, Object> report = Benchmark.run("--quick");

        for (String app : List.of("copy", "enforcer")) {
            Map<String, Object> summary = (Map<String, Object>) report.get(app);
            assertThat((Double) summary.get("intentsPerSecondMedian")).as(app + " rate").isPositive();
            assertThat((Double) summary.get("cpuSecondsPerMillion")).as(app + " CPU").isPositive();
            assertThat((Double) summary.get("peakRssMiB")).as(app + " memory").isPositive();
        }
        Map<String, Object> latency = (Map<String, Object>) report.get("latency");
        assertThat((Long) ((Map<String, Object>) latency.get("enforcer")).get("count")).isPositive();
        assertThat((Long) ((Map<String, Object>) latency.get("copy")).get("count")).isPositive();
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) ((Map<String, Object>) latency.get("enforcer")).get("rounds");
        assertThat(rounds).as("one latency round per round").hasSize(1);
        assertThat((Long) ((Map<String, Object>) rounds.get(0).get("warmUp")).get("count")).as("warm-up measured apart").isPositive();
        assertThat((List<Double>) latency.get("p99RatioByRound")).hasSize(1);
        assertThat((Double) report.get("accountStateBytesPerAccount")).isPositive();
        assertThat(Benchmark.resultFile()).exists();
    }
}
