package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountFrequencyTest {

    @Test
    void countsUsesUpToFifteen() {
        AccountFrequency frequency = new AccountFrequency();
        frequency.ensureCapacity(1000);
        for (int use = 1; use <= 20; use++) {
            frequency.use("AC-busy");
            assertThat(frequency.of("AC-busy")).isEqualTo(Math.min(use, 15));
        }
        frequency.use("AC-quiet");
        assertThat(frequency.of("AC-quiet")).isEqualTo(1);
        assertThat(frequency.of("AC-never")).isZero();
    }

    @Test
    void oldUseFadesAsOtherAccountsAreUsed() {
        AccountFrequency frequency = new AccountFrequency();
        for (int use = 0; use < 12; use++) {
            frequency.use("AC-once-busy");
        }
        for (int i = 0; i < 10 * 16; i++) {   // ten uses per slot of the smallest table: every count is halved once
            frequency.use("AC" + i);
        }
        assertThat(frequency.of("AC-once-busy")).isBetween(6, 11);
    }

    @Test
    void aLargerTableStartsCountingAgain() {
        AccountFrequency frequency = new AccountFrequency();
        frequency.use("AC1");
        frequency.ensureCapacity(16);
        assertThat(frequency.of("AC1")).as("no larger table needed").isEqualTo(1);
        frequency.ensureCapacity(100);
        assertThat(frequency.of("AC1")).isZero();
    }
}
