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
            if (i % 1000 == 0) {
                filter.makeRoom();   // as the owner does between records
            }
        }
        assertThat(falsePositives(filter, n)).as("false positives of %d", n).isLessThan(n / 20);
    }

    @Test
    void aFilterGivenNoRoomStillNeverSaysNoToAKeyItWasGiven() {
        SeenFilter filter = new SeenFilter();
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            filter.add(7, key(i));
        }
        assertThat(falsePositives(filter, n)).as("false positives of %d, overfilled", n).isGreaterThan(n / 20);
    }

    @Test
    void aGenerationPastTheBoundAnswersMaybeToEveryKey() {
        SeenFilter filter = new SeenFilter();
        byte[] key = key(1);
        for (int i = 0; i <= SeenFilter.MAX_ENTRIES; i++) {
            filter.add(7, key);
        }
        filter.add(8, key);
        assertThat(filter.mightContain(7, key(2))).as("before room is made").isFalse();
        filter.makeRoom();
        assertThat(filter.mightContain(7, key(2))).as("past the bound: the store must be asked").isTrue();
        assertThat(filter.mightContain(8, key(2))).as("another generation").isFalse();
    }

    /** Checks every key added is "maybe", and counts how many of as many others are. */
    private static int falsePositives(SeenFilter filter, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(filter.mightContain(7, key(i))).as("key %d", i).isTrue();
        }
        int falsePositives = 0;
        for (int i = n; i < 2 * n; i++) {
            if (filter.mightContain(7, key(i))) {
                falsePositives++;
            }
        }
        return falsePositives;
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
