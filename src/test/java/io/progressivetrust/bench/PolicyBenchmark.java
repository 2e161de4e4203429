package io.progressivetrust.bench;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.DailyHistory;
import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.policy.Intent;
import io.progressivetrust.policy.Judgement;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.policy.SeenMessages;
import io.progressivetrust.policy.Timeline;
import io.progressivetrust.policy.WindowBuckets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions per second of the policy core alone (no Kafka, no store: the seen-message lookup is
 * answered "not seen" from memory) for one busy account: 60 days of history and a bucket for
 * every minute of its window. {@code accepted}: the account sends 40 SMS a minute under a limit
 * of 80,000 a day, so every intent fits; {@code rejected}: its limit is 1,000 and every intent is
 * turned away, which also tells when the window next has room: worked out by walking the window
 * for the first rejection of a day, then reused while only the clock moves, as for a real busy
 * account over its limit.
 *
 * <p>Run with {@code scripts/policy-benchmark.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyBenchmark {

    private static final long MINUTE = 60_000;
    private static final long DAY = 1440 * MINUTE;
    private static final SeenMessages NEVER_SEEN = new SeenMessages() {
        @Override
        public OptionalLong seenAt(String messageSid, long now) {
            return OptionalLong.empty();
        }

        @Override
        public void remember(String messageSid, long at) { }

        @Override
        public void forgetUpTo(long cutoff) { }
    };

    @Param({"accepted", "rejected"})
    public String outcome;

    private Enforcer enforcer;
    private AccountState state;
    private Intent intent;
    private long t;

    @Setup
    public void busyAccount() {
        enforcer = new Enforcer(Policy.defaults());
        t = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();
        long today = Math.floorDiv(t, DAY);
        boolean fits = outcome.equals("accepted");
        long[] days = new long[60];
        long[] dayCounts = new long[60];
        for (int d = 0; d < 60; d++) {
            days[d] = today - 60 + d;
            dayCounts[d] = fits ? 40_000 : 0;   // score 3: twice the 60-day average, or the default 1,000
        }
        long[] buckets = new long[1440];
        long[] bucketCounts = new long[1440];
        long now = Math.floorDiv(t, MINUTE);
        for (int b = 0; b < 1440; b++) {
            buckets[b] = now - 1439 + b;
            bucketCounts[b] = 40;
        }
        state = new AccountState(t, Timeline.of(List.of(new Timeline.Version<>(t - 90 * DAY, 3))), new Timeline<>(),
                DailyHistory.of(days, dayCounts), WindowBuckets.of(buckets, bucketCounts), AccountState.NOT_SENT,
                AccountState.NOT_SENT);
        intent = new Intent("SM1", "AC1", "sms");
    }

    @Benchmark
    public Optional<Judgement> judge() {
        t += 1_500;   // 40 intents a minute, as the window holds
        return enforcer.judge(state, intent, t, NEVER_SEEN);
    }
}
