package io.progressivetrust.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    @Test
    void writesEveryInstantAsInstantDoes() {
        long[] edges = {0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000L /* 2000-02-29 */,
            4_107_542_400_000L /* 2100-03-01 */, 253_402_300_799_999L, 253_402_300_800_000L, -1, -86_400_001L, Long.MAX_VALUE};
        for (long t : edges) {
            assertThat(IsoInstant.format(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
        Random random = new Random(5);
        for (int i = 0; i < 1_000_000; i++) {
            long t = Math.floorMod(random.nextLong(), 253_402_300_800_000L);
            if (i % 3 == 0) {
                t -= t % 1000; // whole seconds, written without a fraction
            }
            assertThat(IsoInstant.format(t)).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
    }
}
