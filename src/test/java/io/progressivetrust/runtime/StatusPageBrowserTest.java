package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressivetrust.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser: headless Chromium loads it from the
 * running application, looks an account up, and the DOM it ends with is read
 * back; a screenshot is left in target/status-page.png.
 */
@Tag("integration")
class StatusPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static KafkaCluster cluster;

    @BeforeAll
    static void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium)");
        cluster = KafkaCluster.shared();
    }

    @Test
    void showsAnAccountsNumbersAndItsVolumeAgainstTheLimit() throws Exception {
        Topics t = KafkaCluster.topics("page-");
        Settings settings = cluster.settings("page", t, Map.of("pt.topics.create", "true"));
        try (EnforcerService service = new EnforcerService(settings).start()) {
            // 30 a day on 10 days while unenrolled, then score 4: ceil(1.8 x 300 / 60) = 9
            for (int day = 1; day <= 10; day++) {
                for (int i = 0; i < 30; i++) {
                    cluster.send(t.intents(), "ACpage", EnforcerOnBrokerTest.intent("SMh" + day + "-" + i, "ACpage", null),
                            String.format("2026-06-%02dT09:%02d:00Z", day, i));
                }
            }
            cluster.flush();
            cluster.read(t.accepted(), 300, Duration.ofSeconds(60));
            cluster.send(t.reputation(), "ACpage", "{\"score\":4}", "2026-06-11T00:00:00Z");
            for (int i = 0; i < 7; i++) {
                cluster.send(t.intents(), "ACpage", EnforcerOnBrokerTest.intent("SMt" + i, "ACpage", null), "2026-06-20T10:0" + i + ":00Z");
            }
            cluster.flush();
            cluster.read(t.accepted(), 307, Duration.ofSeconds(60));
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/accounts/ACpage").statusCode() == 200);

            String url = "http://127.0.0.1:" + port + "/?account=ACpage";
            String dom = chromium("--dump-dom", url);
            assertThat(text(dom, "score")).isEqualTo("4");
            assertThat(text(dom, "limit")).isEqualTo("9");
            assertThat(text(dom, "used")).isEqualTo("7");
            assertThat(text(dom, "remaining")).isEqualTo("2");
            assertThat(count(dom, "<rect class=\"day\" x=\"[0-9]")).isEqualTo(60); // drawn bars, not the script's template
            assertThat(dom).contains("id=\"limitline\"", "limit 9", "ACpage as of 2026-06-20 10:06:00 UTC");

            Path shot = Path.of("target", "status-page.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            chromium("--screenshot=" + shot, "--window-size=1200,1400", url);
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }

    private static String chromium(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=10000",
                "--user-data-dir=" + Files.createTempDirectory("pt-chromium")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("pt-chromium", ".out");
        Process browser = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(browser.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #%s in %s", id, dom).isTrue();
        return m.group(1);
    }

    private static long count(String dom, String regex) {
        return Pattern.compile(regex).matcher(dom).results().count();
    }
}
