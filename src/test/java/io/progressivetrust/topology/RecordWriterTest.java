package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressivetrust.policy.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordWriterTest {

    private static final long YEAR_10000 = 253_402_300_800_000L;

    /** Most verdicts take the short way; it must write what the JSON generator would, byte for byte. */
    @Test
    void plainVerdictsAreWhatTheGeneratorWrites() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            Verdict v = randomVerdict(random);
            byte[] intent = ("{\"messageSid\":\"" + v.messageSid() + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            assertThat(new String(RecordWriter.verdict(v, intent), StandardCharsets.UTF_8))
                    .as("%s", v)
                    .isEqualTo(new String(RecordWriter.generatedVerdict(v, intent), StandardCharsets.UTF_8));
        }
    }

    @Test
    void longExplanationsGrowTheBuffer() {
        String why = "x".repeat(5_000);
        Verdict v = new Verdict("SM1", "AC1", false, true, "sms", true, 3, 10L, 10, 0, why, 86_400_000L);
        byte[] intent = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(RecordWriter.verdict(v, intent)).isEqualTo(RecordWriter.generatedVerdict(v, intent));
    }

    private static Verdict randomVerdict(Random r) {
        boolean overLimit = r.nextInt(3) == 0;
        boolean accepted = !overLimit || r.nextBoolean();   // accepted and over the limit: shadow mode
        Long limit = r.nextInt(5) == 0 ? null : someLong(r);
        return new Verdict("SM" + Long.toHexString(r.nextLong()), "AC" + r.nextInt(1000), accepted, overLimit,
                r.nextBoolean() ? "sms" : "whatsapp", limit != null, r.nextInt(6) == 0 ? null : r.nextInt(5) + 1, limit,
                someLong(r), someInstant(r), overLimit ? "over by " + r.nextInt() : null,
                overLimit && r.nextBoolean() ? someInstant(r) : null);
    }

    /** Counts and limits of every length, and now and then a negative or an extreme one. */
    private static long someLong(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            case 2 -> -1 - r.nextInt(1000);
            case 3 -> Long.MIN_VALUE;
            default -> r.nextLong() >>> r.nextInt(64);
        };
    }

    /** Instants with and without milliseconds, and now and then one outside 1970..9999. */
    private static long someInstant(Random r) {
        long t = Math.floorMod(r.nextLong(), YEAR_10000);
        return switch (r.nextInt(6)) {
            case 0 -> t - t % 1000;
            case 1 -> -t;
            case 2 -> YEAR_10000 + t;
            default -> t;
        };
    }
}
