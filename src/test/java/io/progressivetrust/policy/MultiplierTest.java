package io.progressivetrust.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MultiplierTest {

    @Test
    void computesTheCeilingExactly() {
        // 1.6 x 75 / 60 is exactly 2; in doubles it is 2.0000000000000004 and its ceiling 3
        assertThat(Multiplier.parse("1.6").ceilOfAverage(75, 60)).isEqualTo(2);
        assertThat(Multiplier.parse("1.8").ceilOfAverage(21, 60)).isEqualTo(1);
        assertThat(Multiplier.parse("3.0").ceilOfAverage(61, 60)).isEqualTo(4);
        assertThat(Multiplier.parse("2").ceilOfAverage(60, 60)).isEqualTo(2);
    }

    @Test
    void rejectsWhatIsNotAPositiveDecimal() {
        assertThatThrownBy(() -> Multiplier.parse("abc")).hasMessageContaining("decimal");
        assertThatThrownBy(() -> Multiplier.parse("0")).hasMessageContaining("greater than 0");
        assertThatThrownBy(() -> Multiplier.parse("-1.5")).hasMessageContaining("greater than 0");
    }
}
