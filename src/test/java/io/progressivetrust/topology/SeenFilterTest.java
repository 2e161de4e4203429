package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeenFilterTest {

    private static byte[] key(int i) {
        return ("AC" + (i % 97) + "\0SM" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void neverSaysNoToAKeyItWasGivenAndRarelySaysMaybeToOneItWasNot() {
        SeenFilter filter = new SeenFilter();
        int n = 300_000;   // enough to add several filters of growing size to the generation
        for (int i = 0; i < n; i++) {
            filter.add(7, key(i));
        }
        for (int i = 0; i < n; i++) {
            assertThat(filter.mightContain(7, key(i))).as("key %d", i).isTrue();
        }
        int falsePositives = 0;
        for (int i = n; i < 2 * n; i++) {
            if (filter.mightContain(7, key(i))) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).as("false positives of %d", n).isLessThan(n / 20);
    }

    @Test
    void answersNoForAGenerationItCoversAndMaybeForOneItDoesNot() {
        SeenFilter filter = new SeenFilter();
        filter.add(10, key(1));
        assertThat(filter.mightContain(11, key(1))).as("a newer generation with nothing in it").isFalse();
        for (long g = 11; g < 10 + SeenFilter.GENERATIONS + 1; g++) {
            filter.add(g, key(2));
        }
        // generation 10 has left the filter: the store must be asked again
        assertThat(filter.mightContain(10, key(99))).isTrue();
        assertThat(filter.mightContain(9, key(99))).isTrue();
        assertThat(filter.mightContain(12, key(99))).isFalse();
    }
}
