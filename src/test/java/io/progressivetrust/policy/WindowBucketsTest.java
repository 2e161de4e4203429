package io.progressivetrust.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowBucketsTest {

    @Test
    void countsPerBucketAndSumsTheNewestOnes() {
        WindowBuckets b = new WindowBuckets();
        b.add(10);
        b.add(10);
        b.add(12);
        b.add(15);

        assertThat(b.size()).isEqualTo(3);
        assertThat(b.count(0)).isEqualTo(2);
        assertThat(b.sumAfter(9)).isEqualTo(4);
        assertThat(b.sumAfter(10)).isEqualTo(2);
        assertThat(b.sumAfter(11)).isEqualTo(2);
        assertThat(b.sumAfter(15)).isZero();
        assertThat(b.firstAfter(12)).isEqualTo(2);
    }

    @Test
    void dropsTheOldestAndKeepsGrowingPastItsCapacity() {
        WindowBuckets b = new WindowBuckets();
        for (long minute = 0; minute < 5_000; minute++) {
            b.add(minute);
            b.dropUpTo(minute - 1440);
        }
        // a full day of minutes: 3560 .. 4999
        assertThat(b.size()).isEqualTo(1440);
        assertThat(b.bucket(0)).isEqualTo(3560);
        assertThat(b.sumAfter(0)).isEqualTo(1440);
    }

    @Test
    void growsFromWhatWasStoredEvenWhenThatWasNothing() {
        WindowBuckets b = WindowBuckets.of(new long[0], new long[0]);
        b.add(3);
        assertThat(b.sumAfter(0)).isEqualTo(1);
    }

    @Test
    void bucketsOfAnotherGranularityAreDropped() {
        WindowBuckets b = new WindowBuckets();
        b.add(29_664_000);    // a minute index, from before pt.window.bucket became 1h
        b.add(494_400);       // an hour index: smaller, though the clock only moved forward
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.sumAfter(0)).isEqualTo(1);
    }

    @Test
    void refusesStoredBucketsOutOfOrder() {
        assertThatThrownBy(() -> WindowBuckets.of(new long[] {2, 1}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
