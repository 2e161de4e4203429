package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.policy.SeenMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seen-message log and its index on RocksDB across task restarts: a SID is found whatever
 * the index lost or missed, the keys of earlier versions still count and expire, and the log
 * forgets what the index forgot while keeping the SIDs of an account whose clock stands still.
 */
class SeenLogTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final long BASE = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    private static final long GENERATION = BASE / HOUR.toMillis();

    @TempDir
    Path dir;

    /** The two stores of one task, opened on {@link #dir}, as Kafka Streams opens them when the task starts. */
    private final class Task implements AutoCloseable {
        final SeenLog log;
        final KeyValueStore<Bytes, byte[]> index;
        final SeenMessageStore seen;

        Task() {
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "seen-test");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
            var context = new MockProcessorContext<>(p, new org.apache.kafka.streams.processor.TaskId(0, 0),
                    dir.resolve("task").toFile()).getStateStoreContext();
            log = new WrappingStoreBuilder<>(EnforcerTopology.SEEN_STORE, SeenLog::new).withLoggingDisabled().build();
            log.init(context, log);
            index = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EnforcerTopology.SEEN_INDEX), Serdes.Bytes(),
                    Serdes.ByteArray()).withLoggingDisabled().build();
            index.init(context, index);
            seen = new SeenMessageStore(log, index, HOUR);
        }

        SeenMessages of(String account) {
            return seen.of(account);
        }

        boolean seen(String account, String sid, long now) {
            return of(account).seenAt(sid, now).isPresent();
        }

        /** What Kafka Streams does before it commits. */
        void commit() {
            log.flushCache();
            log.flush();
            index.flush();
        }

        List<byte[]> logKeys() {
            List<byte[]> keys = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = log.wrapped().all()) {
                it.forEachRemaining(kv -> keys.add(kv.key.get()));
            }
            return keys;
        }

        @Override
        public void close() {
            log.close();
            index.close();
        }
    }

    private static long at(int minutes) {
        return BASE + Duration.ofMinutes(minutes).toMillis();
    }

    @Test
    void aSidIsFoundAfterTheIndexIsLostWithTheTasksLocalFiles() throws Exception {
        try (Task task = new Task()) {
            task.of("AC1").remember("SM1", at(10));
            task.of("AC1").remember("SM2", at(11));
            task.commit();
            task.of("AC1").remember("SM3", at(12));   // never committed: lost with the crash, judged again
        }
        delete(indexDir());
        try (Task task = new Task()) {
            assertThat(task.seen("AC1", "SM1", at(20))).isTrue();
            assertThat(task.seen("AC1", "SM2", at(20))).isTrue();
            assertThat(task.seen("AC1", "SM3", at(20))).isFalse();
            assertThat(task.seen("AC2", "SM1", at(20))).as("another account's SID").isFalse();
        }
    }

    @Test
    void anIndexLeftFromAnEarlierTimeIsBroughtUpToTheLog() throws Exception {
        try (Task task = new Task()) {
            task.of("AC1").remember("SM1", at(10));
            task.commit();
        }
        Path earlier = dir.resolve("earlier");
        copy(indexDir(), earlier);
        try (Task task = new Task()) {    // the task ran elsewhere meanwhile: its log moved on
            task.of("AC1").remember("SM2", at(11));
            task.commit();
        }
        Path index = indexDir();
        delete(index);
        copy(earlier, index);
        try (Task task = new Task()) {
            assertThat(task.seen("AC1", "SM1", at(20))).isTrue();
            assertThat(task.seen("AC1", "SM2", at(20))).isTrue();
        }
    }

    @Test
    void sidsWrittenByEarlierVersionsStillCountAndExpireWithTheirAccount() throws Exception {
        try (Task task = new Task()) {
            task.log.wrapped().put(legacyKey("AC1", GENERATION, "SMold"), SeenKeys.time(at(10)));
            task.commit();
        }
        try (Task task = new Task()) {
            assertThat(task.seen("AC1", "SMold", at(20))).isTrue();
            // the account's clock crosses into the third hour: it forgets the first
            task.of("AC1").forgetUpTo(at(130) - HOUR.toMillis());
            task.commit();
            assertThat(task.logKeys()).noneMatch(k -> k[0] != 0);
            assertThat(task.seen("AC1", "SMold", at(20))).isFalse();
        }
    }

    @Test
    void theLogDropsWhatEveryAccountForgotAndKeepsWhatAnIdleAccountStillNeeds() throws Exception {
        try (Task task = new Task()) {
            task.of("ACidle").remember("SMkept", at(10));
            task.commit();
            for (int hour = 0; hour <= 4; hour++) {
                if (hour >= 2) {
                    task.of("ACbusy").forgetUpTo(at(hour * 60) - HOUR.toMillis());   // as the enforcer does
                }
                for (int i = 0; i < 3; i++) {
                    task.of("ACbusy").remember("SM" + hour + "-" + i, at(hour * 60 + i));
                    task.commit();
                }
            }
            List<Long> hours = task.logKeys().stream().filter(k -> k.length == 17)
                    .map(k -> SeenKeys.batchGeneration(k) - GENERATION).toList();
            // hours 1 and 2 were forgotten by their only account; hour 0 holds the idle account's SID, logged again
            assertThat(hours).containsExactly(0L, 3L, 3L, 3L, 4L, 4L, 4L);
        }
        delete(indexDir());
        try (Task task = new Task()) {
            assertThat(task.seen("ACidle", "SMkept", at(20))).as("the idle account's clock is still in hour 0").isTrue();
            assertThat(task.seen("ACbusy", "SM3-2", at(4 * 60 + 10))).isTrue();
            assertThat(task.seen("ACbusy", "SM1-0", at(4 * 60 + 10))).isFalse();
        }
    }

    /** A key as versions before the log wrote one per SID: account, 0x00, generation, SID. */
    private static Bytes legacyKey(String account, long generation, String sid) {
        byte[] a = account.getBytes(StandardCharsets.UTF_8);
        byte[] s = sid.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(a.length + 9 + s.length).put(a).put((byte) 0)
                .putLong(generation ^ Long.MIN_VALUE).put(s).array());
    }

    private Path indexDir() throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> p.getFileName().toString().equals(EnforcerTopology.SEEN_INDEX)
                    && p.startsWith(dir.resolve("task"))).findFirst().orElseThrow();
        }
    }

    private static void delete(Path tree) throws Exception {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
