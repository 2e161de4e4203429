package io.progressivetrust.runtime;

import static org.awaitility.Awaitility.await;

import io.progressivetrust.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The application keeps the accounts it judges decoded in memory and writes them to its store
 * only when Kafka Streams commits. Killed with SIGKILL just after a commit and again a second
 * before one, with a long commit interval so that many accounts have changed since the last one, it
 * still gives every intent exactly one verdict, byte for byte the one an uninterrupted run gives.
 * Also with a cache that holds only some of the accounts, so that accounts leave it dirty and
 * others are judged without entering it, written as they change.
 */
class CommitCrashTest {

    private static final KafkaCluster cluster = KafkaCluster.shared();
    private static final int INTENTS = 30_000;
    private static final long COMMIT_INTERVAL_MS = 3_000;

    /** Also with static membership, where the application asks for transactional stores. */
    @ParameterizedTest(name = "static membership: {0}, {1} accounts, cache {2}")
    @CsvSource({"false, 400, 16MiB", "true, 400, 16MiB", "false, 4000, 1MiB"})   // 1 MiB: too small for the 4,000 accounts
    void killedJustAfterAndJustBeforeACommitItGivesEachVerdictOnceAndTheSameBytes(boolean staticMember, int accounts,
                                                                                 String cacheMemory) throws Exception {
        String id = "commit-crash" + (staticMember ? "-static" : "") + "-" + accounts;
        Topics t = KafkaCluster.topics(id + "-");
        cluster.createTopics(t, 2, 2);
        CrashScenario scenario = new CrashScenario(t, INTENTS, accounts, 13);
        Map<String, byte[]> expected = scenario.expectedVerdicts(Settings.of(Map.of("pt.policy.default-limit", "60")).policy());
        List<String> settings = new ArrayList<>(List.of("pt.policy.default-limit=60", "pt.cache.memory=" + cacheMemory,
                "commit.interval.ms=" + COMMIT_INTERVAL_MS, "max.poll.records=100"));
        if (staticMember) {
            settings.add("group.instance.id=" + id + "-1");
        }
        Path config = cluster.configFile(id, t, settings.toArray(String[]::new));
        // held to a few seconds' work ahead of the application, so that input is left after each kill
        CompletableFuture<Void> feeder = CompletableFuture.runAsync(
                () -> scenario.feed(cluster, 2000, id, 8000));

        try (Instances instances = new Instances()) {
            Process app = instances.start(config);
            long first = awaitNextCommit(scenario, id, 0);
            awaitNextCommit(scenario, id, first);
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // right after a commit

            app = instances.start(config);
            long after = awaitNextCommit(scenario, id, scenario.committedOffsets(cluster, id));
            long committedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    System.nanoTime() - committedAt > TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS - 1000));
            if (scenario.committedOffsets(cluster, id) != after) {
                throw new IllegalStateException("a commit came earlier than its interval: the kill would not test what it says");
            }
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // a second before the next one, 2 s of work in memory

            Path log = Files.createTempFile("pt-crash", ".log");
            instances.start(config, log);
            feeder.get(5, TimeUnit.MINUTES);
            await().atMost(Duration.ofMinutes(3)).until(() -> scenario.committedOffsets(cluster, id) >= INTENTS);
            scenario.assertVerdicts(cluster, expected);
            // the restarted process reads its stores' changelogs, and says how much
            Pattern restored = Pattern.compile("Restored account-state from " + id
                    + "-account-state-changelog-\\d+: [1-9]\\d* records in \\d+ ms");
            await().atMost(Duration.ofMinutes(1)).until(() -> restored.matcher(Files.readString(log)).find());
        }
    }

    /**
     * A commit's writes reach RocksDB only when the next account is loaded. Killed while idle after
     * a commit, with those writes still in memory, the application loses none of them: the first
     * intent after the restart is the one before it sent again, and gets no second verdict, and
     * every account's counts carry on, byte for byte as in an uninterrupted run.
     */
    @Test
    void killedWhileIdleAfterACommitItLosesNothingThatCommitWrote() throws Exception {
        String id = "commit-crash-idle";
        Topics t = KafkaCluster.topics(id + "-");
        cluster.createTopics(t, 2, 2);
        CrashScenario scenario = new CrashScenario(t, 6_000, 200, 17);
        Map<String, byte[]> expected = scenario.expectedVerdicts(Settings.of(Map.of("pt.policy.default-limit", "60")).policy());
        List<CrashScenario.Input> intents = scenario.intentsOnly();
        int split = firstResentAfter(intents, intents.size() / 2);
        Path config = cluster.configFile(id, t, "pt.policy.default-limit=60");
        scenario.controls().forEach(in -> cluster.send(in.topic(), in.key(), in.value(), in.ts()));
        intents.subList(0, split).forEach(in -> cluster.send(in.topic(), in.key(), in.value(), in.ts()));
        cluster.flush();

        try (Instances instances = new Instances()) {
            Process app = instances.start(config);
            await().atMost(Duration.ofMinutes(3)).until(() -> scenario.committedOffsets(cluster, id) >= split);
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // idle since its last commit

            instances.start(config);
            intents.subList(split, intents.size()).forEach(in -> cluster.send(in.topic(), in.key(), in.value(), in.ts()));
            cluster.flush();
            await().atMost(Duration.ofMinutes(3)).until(() -> scenario.committedOffsets(cluster, id) >= intents.size());
            scenario.assertVerdicts(cluster, expected);
        }
    }

    /** The index of the first intent at or after {@code from} that sends the one before it again. */
    private static int firstResentAfter(List<CrashScenario.Input> intents, int from) {
        for (int i = Math.max(1, from); i < intents.size(); i++) {
            if (intents.get(i).value().equals(intents.get(i - 1).value())) {
                return i;
            }
        }
        throw new IllegalStateException("the scenario has no intent sent twice after " + from);
    }

    /** Waits for the group's committed offsets to move past {@code from}; returns where they are. */
    private static long awaitNextCommit(CrashScenario scenario, String id, long from) {
        long[] now = new long[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5)).until(() -> {
            now[0] = scenario.committedOffsets(cluster, id);
            return now[0] > from;
        });
        return now[0];
    }
}
